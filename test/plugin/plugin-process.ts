/**
 * Starting the provider plugin as the nodejs language host does, for the gRPC tests (see
 * grpc-plugin.test.ts for the source of each step).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { builtModule } from "../helpers/built-module";
import { startFakeEngine, type FakeEngine } from "./fake-engine";

const root = resolve(__dirname, "../..");
const pluginDir = join(root, "plugin");

/** Starts the plugin like the language host and resolves with its gRPC port (the first stdout line). */
export function startPlugin(
  cwd: string,
  engineAddress: string,
): { child: ChildProcess; port: Promise<number> } {
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
export function unary<Res>(
  call: (cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
): Promise<Res> {
  return new Promise((ok, fail) => call((err, res) => (err ? fail(err) : ok(res))));
}

/** Stops the plugin process and waits for it to exit. */
export async function stopPlugin(child: ChildProcess | undefined): Promise<void> {
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child.once("exit", done));
    child.kill();
    await exited;
  }
}

/** The plugin running for a Python project (a temporary directory without node_modules), and its fakes. */
export interface PluginSession {
  project: string;
  engine: FakeEngine;
  child: ChildProcess;
  client: providerRpc.ResourceProviderClient;
}

/** Starts the fake engine and the plugin in a new Python project named by `prefix`; connects a client. */
export async function startPluginSession(prefix: string): Promise<PluginSession> {
  builtModule("src/plugin/provider.js");
  const project = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(project, "Pulumi.yaml"), "name: seed\nruntime: python\n");
  const engine = await startFakeEngine();
  const started = startPlugin(project, engine.engineAddress);
  const client = new providerRpc.ResourceProviderClient(
    `127.0.0.1:${await started.port}`,
    grpc.credentials.createInsecure(),
  );
  return { project, engine, child: started.child, client };
}

/** Closes the client, stops the plugin and the fake engine, removes the project. */
export async function stopPluginSession(session: PluginSession | undefined): Promise<void> {
  session?.client.close();
  await stopPlugin(session?.child);
  await session?.engine.close();
  if (session) rmSync(session.project, { recursive: true, force: true });
}
