/**
 * Load on `serve --mode openstack`: 100 simulated VMs of one fleet (source addresses 127.0.1.1-127.0.1.100,
 * all loopback) fetch their whole `latest` trees at once — what cloud-init's OpenStack and EC2 readers read —
 * each over its own keep-alive connection, one request at a time as cloud-init reads. Every answer must be that VM's own bytes. Latency percentiles
 * are printed, not asserted.
 */
import { Agent, get } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { renderMetadataVm } from "../../src/cli/metadata-clients";
import type { MetadataTree } from "../../src/cli/metadata-tree";
import type { BootstrapSpec } from "../../src/spec/types";
import { cleanupTempDirs, requireBuiltCli, tempDir } from "./cli-harness";
import { startServe, stopAllServers, waitFor, writeFleet } from "./metadata-harness";

const VMS = 100;
/** The whole run must finish within this (count and time are both bounded). */
const LIMIT_MS = 120_000;

beforeAll(() => requireBuiltCli());
afterEach(() => stopAllServers());
afterAll(() => cleanupTempDirs());

/** The paths a VM reads: both listings of versions and the `latest` trees of OpenStack and EC2. */
function latestPaths(tree: MetadataTree): Map<string, Buffer> {
  const wanted = new Map<string, Buffer>();
  const take = (path: string, body: Buffer) => {
    if (
      path === "" ||
      path === "openstack" ||
      path === "latest" ||
      path.startsWith("openstack/latest") ||
      path.startsWith("latest/")
    )
      wanted.set(path, body);
  };
  for (const [path, body] of tree.listings) take(path, body);
  for (const [path, body] of tree.files) take(path, body);
  return wanted;
}

function fetch(
  agent: Agent,
  port: number,
  path: string,
): Promise<{ status: number; body: Buffer; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = get({ host: "127.0.0.1", port, path: `/${path}`, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          ms: performance.now() - started,
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

describe("serve --mode openstack under load", () => {
  it(
    "answers 100 VMs fetching their trees at once, each with its own documents only",
    async () => {
      const dir = tempDir();
      const members = writeFleet(dir, VMS, { cidr: "127.0.1.0/24", start: "127.0.1.1" });
      const server = await startServe([dir, "--mode", "openstack", "--port", "0"]);
      const expected = members.map((m) => {
        const spec = parse(readFileSync(join(dir, `${m.hostname}.yaml`), "utf8")) as BootstrapSpec;
        return { ...m, paths: latestPaths(renderMetadataVm(spec).tree) };
      });

      const latencies: number[] = [];
      const wrong: string[] = [];
      const started = performance.now();
      const deadline = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`not done within ${LIMIT_MS / 1000} s`)), LIMIT_MS).unref(),
      );
      const runs = expected.map(async (vm) => {
        // One VM, as cloud-init reads: one request at a time over a keep-alive connection from its address.
        const agent = new Agent({ keepAlive: true, maxSockets: 1, localAddress: vm.address });
        try {
          for (const [path, body] of vm.paths) {
            const r = await fetch(agent, server.port, path);
            latencies.push(r.ms);
            if (r.status !== 200 || !r.body.equals(body)) wrong.push(`${vm.hostname} /${path}: ${r.status}`);
          }
        } finally {
          agent.destroy();
        }
      });
      await Promise.race([Promise.all(runs), deadline]);
      const totalMs = performance.now() - started;

      const sorted = [...latencies].sort((a, b) => a - b);
      const requests = expected.reduce((n, vm) => n + vm.paths.size, 0);
      console.log(
        `metadata load: ${VMS} VMs, ${requests} requests in ${(totalMs / 1000).toFixed(2)} s ` +
          `(${(requests / (totalMs / 1000)).toFixed(0)} req/s); latency ms p50 ${percentile(sorted, 50).toFixed(1)}, ` +
          `p90 ${percentile(sorted, 90).toFixed(1)}, p99 ${percentile(sorted, 99).toFixed(1)}, ` +
          `max ${(sorted[sorted.length - 1] ?? NaN).toFixed(1)}; wrong answers: ${wrong.length}`,
      );
      expect(latencies).toHaveLength(requests);
      expect(wrong).toEqual([]);
      // Every VM's requests were answered for that VM (the log names it), and only 200s were logged.
      await waitFor(() => server.lines.length > requests);
      const logged = server.lines.slice(1);
      expect(logged).toHaveLength(requests);
      const byAddress = new Map(expected.map((vm) => [vm.address, vm.hostname]));
      const misattributed = logged.filter((l) => {
        const [address, , , status, , vm] = l.split(" ");
        return status !== "200" || byAddress.get(address ?? "") !== vm;
      });
      expect(misattributed).toEqual([]);
    },
    LIMIT_MS + 60_000,
  );
});
