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
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import { startFakeEngine, type FakeEngine } from "./fake-engine";

const root = resolve(__dirname, "../..");
const pluginDir = join(root, "plugin");
const TYPE = "bootstrapped-vm:index:BootstrappedVm";

/** Starts the plugin like the language host and resolves with its gRPC port (the first stdout line). */
function startPlugin(cwd: string, engineAddress: string): { child: ChildProcess; port: Promise<number> } {
  const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [pluginDir] });
  const child = spawn(process.execPath, [runPlugin, pluginDir, engineAddress], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? cwd },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = new Promise<number>((resolvePort, reject) => {
    createInterface({ input: child.stdout! }).once("line", (line) => resolvePort(Number(line.trim())));
    child.once("exit", (code) =>
      reject(new Error(`plugin exited (${code}) before printing a port:\n${stderr}`)),
    );
  });
  return { child, port };
}

/** Callback-style unary gRPC call as a promise. */
function unary<Res>(call: (cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown): Promise<Res> {
  return new Promise((ok, fail) => call((err, res) => (err ? fail(err) : ok(res))));
}

describe("the provider plugin started as the nodejs language host starts it, from a project without node_modules", () => {
  let project: string;
  let engine: FakeEngine;
  let child: ChildProcess;
  let client: providerRpc.ResourceProviderClient;

  beforeAll(async () => {
    if (!existsSync(join(root, "dist", "src", "plugin", "provider.js"))) {
      throw new Error("dist/src/plugin/provider.js is missing; fix: npm run build (npm test builds first)");
    }
    project = mkdtempSync(join(tmpdir(), "bvm-python-project-"));
    writeFileSync(join(project, "Pulumi.yaml"), "name: seed\nruntime: python\n");
    engine = await startFakeEngine();
    const started = startPlugin(project, engine.engineAddress);
    child = started.child;
    const port = await started.port;
    client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }, 120_000);

  afterAll(async () => {
    client?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill();
      await exited;
    }
    await engine?.close();
    rmSync(project, { recursive: true, force: true });
  });

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

  /** A ConstructRequest for `web` with these component inputs, aimed at the fake monitor. */
  function constructRequest(inputs: Record<string, unknown>): providerProto.ConstructRequest {
    const req = new providerProto.ConstructRequest();
    req.setProject("seed");
    req.setStack("dev");
    req.setType(TYPE);
    req.setName("web");
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

  it("refuses a seed image and a vSphere nocloudIso at Construct, naming the reason and the alternative", async () => {
    const before = engine.registrations.length;
    const req = constructRequest({
      bootstrap,
      seedImage: { format: "nocloud", path: join(project, "web-01.iso") },
    });
    const error = await unary((cb) => client.construct(req, cb)).then(
      () => undefined,
      (e: grpc.ServiceError) => e,
    );
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/seedImage: .*dynamic provider.*pulumi\/pulumi#5455.*fix: .*nocloud-iso/);
    expect(existsSync(join(project, "web-01.iso"))).toBe(false);
    const vsphere = constructRequest({ bootstrap, vsphere: { transport: "nocloudIso" } });
    const vsphereError = await unary((cb) => client.construct(vsphere, cb)).then(
      () => undefined,
      (e: grpc.ServiceError) => e,
    );
    expect(vsphereError?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(vsphereError?.details).toMatch(
      /vsphere.transport: `nocloudIso` .*pulumi\/pulumi#5455.*fix: use `guestinfo`/,
    );
    expect(engine.registrations.length).toBe(before);
  }, 60_000);
});
