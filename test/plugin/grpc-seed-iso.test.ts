/**
 * The seed ISO from another language: the provider plugin started as the nodejs language host starts it
 * (plugin-process.ts; a project without node_modules, as a Python project is), a BootstrappedVm with
 * `seedImage` or vSphere `nocloudIso` constructed over gRPC, and the `SeedIsoFile` custom resource it
 * registers then checked, created, diffed, read and deleted over gRPC with exactly the inputs the monitor
 * received — what the engine does during `pulumi up`/`refresh`/`destroy` of a Python program.
 * Secrets on the wire are `{ [specialSigKey]: specialSecretSig, value }` (@pulumi/pulumi runtime/rpc.js).
 * Needs the build (`npm test` builds first).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import { seedIsoProvider } from "../../src/seed-image/provider";
import type { SeedIsoInputs, SeedIsoOutputs } from "../../src/seed-image/types";
import { cliNoCloudIso } from "../cli/cli-harness";
import { sampleSpec } from "../seed-image/sample-spec";
import type { FakeEngine, Registration } from "./fake-engine";
import { startPluginSession, stopPluginSession, unary, type PluginSession } from "./plugin-process";

const COMPONENT = "bootstrapped-vm:index:BootstrappedVm";
const SEED_ISO_FILE = "bootstrapped-vm:index:SeedIsoFile";
const SIG = pulumi.runtime.specialSigKey;
const SECRET = pulumi.runtime.specialSecretSig;

type Wire = Record<string, unknown>;
/** The ISO's volume identifier (ECMA-119 8.4.6: 32 bytes at 0x8028, padded with spaces). */
const volumeId = (file: string) => readFileSync(file).subarray(0x8028, 0x8048).toString("latin1").trimEnd();
const struct = (v: unknown) => structproto.Struct.fromJavaScript(v as never);
const isSecret = (v: unknown) => typeof v === "object" && v !== null && (v as Wire)[SIG] === SECRET;
/** The value with every wire secret unwrapped (what the dynamic provider is handed). */
function plain<T>(v: unknown): T {
  if (isSecret(v)) return plain((v as Wire).value);
  if (Array.isArray(v)) return v.map(plain) as T;
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) as T;
  }
  return v as T;
}

describe("seed ISOs from another language: the plugin's SeedIsoFile over gRPC, from a project without node_modules", () => {
  let session: PluginSession | undefined;
  let project: string;
  let engine: FakeEngine;
  let client: providerRpc.ResourceProviderClient;

  beforeAll(async () => {
    session = await startPluginSession("bvm-python-seed-");
    ({ project, engine, client } = session);
  }, 120_000);

  afterAll(() => stopPluginSession(session));

  /** Constructs a BootstrappedVm `name` with these inputs; returns its URN and its SeedIsoFile registration. */
  async function construct(name: string, inputs: Wire): Promise<{ urn: string; iso: Registration }> {
    const req = new providerProto.ConstructRequest();
    req.setProject("seed");
    req.setStack("dev");
    req.setType(COMPONENT);
    req.setName(name);
    req.setDryrun(false);
    req.setParallel(1);
    req.setMonitorendpoint(engine.monitorAddress);
    req.setInputs(struct(inputs));
    const res = await unary<providerProto.ConstructResponse>((cb) => client.construct(req, cb));
    const urn = res.getUrn();
    const isos = engine.registrations.filter((r) => r.parent === urn && r.type === SEED_ISO_FILE);
    expect(isos).toHaveLength(1);
    return { urn, iso: isos[0] as Registration };
  }
  const isoUrn = (name: string) => `urn:pulumi:dev::seed::${COMPONENT}$${SEED_ISO_FILE}::${name}`;

  async function check(urn: string, news: Wire): Promise<providerProto.CheckResponse> {
    const req = new providerProto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(struct({}));
    req.setNews(struct(news));
    return unary((cb) => client.check(req, cb));
  }
  async function create(urn: string, props: Wire): Promise<{ id: string; outs: Wire }> {
    const req = new providerProto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(struct(props));
    const res = await unary<providerProto.CreateResponse>((cb) => client.create(req, cb));
    return { id: res.getId(), outs: res.getProperties()?.toJavaScript() as Wire };
  }
  async function diff(urn: string, id: string, olds: Wire, news: Wire) {
    const req = new providerProto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await unary<providerProto.DiffResponse>((cb) => client.diff(req, cb));
    const changes = res.getChanges() === providerProto.DiffResponse.DiffChanges.DIFF_SOME;
    return { changes, replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  }
  async function read(urn: string, id: string, props: Wire) {
    const req = new providerProto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(struct(props));
    const res = await unary<providerProto.ReadResponse>((cb) => client.read(req, cb));
    return { id: res.getId(), props: res.getProperties()?.toJavaScript() as Wire };
  }
  async function remove(urn: string, id: string, props: Wire): Promise<void> {
    const req = new providerProto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(struct(props));
    await unary((cb) => client.delete(req, cb));
  }

  it("constructs a seedImage VM whose ISO is a SeedIsoFile with secret files, then checks, creates, diffs, reads and deletes it like the dynamic provider", async () => {
    const spec = sampleSpec();
    const path = join(project, "out", "web-01.iso");
    const { urn: vmUrn, iso } = await construct("web", { bootstrap: spec, seedImage: { path } });
    expect(iso).toMatchObject({ name: "web-seed", custom: true, parent: vmUrn });
    expect(iso.additionalSecretOutputs).toEqual(expect.arrayContaining(["sha256", "documentsHash"]));
    expect(iso.inputs).toMatchObject({ path, format: "nocloud", fileMode: 0o600 });
    expect(isSecret(iso.inputs.files)).toBe(true);
    expect(JSON.stringify(iso.inputs)).not.toContain("correct-horse-battery-staple");
    expect(existsSync(path)).toBe(false); // Construct registers; only Create writes

    const urn = isoUrn("web-seed");
    const checked = await check(urn, iso.inputs);
    expect(checked.getFailuresList()).toEqual([]);
    const inputs = checked.getInputs()?.toJavaScript() as Wire;
    expect(isSecret(inputs.files)).toBe(true);

    const created = await create(urn, inputs);
    expect(created.id).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(isSecret(created.outs.sha256)).toBe(true);
    expect(isSecret(created.outs.documentsHash)).toBe(true);
    expect(created.outs).not.toHaveProperty("files");
    const specFile = join(project, "spec.json");
    writeFileSync(specFile, JSON.stringify(spec));
    const cliIso = cliNoCloudIso(specFile, join(project, "cli.iso"));
    expect(readFileSync(path).equals(cliIso)).toBe(true);
    expect(created.outs.size).toBe(cliIso.length);

    // Diff: the same answers as the dynamic provider for the same olds and news.
    const olds = created.outs;
    const files = plain<SeedIsoInputs>(inputs).files;
    const changedFiles = files.map((f) =>
      f.path === "user-data" ? { ...f, content: `${f.content ?? ""}\n# changed\n` } : f,
    );
    const cases: Wire[] = [
      inputs,
      { ...inputs, files: { [SIG]: SECRET, value: changedFiles } },
      { ...inputs, path: join(project, "elsewhere.iso") },
    ];
    const expected = [
      { changes: false, replaces: [] },
      { changes: true, replaces: [] },
      { changes: true, replaces: ["path"] },
    ];
    for (const [i, news] of cases.entries()) {
      const overGrpc = await diff(urn, path, olds, news);
      const dynamic = await seedIsoProvider.diff!(
        path,
        plain<SeedIsoOutputs>(olds),
        plain<SeedIsoInputs>(news),
      );
      expect(overGrpc).toEqual({ ...expected[i], deleteBeforeReplace: false });
      expect(overGrpc).toEqual({ ...dynamic, replaces: dynamic.replaces ?? [] });
    }

    const refreshed = await read(urn, path, olds);
    expect(refreshed).toEqual({ id: path, props: olds });

    await remove(urn, path, olds);
    expect(existsSync(path)).toBe(false);
    expect((await read(urn, path, olds)).id).toBe("");
  }, 180_000);

  it("constructs a vSphere nocloudIso VM whose local ISO is a SeedIsoFile uploaded by the File resource", async () => {
    const bootstrap = { hostname: "old-01", network: { interfaces: [{ dhcp4: true }] } };
    const localPath = join(project, "old-01.iso");
    const { urn: vmUrn, iso } = await construct("legacy", {
      bootstrap,
      vsphere: {
        resourcePoolId: "resgroup-8",
        datastoreId: "datastore-12",
        numCpus: 2,
        memory: 2048,
        guestId: "ubuntu64Guest",
        networkInterfaces: [{ networkId: "network-3" }],
        disks: [{ label: "disk0", size: 20 }],
        clone: { templateUuid: "4217c5a0-template" },
        transport: "nocloudIso",
        nocloudIso: { datastore: "ds-iso", datacenter: "dc-1", localPath },
      },
    });
    expect(iso).toMatchObject({ name: "legacy-seed-iso", custom: true, parent: vmUrn });
    expect(iso.inputs).toMatchObject({ path: localPath, format: "nocloud", fileMode: 0o644 });
    const upload = engine.registrations.find((r) => r.parent === vmUrn && r.name === "legacy-seed-iso-file");
    expect(upload?.inputs.sourceFile).toBe(localPath);

    const urn = isoUrn("legacy-seed-iso");
    const created = await create(urn, iso.inputs);
    expect(volumeId(localPath)).toBe("cidata");
    await remove(urn, created.id, created.outs);
    expect(existsSync(localPath)).toBe(false);
  }, 180_000);

  it("constructs a config-drive seedImage VM whose SeedIsoFile writes a config-2 image", async () => {
    const path = join(project, "cd-01.iso");
    const bootstrap = {
      hostname: "cd-01",
      network: { interfaces: [{ macAddress: "52:54:00:12:34:57", dhcp4: true }] },
    };
    const { iso } = await construct("cd", { bootstrap, seedImage: { format: "configDrive", path } });
    expect(iso.inputs).toMatchObject({ path, format: "configDrive", fileMode: 0o644 });
    expect(isSecret(iso.inputs.files)).toBe(false);
    const urn = isoUrn("cd-seed");
    const created = await create(urn, iso.inputs);
    expect(volumeId(path)).toBe("config-2");
    expect(isSecret(created.outs.sha256)).toBe(false);
    await remove(urn, created.id, created.outs);
    expect(existsSync(path)).toBe(false);
  }, 60_000);

  it("answers a preview with unknown values: Check passes them through, Diff reports an update, or a replacement when the path is unknown", async () => {
    const urn = isoUrn("preview-seed");
    const unknown = pulumi.runtime.unknownValue;
    const path = join(project, "preview.iso");
    const news = { path, format: "nocloud", files: unknown, fileMode: 0o644 };
    const checked = await check(urn, news);
    expect(checked.getFailuresList()).toEqual([]);
    expect(checked.getInputs()?.toJavaScript()).toEqual(news);
    const olds = { path, format: "nocloud", documentsHash: "d", sha256: "s", size: 1, fileMode: 0o644 };
    expect(await diff(urn, path, olds, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await diff(urn, path, olds, { ...news, path: unknown })).toEqual({
      changes: true,
      replaces: ["path"],
      deleteBeforeReplace: false,
    });
    expect(existsSync(path)).toBe(false);
  }, 60_000);

  it("refuses a resource type it does not manage", async () => {
    const error = await create("urn:pulumi:dev::seed::bootstrapped-vm:index:Other::x", {}).then(
      () => undefined,
      (e: grpc.ServiceError) => e,
    );
    expect(error?.details).toMatch(/unknown resource type bootstrapped-vm:index:Other/);
  }, 60_000);
});
