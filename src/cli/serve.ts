/**
 * `bootstrapped-vm serve DIR --port P [--bind ADDR] [--mode nocloud|openstack] [--leases FILE]`: a NoCloud
 * HTTP seed server, or an OpenStack metadata service, for a directory of specs.
 */
import type { Command } from "./command";
import { didYouMean, parseCommandLine, requiredStringOption, stringOption } from "./args";
import { EXIT_OK, fsErrorWords, InputError, UsageError } from "./errors";
import { SeedStore } from "./seed-store";
import { noCloudHttpSource, RunningSeedServer, startSeedServer } from "./seed-server";
import { MetadataClients, MetadataVm, renderMetadataVm } from "./metadata-clients";
import { startMetadataServer } from "./metadata-server";
import { statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { writeStderr, writeStdout } from "./stdout";
import { STDIN } from "./load-spec";

const NAME = "serve";

const HELP = `Usage: bootstrapped-vm serve DIR --port PORT [--bind ADDRESS] [--mode MODE] [--leases FILE]

--mode nocloud (the default) serves every spec DIR/<name>.yaml, DIR/<name>.yml or DIR/<name>.json
as a NoCloud HTTP seed:
  /<name>/user-data  /<name>/meta-data  /<name>/network-config  /<name>/vendor-data
Boot a guest with the kernel command line (or SMBIOS serial)
  ${noCloudHttpSource("http://ADDRESS:PORT/", "<name>")}
(the trailing slash is required; without dsmode=net cloud-init before 24.1 fetches the seed but
makes no users, keys or files: docs/cli.md)

Every spec is rendered at start; the server does not start while any spec is invalid (each problem
is printed). A spec file that changes is rendered again at its next request; if it became invalid
its URLs answer 500 until it is fixed, and the log says why. New files are picked up, removed ones
answer 404. Other files in DIR are not served; each gets a warning on stderr at start (hidden files
aside). Two specs with one name (web.yaml and web.json) are an error. A .json spec must be JSON
(no comments, no trailing commas); .yaml and .yml specs are YAML 1.2.
A spec without vendor-data serves an empty vendor-data, and one without a network an empty
network-config (cloud-init would retry a 404 ten times; empty means "none": it keeps its fallback).

Only GET and HEAD; unknown names and files answer 404; request targets are limited to
/<name>/<file> (no "..", no encoded separators), 1 KiB URLs, 8 KiB headers and no body.
One log line per request on stdout (after a 500, the spec's problems on the lines after). SIGINT
or SIGTERM closes the server and exits 0.

--mode openstack serves an OpenStack metadata service, what cloud-init's OpenStack datasource reads
from http://169.254.169.254/ on a stock cloud image (booted with SMBIOS product "OpenStack Nova"):
  /openstack/{VERSION,latest}/{meta_data.json,user_data,network_data.json}
  /openstack/{VERSION,latest}/{vendor_data.json,vendor_data2.json}
  /latest/meta-data/...  /latest/user-data  (EC2-compatible; / and /openstack list the versions)
with the documents the config drive (render --format configdrive-iso) carries. Each VM gets its own
documents, chosen by the request's source address: a static address in a spec's network (as a fleet
plan writes them), or the address --leases gives one of a spec's MAC addresses. A client no spec
claims gets 404, whatever it asks, and the log says why; two specs claiming one address stop the
server from starting (while it runs, the address belongs to neither). The lease table is a file
(not standard input), read again when it changes; YAML, or JSON when it is named .json:
  leases:
    - mac: 52:54:00:12:34:56
      address: 192.168.122.10

Options:
  -p, --port PORT     TCP port (required; 0 picks a free one, printed at start)
  -b, --bind ADDR     address to listen on (default 127.0.0.1, loopback only, which a guest on
                      QEMU's user network reaches as 10.0.2.2: the line after the boot argument
                      says so; use 0.0.0.0 to serve guests on other hosts: the boot argument then
                      says <this host's address>, and the line after it lists this host's addresses)
  -m, --mode MODE     nocloud (default) or openstack
  -l, --leases FILE   MAC -> address lease table (openstack mode)
  -h, --help          show this help`;

const MODES = ["nocloud", "openstack"] as const;

/** What the printed boot argument has in place of the host when the server listens on every address. */
export const HOST_PLACEHOLDER = "<this host's address>";

/**
 * The addresses guests can reach this host at, as URL hosts (`192.0.2.1`, `[2001:db8::1]`): every address of
 * every interface but loopback, IPv6 too for a `::` bind (dual stack), but not IPv6 link-local ones (a URL
 * would need the guest's zone index).
 */
function hostAddresses(ipv6: boolean): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal && (a.family === "IPv4" || (ipv6 && !/^fe[89ab]/i.test(a.address))))
    .map((a) => (a.family === "IPv6" ? `[${a.address}]` : a.address));
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port must be a TCP port number 0-65535, not "${text}"`, NAME);
  }
  return Number(text);
}

/**
 * Why the server cannot listen on `bind`:`port`, as the user needs it: what to change. The address is
 * checked by the system, not here: listening on it is the test.
 */
export function listenFailure(err: unknown, bind: string, port: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `port ${port} on ${bind}`;
  if (code === "EADDRINUSE") {
    return `${where} is in use by another program; choose another --port, or 0 for a free one`;
  }
  if (code === "EACCES" && port > 0 && port < 1024) {
    return (
      `${where} is a privileged port (below 1024), which this user may not listen on; ` +
      "choose a --port from 1024 up, or 0 for a free one"
    );
  }
  if (code === "EADDRNOTAVAIL") {
    return (
      `${bind} is not an address of this host; --bind one of its addresses, ` +
      "127.0.0.1 (the default) or 0.0.0.0 for every address"
    );
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return `--bind ${bind}: no such host name; give an address of this host, e.g. 127.0.0.1`;
  }
  return `cannot listen on ${where}: ${(err as Error).message}`;
}

async function listen(
  start: () => Promise<RunningSeedServer>,
  bind: string,
  port: number,
): Promise<RunningSeedServer> {
  try {
    return await start();
  } catch (err) {
    throw new InputError([listenFailure(err, bind, port)]);
  }
}

/**
 * What a guest can do with a loopback address, which in its own network is itself: QEMU's user network
 * (slirp: qemu's default, Packer's qemu builder) sends a guest's connection to any of its virtual
 * addresses but the DNS one (10.0.2.2 by default; fec0::2 for IPv6) to this host's 127.0.0.1 or ::1
 * (libslirp src/socket.c, `sotranslate_out`), unless `restrict=on`. Undefined for other addresses.
 */
export function loopbackNote(address: string, port: number): string | undefined {
  const alias = address === "127.0.0.1" ? "10.0.2.2" : address === "::1" ? "[fec0::2]" : undefined;
  const shown = address.includes(":") ? `[${address}]` : address;
  if (alias !== undefined) {
    return (
      `${shown} is this host's loopback: a guest on QEMU's user network (qemu's default, Packer's qemu ` +
      `builder) reaches it as ${alias}: ${noCloudHttpSource(`http://${alias}:${port}/`, "<name>")}; ` +
      "guests on other networks need --bind with an address of this host they reach"
    );
  }
  if (/^127\./.test(address)) {
    return (
      `${shown} is a loopback address of this host, which guests do not reach (QEMU's user network reaches ` +
      "127.0.0.1 only); guests need --bind with an address of this host they reach"
    );
  }
  return undefined;
}

export const serveCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(
      NAME,
      argv,
      {
        port: { type: "string", short: "p" },
        bind: { type: "string", short: "b" },
        mode: { type: "string", short: "m" },
        leases: { type: "string", short: "l" },
      },
      ["DIR"],
    );
    if (cl.help) {
      writeStdout(`${HELP}\n`);
      return EXIT_OK;
    }
    const port = parsePort(requiredStringOption(cl, NAME, "port"));
    const bind = stringOption(cl, "bind") ?? "127.0.0.1";
    // Node would take "" for every address: never by accident.
    if (bind === "")
      throw new UsageError("--bind must be an address (0.0.0.0 or :: for every address), not empty", NAME);
    const mode = stringOption(cl, "mode") ?? "nocloud";
    if (!(MODES as readonly string[]).includes(mode))
      throw new UsageError(
        `--mode must be ${MODES.join(" or ")}, not "${mode}"${didYouMean(mode, MODES)}`,
        NAME,
      );
    const leases = stringOption(cl, "leases");
    if (leases !== undefined && mode !== "openstack")
      throw new UsageError("--leases is for --mode openstack (NoCloud seeds are chosen by URL)", NAME);
    if (leases === STDIN)
      throw new UsageError(
        "--leases must name a file, not standard input (-): the lease table is read again whenever it changes",
        NAME,
      );
    const dir = cl.positionals[0] as string;
    try {
      if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    } catch (err) {
      throw new InputError([`${dir}: cannot serve: ${fsErrorWords(err)}`]);
    }
    const log = (line: string) => writeStdout(`${line}\n`);
    let running: RunningSeedServer;
    let names: string[];
    if (mode === "openstack") {
      const clients = new MetadataClients(new SeedStore<MetadataVm>(dir, renderMetadataVm), leases);
      const { problems, warnings } = clients.rebuild();
      if (problems.length > 0) throw new InputError(problems);
      const loaded = clients.store.loadAll();
      for (const line of [...loaded.skipped, ...warnings]) writeStderr(`warning: ${line}\n`);
      names = loaded.names;
      running = await listen(() => startMetadataServer({ clients, port, bind, log }), bind, port);
    } else {
      const store = new SeedStore(dir);
      const loaded = store.loadAll();
      if (loaded.problems.length > 0) throw new InputError(loaded.problems);
      for (const line of loaded.skipped) writeStderr(`warning: ${line}\n`);
      names = loaded.names;
      running = await listen(() => startSeedServer({ store, port, bind, log }), bind, port);
    }
    const server = running;
    // The signal handlers are in place before the line that announces the address: a script that stops the
    // server as soon as it read that line gets a clean shutdown.
    const stopped = new Promise<number>((resolve) => {
      const stop = (signal: string) => {
        log(`${signal}: shutting down`);
        void server.close().then(() => resolve(EXIT_OK));
      };
      process.once("SIGINT", () => stop("SIGINT"));
      process.once("SIGTERM", () => stop("SIGTERM"));
    });
    const what = mode === "openstack" ? "an OpenStack metadata service for" : "serving";
    const specs = `${names.length} ${names.length === 1 ? "spec" : "specs"}`;
    log(`${what} ${specs} from ${dir} at ${running.url} (${names.join(", ") || "none yet"})`);
    if (mode !== "openstack") {
      // A guest cannot reach 0.0.0.0 or ::: the argument names the host by a placeholder, and its addresses follow.
      const bound = running.server.address() as AddressInfo;
      const wildcard = bound.address === "0.0.0.0" || bound.address === "::";
      const url = wildcard ? `http://${HOST_PLACEHOLDER}:${bound.port}/` : running.url;
      log(`a guest boots with ${noCloudHttpSource(url, "<name>")}`);
      if (wildcard) {
        const addresses = hostAddresses(bound.address === "::");
        const which = addresses.length > 0 ? `: ${addresses.join(", ")}` : " (it has none but loopback)";
        log(`  replace ${HOST_PLACEHOLDER} with an address of this host the guest reaches${which}`);
      } else {
        const note = loopbackNote(bound.address, bound.port);
        if (note !== undefined) log(`  ${note}`);
      }
    }
    return stopped;
  },
};
