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

  it("constructs a BootstrappedVm: registers the component and its seed image, returns the rendered outputs", async () => {
    const req = new providerProto.ConstructRequest();
    req.setProject("seed");
    req.setStack("dev");
    req.setType(TYPE);
    req.setName("web");
    req.setDryrun(false);
    req.setParallel(1);
    req.setMonitorendpoint(engine.monitorAddress);
    req.setInputs(
      structproto.Struct.fromJavaScript({
        bootstrap: {
          hostname: "web-01",
          users: [
            {
              name: "ops",
              sudo: ["ALL=(ALL) NOPASSWD:ALL"],
              sshAuthorizedKeys: [
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ4Ex5XwY2dZmzfQf0LZ8wZyUq6I6pG3v4RmMZm0bQh ops@example.com",
              ],
            },
          ],
        },
        seedImage: { format: "nocloud", path: join(project, "web-01.iso") },
      }),
    );
    const res = await unary<providerProto.ConstructResponse>((cb) => client.construct(req, cb));
    const urn = res.getUrn();
    expect(urn).toBe(`urn:pulumi:test::plugin::${TYPE}::web`);
    const state = res.getState()?.toJavaScript() as Record<string, unknown>;
    expect(state.userData).toMatch(/^#cloud-config\n/);
    expect(state.userData).toContain("web-01");
    expect(state.userData).toContain("ALL=(ALL) NOPASSWD:ALL");
    expect(String(state.instanceId)).not.toBe("");
    const component = engine.registrations.find((r) => r.type === TYPE);
    expect(component).toMatchObject({ name: "web", custom: false });
    const children = engine.registrations.filter((r) => r.parent === urn);
    expect(children.length).toBeGreaterThan(0);
  }, 120_000);
});
