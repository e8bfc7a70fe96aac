/**
 * Helpers for the tests of `serve --mode openstack`: start the BUILT CLI as a child process, fleet specs on
 * loopback addresses, and cloud-init's own metadata readers run from a chosen source address.
 *
 * Source addresses: all of 127.0.0.0/8 is loopback on Linux, so a client bound to 127.0.0.2 reaches a
 * server on 127.0.0.1 and the server sees 127.0.0.2. cloud-init reads URLs with `requests`, whose urllib3
 * opens every connection through `urllib3.util.connection.create_connection` (urllib3 1.26,
 * urllib3/connection.py `_new_conn`): the shim below replaces that function with one that binds the socket
 * to the chosen source address and, as QEMU's `guestfwd` does for a guest, sends connections for
 * 169.254.169.254:80 to the server. cloud-init's code runs unchanged.
 */
import { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { stringify } from "yaml";
import { planFleet } from "../../src/fleet";
import type { BootstrapSpec } from "../../src/spec/types";
import { runPython } from "../helpers/cloud-init";
import { startCli } from "./cli-harness";

export interface ServeProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT/`, as the server printed it. */
  url: string;
  port: number;
  lines: string[];
  stderr: () => string;
  exit: Promise<number | null>;
}

const running: ServeProcess[] = [];

/** Starts `serve ARGS...` and resolves once it printed the address it listens on. */
export function startServe(args: readonly string[]): Promise<ServeProcess> {
  const child = startCli(["serve", ...args]);
  const lines: string[] = [];
  let buffered = "";
  let stderr = "";
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      lines.push(...parts);
      const m = /at (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(lines[0] ?? "");
      if (m && !running.some((s) => s.child === child)) {
        const url = m[1] as string;
        const server = { child, url, port: Number(m[2]), lines, stderr: () => stderr, exit };
        running.push(server);
        resolve(server);
      }
    });
    void exit.then((code) => reject(new Error(`serve exited ${code} before listening: ${stderr}`)));
  });
}

/** GET `path` from the server with the connection's source address `source` (a loopback address). */
export function getFrom(
  port: number,
  source: string,
  path: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: "127.0.0.1", port, path, localAddress: source, agent: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** Kills every server a test left running. */
export function stopAllServers(): void {
  for (const s of running.splice(0)) if (s.child.exitCode === null) s.child.kill("SIGKILL");
}

/** Resolves once `done()` holds (polled every 50 ms), or fails after `limitMs` (default 10 s). */
export async function waitFor(done: () => boolean, limitMs = 10_000): Promise<void> {
  for (let waited = 0; !done(); waited += 50) {
    if (waited > limitMs) throw new Error("timed out waiting for the server");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A base spec for fleet members: a user with a password (hashed per member), a file naming the member. */
export function fleetBase(): BootstrapSpec {
  return {
    hostname: "member",
    domain: "lab.example",
    users: [{ name: "ops", password: "secret of %{hostname}" }],
    defaultUserSshAuthorizedKeys: [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFleetFleetFleetFleetFleetFleetFleetFleetFl %{hostname}@lab",
    ],
    files: [{ path: "/etc/fleet/member", content: "name=%{hostname}\naddress=%{ipv4}\n" }],
    network: { interfaces: [{ macAddress: "%{mac}" }] },
  };
}

/** The MAC of fleet member `index` (52:54:00:00:hi:lo). */
export function memberMac(index: number): string {
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  return `52:54:00:00:${hex(index >> 8)}:${hex(index & 0xff)}`;
}

/**
 * Writes a fleet of `count` members with addresses from `cidr` (from `start`) into `dir` as `<hostname>.yaml`,
 * as a user would write `planFleet`'s member specs; returns each member's host name and address.
 */
export function writeFleet(
  dir: string,
  count: number,
  pool: { cidr: string; start: string },
): { hostname: string; address: string; mac: string }[] {
  const members = planFleet(fleetBase(), {
    count,
    hostname: "vm-%{n:3}",
    addressPools: [{ cidr: pool.cidr, start: pool.start }],
    variables: Array.from({ length: count }, (_, i) => ({ mac: memberMac(i) })),
  });
  return members.map((m) => {
    writeFileSync(join(dir, `${m.hostname}.yaml`), stringify(m.spec));
    return {
      hostname: m.hostname,
      address: (m.addresses[0] as string).split("/")[0] as string,
      mac: memberMac(m.index),
    };
  });
}

/** cloud-init's OpenStack metadata readers (Debian's 22.4), from `SOURCE_ADDRESS`, at 169.254.169.254. */
const READ_WITH_CLOUD_INIT = `
import json, os
import urllib3.util.connection as urllib3_connection
from cloudinit.sources.helpers import ec2, openstack

SOURCE = os.environ["SOURCE_ADDRESS"]
PORT = int(os.environ["SERVER_PORT"])
original = urllib3_connection.create_connection

def create_connection(address, *args, **kwargs):
    host, port = address
    if (host, port) == ("169.254.169.254", 80):
        host, port = "127.0.0.1", PORT  # what QEMU's guestfwd does for a guest
    kwargs["source_address"] = (SOURCE, 0)
    return original((host, port), *args, **kwargs)

urllib3_connection.create_connection = create_connection

def text(value):
    return value.decode() if isinstance(value, bytes) else value

out = {}
try:
    # DataSourceOpenStack.read_metadata_service: MetadataReader(base_url).read_v2()
    # (cloudinit/sources/DataSourceOpenStack.py 22.4 lines 268-272); read_v2 also reads the EC2 tree.
    r = openstack.MetadataReader("http://169.254.169.254", timeout=5, retries=0).read_v2()
    out["v2"] = {k: text(v) for k, v in r.items()}
except openstack.NonReadable as e:
    out["v2_error"] = str(e)
out["ec2"] = ec2.get_instance_metadata(timeout=5, retries=0)
out["ec2_userdata"] = text(ec2.get_instance_userdata(timeout=5, retries=0))
print(json.dumps(out))
`;

export interface CloudInitView {
  v2?: {
    metadata: Record<string, unknown>;
    userdata: string;
    vendordata?: unknown;
    vendordata2?: unknown;
    networkdata?: unknown;
    "ec2-metadata": Record<string, unknown>;
    version: number;
  };
  v2_error?: string;
  ec2: Record<string, unknown>;
  ec2_userdata: string;
}

/** What cloud-init's readers get from the server on `port` when they connect from `source`. */
export function readWithCloudInit(port: number, source: string): CloudInitView {
  const r = runPython(READ_WITH_CLOUD_INIT, { env: { SOURCE_ADDRESS: source, SERVER_PORT: String(port) } });
  if (r.status !== 0) throw new Error(`cloud-init's readers failed from ${source}: ${r.stderr}`);
  return JSON.parse(r.stdout) as CloudInitView;
}
