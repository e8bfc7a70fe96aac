/**
 * Proof by cloud-init: a NoCloud seed (`renderNoCloudFiles`: user-data, meta-data, network-config,
 * vendor-data) written to a directory is read by Debian cloud-init 22.4's DataSourceNoCloud, both as its seed directory and
 * through `seedfrom: file://`, and yields exactly what was rendered.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeUserData } from "../../src/render/mime";
import { deliveredNetworkConfig } from "../../src/render/network-delivery";
import { renderNoCloudFiles } from "../../src/render/nocloud";
import { requireCloudInit, runPython } from "../helpers/cloud-init";
import { renderCorpus } from "./corpus-documents";

interface DatasourceView {
  seed: string;
  instanceId: string;
  hostname: string;
  metadata: Record<string, unknown>;
  publicKeys: string[];
  userdataRaw: string;
  vendordataRaw: string | null;
  networkConfig: unknown;
}

const corpus = renderCorpus();
const names = corpus.map((e) => e.name);
let root: string;
let read: Record<string, { seedDir: DatasourceView; seedFrom: DatasourceView }>;

beforeAll(() => {
  requireCloudInit();
  root = mkdtempSync(join(tmpdir(), "nocloud-seed-"));
  const input = corpus.map(({ name, docs }) => {
    const dir = join(root, name);
    const files = renderNoCloudFiles(docs);
    // One directory per spec, laid out like the cidata volume.
    mkdirSync(dir);
    for (const [file, data] of files) writeFileSync(join(dir, file), data);
    return { name, dir };
  });
  const script = readFileSync(join(__dirname, "read_nocloud_seed.py"), "utf8");
  const result = runPython(script, { input: JSON.stringify(input) });
  if (result.status !== 0) throw new Error(`DataSourceNoCloud failed:\n${result.stderr}`);
  read = JSON.parse(result.stdout);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function entry(name: string) {
  const found = corpus.find((e) => e.name === name);
  const result = read[name];
  if (!found || !result) throw new Error(`no result for corpus spec ${name}`);
  return { ...found, result };
}

describe.each(["seedDir", "seedFrom"] as const)("DataSourceNoCloud reading the seed (%s)", (mode) => {
  it.each(names)("gives %s the rendered instance-id, local-hostname and public keys", (name) => {
    const { docs, result } = entry(name);
    const view = result[mode];
    expect(view.seed).toContain(mode === "seedDir" ? "/seed/nocloud" : "file://");
    expect(view.instanceId).toBe(docs.instanceId);
    expect(view.metadata["local-hostname"]).toBe(docs.hostname);
    expect(view.hostname).toBe(docs.hostname);
    expect(view.publicKeys).toEqual(docs.publicKeys);
    expect(view.metadata["bootstrapped-vm"] ?? {}).toEqual(docs.metadata);
  });

  it.each(names)("gives %s the user-data bytes and vendor-data unchanged", (name) => {
    const { docs, result } = entry(name);
    const view = result[mode];
    expect(Buffer.from(view.userdataRaw, "base64").equals(encodeUserData(docs))).toBe(true);
    const vendor =
      view.vendordataRaw === null ? undefined : Buffer.from(view.vendordataRaw, "base64").toString("utf8");
    expect(vendor).toEqual(docs.vendorData);
  });
});

describe("DataSourceNoCloud's network config", () => {
  it.each(names)(
    "is the delivered network config (v2, or v1 where v2 routes bind wrongly) for %s",
    (name) => {
      const { docs, result } = entry(name);
      expect(result.seedDir.networkConfig).toEqual(
        docs.network ? deliveredNetworkConfig(docs.network).document : null,
      );
    },
  );
});
