/**
 * Starting the provider plugin as the nodejs language host does, for the gRPC tests (see
 * grpc-plugin.test.ts for the source of each step).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type * as grpc from "@grpc/grpc-js";

const pluginDir = join(resolve(__dirname, "../.."), "plugin");

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
