/** `bootstrapped-vm serve DIR --port P [--bind ADDR]`: a NoCloud HTTP seed server for a directory of specs. */
import type { Command } from "./command";
import { parseCommandLine, requiredStringOption, stringOption } from "./args";
import { EXIT_OK, InputError, UsageError } from "./errors";
import { SeedStore } from "./seed-store";
import { startSeedServer } from "./seed-server";
import { statSync } from "node:fs";

const NAME = "serve";

const HELP = `Usage: bootstrapped-vm serve DIR --port PORT [--bind ADDRESS]

Serves every spec DIR/<name>.yaml, DIR/<name>.yml or DIR/<name>.json as a NoCloud HTTP seed:
  /<name>/user-data  /<name>/meta-data  /<name>/network-config  /<name>/vendor-data
Boot a guest with the kernel command line (or SMBIOS serial)
  ds=nocloud;s=http://ADDRESS:PORT/<name>/          (the trailing slash is required)

Every spec is rendered at start; the server does not start while any spec is invalid (each problem
is printed). A spec file that changes is rendered again at its next request; if it became invalid
its URLs answer 500 until it is fixed, and the log says why. New files are picked up, removed ones
answer 404. Other files in DIR are not served; each gets a warning on stderr at start (hidden files
aside). Two specs with one name (web.yaml and web.json) are an error.
A spec without vendor-data serves an empty vendor-data (cloud-init would retry a 404 ten times);
a spec without a network serves 404 for network-config (cloud-init then keeps its fallback).

Only GET and HEAD; unknown names and files answer 404; request targets are limited to
/<name>/<file> (no "..", no encoded separators), 1 KiB URLs, 8 KiB headers and no body.
One log line per request on stdout (after a 500, the spec's problems on the lines after). SIGINT or SIGTERM closes the server and exits 0.

Options:
  -p, --port PORT   TCP port (required; 0 picks a free one, printed at start)
  -b, --bind ADDR   address to listen on (default 127.0.0.1, loopback only; use 0.0.0.0 to
                    serve guests on other hosts)
  -h, --help        show this help`;

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port must be a TCP port number 0-65535, not "${text}"`, NAME);
  }
  return Number(text);
}

export const serveCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(
      NAME,
      argv,
      { port: { type: "string", short: "p" }, bind: { type: "string", short: "b" } },
      ["DIR"],
    );
    if (cl.help) {
      process.stdout.write(`${HELP}\n`);
      return EXIT_OK;
    }
    const port = parsePort(requiredStringOption(cl, NAME, "port"));
    const bind = stringOption(cl, "bind") ?? "127.0.0.1";
    const dir = cl.positionals[0] as string;
    try {
      if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    } catch (err) {
      throw new InputError([`${dir}: cannot serve: ${(err as Error).message}`]);
    }
    const store = new SeedStore(dir);
    const { names, problems, skipped } = store.loadAll();
    if (problems.length > 0) throw new InputError(problems);
    for (const line of skipped) process.stderr.write(`warning: ${line}\n`);
    const log = (line: string) => process.stdout.write(`${line}\n`);
    let running;
    try {
      running = await startSeedServer({ store, port, bind, log });
    } catch (err) {
      throw new InputError([`cannot listen on ${bind}:${port}: ${(err as Error).message}`]);
    }
    log(`serving ${names.length} spec(s) from ${dir} at ${running.url} (${names.join(", ") || "none yet"})`);
    const server = running;
    return new Promise<number>((resolve) => {
      const stop = (signal: string) => {
        log(`${signal}: shutting down`);
        void server.close().then(() => resolve(EXIT_OK));
      };
      process.once("SIGINT", () => stop("SIGINT"));
      process.once("SIGTERM", () => stop("SIGTERM"));
    });
  },
};
