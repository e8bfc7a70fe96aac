/**
 * The provider plugin driven exactly as Pulumi drives it for a Python, Go, .NET or YAML program, without
 * the CLI. The nodejs language host's RunPlugin (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go,
 * `RunPlugin`, at 1b59498: lines 1607-1740) runs `node <@pulumi/pulumi/cmd/run-plugin resolved from the
 * plugin directory> <plugin directory> <args>` with the working directory set to the user's project
 * (`cmd.Dir = req.Pwd`); the engine passes its own address as the argument, and the plugin prints its port.
 * Here the project is a temporary directory with no node_modules (a Python project's), the engine and
 * resource monitor are fakes (fake-engine.ts), and GetSchema and Construct go over gRPC.
 * Needs the build (`npm test` builds first): the plugin runs the package's built JavaScript.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as pulumi from "@pulumi/pulumi";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as aliasProto from "@pulumi/pulumi/proto/alias_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import type { FakeEngine } from "./fake-engine";
import { startPluginSession, stopPluginSession, unary, type PluginSession } from "./plugin-process";

const root = resolve(__dirname, "../..");
const TYPE = "bootstrapped-vm:index:BootstrappedVm";

/**
 * Adds an alias to a ConstructRequest in the form the loaded SDK's provider protocol carries it: an Alias
 * message (field 29) in newer SDKs, the alias's URN as a string (field 14) in older ones (3.208.0, the
 * declared floor), whose generated code refuses to serialize a message there.
 */
function addAlias(req: providerProto.ConstructRequest, urn: string): void {
  const alias = new aliasProto.Alias();
  alias.setUrn(urn);
  const add = req.addAliases as unknown as (value: unknown) => unknown;
  const probe = new providerProto.ConstructRequest();
  (probe.addAliases as unknown as (value: unknown) => unknown).call(probe, alias);
  try {
    probe.serializeBinary();
    add.call(req, alias);
  } catch {
    add.call(req, urn);
  }
}

describe("the provider plugin started as the nodejs language host starts it, from a project without node_modules", () => {
  let session: PluginSession | undefined;
  let project: string;
  let engine: FakeEngine;
  let client: providerRpc.ResourceProviderClient;

  beforeAll(async () => {
    session = await startPluginSession("bvm-python-project-");
    ({ project, engine, client } = session);
  }, 120_000);

  afterAll(() => stopPluginSession(session));

  it("runs from a directory with no node_modules above it", () => {
    let dir = project;
    while (dir !== resolve(dir, "..")) {
      expect(existsSync(join(dir, "node_modules"))).toBe(false);
      dir = resolve(dir, "..");
    }
  });

  it("answers GetSchema with the committed package schema", async () => {
    const res = await unary<providerProto.GetSchemaResponse>((cb) =>
      client.getSchema(new providerProto.GetSchemaRequest(), cb),
    );
    expect(JSON.parse(res.getSchema())).toEqual(
      JSON.parse(readFileSync(join(root, "schema", "pulumi-package.json"), "utf8")),
    );
  }, 60_000);

  /** A ConstructRequest for `name` with these component inputs, aimed at the fake monitor. */
  function constructRequest(inputs: Record<string, unknown>, name = "web"): providerProto.ConstructRequest {
    const req = new providerProto.ConstructRequest();
    req.setProject("seed");
    req.setStack("dev");
    req.setType(TYPE);
    req.setName(name);
    req.setDryrun(true);
    req.setParallel(1);
    req.setMonitorendpoint(engine.monitorAddress);
    req.setInputs(structproto.Struct.fromJavaScript(inputs as structproto.JavaScriptValue as never));
    return req;
  }
  const bootstrap = {
    hostname: "web-01",
    network: { interfaces: [{ dhcp4: true }] },
    users: [
      {
        name: "ops",
        sudo: ["ALL=(ALL) NOPASSWD:ALL"],
        sshAuthorizedKeys: [
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ4Ex5XwY2dZmzfQf0LZ8wZyUq6I6pG3v4RmMZm0bQh ops@example.com",
        ],
      },
    ],
  };

  it("constructs a BootstrappedVm: registers the component and its platform resources, returns the rendered outputs", async () => {
    const req = constructRequest({
      bootstrap,
      proxmox: {
        nodeName: "pve1",
        snippetsDatastoreId: "local",
        clone: { vmId: 9000 },
        networkDevices: [{ bridge: "vmbr0" }],
      },
    });
    const res = await unary<providerProto.ConstructResponse>((cb) => client.construct(req, cb));
    const urn = res.getUrn();
    expect(urn).toBe(`urn:pulumi:test::plugin::${TYPE}::web`);
    const state = res.getState()?.toJavaScript() as Record<string, unknown>;
    expect(state.userData).toMatch(/^#cloud-config\n/);
    expect(state.userData).toContain("web-01");
    expect(state.userData).toContain("ALL=(ALL) NOPASSWD:ALL");
    expect(engine.registrations.find((r) => r.type === TYPE)).toMatchObject({ name: "web", custom: false });
    const children = engine.registrations.filter((r) => r.parent === urn).map((r) => r.type);
    expect(children).toEqual(expect.arrayContaining(["proxmoxve:index/vmLegacy:VmLegacy"]));
  }, 120_000);

  // The wire forms of @pulumi/pulumi's runtime/rpc.js: a secret, and an output value.
  const SIG = "4dabf18193072939515e22adb298388d";
  const SECRET = "1b47061264138c4ac30d75fd1eb44270";
  const OUTPUT_VALUE = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
  const proxmox = {
    nodeName: "pve1",
    snippetsDatastoreId: "local",
    clone: { vmId: 9000 },
    networkDevices: [{ bridge: "vmbr0" }],
  };
  const DEP = "urn:pulumi:dev::seed::pkg:index:Res::upstream";

  it("constructs a BootstrappedVm whose platform argument arrives as one Output (secret, or with dependencies): its fields reach the VM, secret and depending as the whole was", async () => {
    // The provider server wraps a top-level input in an Output when it is a secret (a nested secret in
    // the pre-output-value form is pushed up to it) or has dependencies (provider/server.js deserializeInputs).
    const secret = constructRequest(
      { bootstrap, proxmox: { [SIG]: SECRET, value: proxmox } },
      "whole-secret",
    );
    const nested = constructRequest(
      { bootstrap, proxmox: { ...proxmox, snippetsDatastoreId: { [SIG]: SECRET, value: "local" } } },
      "nested-secret",
    );
    const depending = constructRequest({ bootstrap, proxmox }, "depending");
    const deps = new providerProto.ConstructRequest.PropertyDependencies();
    deps.setUrnsList([DEP]);
    depending.getInputdependenciesMap().set("proxmox", deps);
    const vmOf = async (req: providerProto.ConstructRequest) => {
      const urn = (await unary<providerProto.ConstructResponse>((cb) => client.construct(req, cb))).getUrn();
      return engine.registrations.find(
        (r) => r.parent === urn && r.type === "proxmoxve:index/vmLegacy:VmLegacy",
      );
    };
    for (const req of [secret, nested]) {
      const vm = await vmOf(req);
      expect(vm?.inputs.nodeName).toEqual({ [SIG]: SECRET, value: "pve1" });
      expect(vm?.inputs.clone).toEqual({ vmId: { [SIG]: SECRET, value: 9000 } });
    }
    const vm = await vmOf(depending);
    expect(vm?.inputs.nodeName).toBe("pve1");
    expect(vm?.dependencies).toContain(DEP);
  }, 120_000);

  it("takes a change policy that arrives as an Output (a secret config value, or with dependencies)", async () => {
    // Under `replace` a Proxmox snippet's file name carries the content hash; under `rerun` it does not.
    const req = constructRequest(
      { bootstrap, proxmox, onChange: { [SIG]: SECRET, value: "replace" } },
      "policy",
    );
    const deps = new providerProto.ConstructRequest.PropertyDependencies();
    deps.setUrnsList([DEP]);
    const depending = constructRequest({ bootstrap, proxmox, onChange: "replace" }, "policy-dep");
    depending.getInputdependenciesMap().set("onChange", deps);
    for (const r of [req, depending]) {
      const urn = (await unary<providerProto.ConstructResponse>((cb) => client.construct(r, cb))).getUrn();
      const vm = engine.registrations.find(
        (x) => x.parent === urn && x.type === "proxmoxve:index/vmLegacy:VmLegacy",
      );
      expect(vm).toBeDefined();
      const files = engine.registrations.filter(
        (x) => x.parent === urn && x.type === "proxmoxve:index/fileLegacy:FileLegacy",
      );
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        expect((f.inputs.sourceRaw as { fileName?: unknown }).fileName).toMatch(/-[0-9a-f]{16}$/);
      }
    }
  }, 120_000);

  it("refuses a platform argument that arrives as one unknown Output (a preview) with its path and the fix, before any child", async () => {
    const req = constructRequest(
      { bootstrap, proxmox: { [SIG]: OUTPUT_VALUE, dependencies: [DEP] } },
      "unknown",
    );
    const err = await unary<providerProto.ConstructResponse>((cb) => client.construct(req, cb)).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toContain(
      "proxmox: must be a mapping (nodeName, snippetsDatastoreId, snippetPrefix, name, ...) given directly, not an Output or Promise",
    );
    expect(err?.message).toContain("give Outputs to its fields instead");
    const component = engine.registrations.find((r) => r.type === TYPE && r.name === "unknown");
    expect(component).toBeDefined();
    expect(engine.registrations.filter((r) => r.parent.endsWith(`${TYPE}::unknown`))).toEqual([]);
  }, 120_000);

  // What the engine sends today: the provider accepts output values (server.js `configure`), so a nested
  // secret or unknown stays where the program put it (pulumi/pulumi pkg/resource/plugin/provider_plugin.go
  // `Construct`, `KeepOutputValues`; rpc.go `MarshalPropertyValue` for an Output).
  const outputValue = (value: unknown, secret = false) =>
    value === undefined
      ? { [SIG]: OUTPUT_VALUE, dependencies: [DEP] }
      : { [SIG]: OUTPUT_VALUE, value, ...(secret ? { secret: true } : {}) };
  const construct = async (req: providerProto.ConstructRequest) => {
    const res = await unary<providerProto.ConstructResponse>((cb) => client.construct(req, cb));
    const urn = res.getUrn();
    const children = engine.registrations.filter((r) => r.parent === urn);
    return { state: res.getState()?.toJavaScript() as Record<string, unknown>, children };
  };
  const isSecret = (v: unknown) =>
    typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG] === SECRET;

  it("keeps a secret output value exactly where it was: a nested field, a list element; an unknown one (preview) leaves the outputs unknown", async () => {
    const node = await construct(
      constructRequest(
        { bootstrap, proxmox: { ...proxmox, nodeName: outputValue("pve1", true) } },
        "ov-node",
      ),
    );
    const vm = node.children.find((r) => r.type === "proxmoxve:index/vmLegacy:VmLegacy");
    expect(vm?.inputs.nodeName).toEqual({ [SIG]: SECRET, value: "pve1" });
    expect(vm?.inputs.clone).toEqual({ vmId: 9000 });
    expect(isSecret(node.state.userData)).toBe(false);

    const user = {
      name: "ops",
      sshAuthorizedKeys: [outputValue(bootstrap.users[0]?.sshAuthorizedKeys[0], true)],
    };
    const key = await construct(
      constructRequest({ bootstrap: { ...bootstrap, users: [user] }, proxmox }, "ov-key"),
    );
    expect(isSecret(key.state.userData)).toBe(true);
    expect(isSecret(key.state.networkConfig)).toBe(false);

    const address = { addresses: [outputValue(undefined)], gateway4: "10.0.0.1" };
    const spec = { ...bootstrap, network: { interfaces: [address] } };
    const unknown = await construct(constructRequest({ bootstrap: spec, proxmox }, "ov-unknown"));
    expect(unknown.state.userData).toBe(pulumi.runtime.unknownValue);
    expect(unknown.children.map((r) => r.type)).toContain("proxmoxve:index/vmLegacy:VmLegacy");
  }, 120_000);

  it("passes the program's options on: parent, providers to the children, protect, aliases", async () => {
    const PROVIDER = "urn:pulumi:dev::seed::pulumi:providers:proxmoxve::pve::pve-id";
    const PARENT = "urn:pulumi:dev::seed::my:index:Parent::p";
    const req = constructRequest({ bootstrap, proxmox }, "options");
    req.getProvidersMap().set("proxmoxve", PROVIDER);
    req.setParent(PARENT);
    req.setProtect(true);
    addAlias(req, `urn:pulumi:dev::seed::${TYPE}::old`);
    const { children } = await construct(req);
    const component = engine.registrations.find((r) => r.type === TYPE && r.name === "options");
    expect(component).toMatchObject({
      parent: PARENT,
      protect: true,
      aliases: [`urn:pulumi:dev::seed::${TYPE}::old`],
    });
    const proxmoxChildren = children.filter((r) => r.type.startsWith("proxmoxve:"));
    expect(proxmoxChildren.length).toBeGreaterThan(1);
    for (const child of proxmoxChildren) expect(child).toMatchObject({ provider: PROVIDER, protect: true });
  }, 120_000);

  // Pulumi YAML's `null` and a raw Python dict's `None` arrive as null: no value, as Pulumi's providers take
  // it (before: `onChange: "null" is not a change policy`, `bootstrap.domain: must be a string, not null`).
  it("takes a null in a typed field as no value, and keeps the nulls of free-form cloud-config", async () => {
    const req = constructRequest(
      {
        bootstrap: {
          ...bootstrap,
          domain: null,
          timezone: null,
          users: [{ ...bootstrap.users[0], shell: null }],
          metadata: { role: "web", unset: null },
          extraCloudConfig: { final_message: null },
        },
        onChange: null,
        proxmox: { ...proxmox, name: null },
      },
      "nulls",
    );
    const { state, children } = await construct(req);
    const cloudConfig = String(state.userData);
    expect(cloudConfig).toMatch(/^final_message: null$/m);
    expect(cloudConfig).not.toMatch(/^(fqdn|timezone):/m);
    expect(cloudConfig).not.toMatch(/shell:/);
    expect(String(state.metaData)).not.toContain("unset");
    expect(children.map((r) => r.type)).toEqual(
      expect.arrayContaining(["proxmoxve:index/vmLegacy:VmLegacy"]),
    );
  }, 120_000);

  // The same nulls inside an Output: Python's `Output.secret({"domain": None, ...})` arrives as one secret,
  // another resource's output that is None as an output value holding null (before: `bootstrap.domain: must
  // be a string, not null` from the first, the same for `timezone` from the second).
  it("takes a null inside an Output as no value: a secret spec holding nulls, a field whose output value is null", async () => {
    const withNulls = {
      ...bootstrap,
      domain: null,
      users: [{ ...bootstrap.users[0], shell: null }],
      metadata: { role: "web", unset: null },
      extraCloudConfig: { final_message: null },
    };
    const secret = await construct(
      constructRequest({ bootstrap: { [SIG]: SECRET, value: withNulls }, proxmox }, "nulls-secret"),
    );
    expect(isSecret(secret.state.userData)).toBe(true);
    const userData = String((secret.state.userData as { value: unknown }).value);
    expect(userData).toMatch(/^final_message: null$/m);
    expect(userData).not.toMatch(/^fqdn:|shell:/m);
    expect(JSON.stringify(secret.state.metaData)).not.toContain("unset");

    const nullOutput = { [SIG]: OUTPUT_VALUE, value: null, dependencies: [DEP] };
    const field = await construct(
      constructRequest(
        { bootstrap: { ...bootstrap, timezone: nullOutput, domain: nullOutput }, proxmox },
        "nulls-ov",
      ),
    );
    expect(String(field.state.userData)).not.toMatch(/^(fqdn|timezone):/m);
    expect(field.children.map((r) => r.type)).toContain("proxmoxve:index/vmLegacy:VmLegacy");
  }, 120_000);
});
