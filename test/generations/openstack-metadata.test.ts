/**
 * `serve --mode openstack` on four cloud-init generations (Debian's 20.4.1, 22.4.2, 25.1.4, 26.2 in chroots): each
 * release's own DataSourceOpenStack (the network stage) and DataSourceOpenStackLocal (init-local, what a stock
 * image runs first; its ephemeral DHCP replaced, the chroot has no NIC) reads the built CLI's service over
 * loopback (openstack_metadata.py), and must get exactly what `render --format configdrive-dir` writes for the
 * same spec, convert its network_data.json to the spec's network, and log nothing at WARNING or above (nor a
 * deprecation).
 *
 * The datasource reaches the service through its own setting `datasource: OpenStack: metadata_urls:
 * [http://127.0.0.1:PORT]` (wait_for_metadata_service: DataSourceOpenStack.py 20.4.1 lines 63-94, 22.4.2
 * lines 76-118, 25.1.4 lines 76-121). MetadataReader reads the EC2 tree from http://169.254.169.254 whatever
 * metadata_urls says (`_read_ec2_metadata` calls `get_instance_metadata` without an address: openstack.py
 * 20.4.1 lines 503-506, 22.4.2 lines 517-522, 25.1.4 lines 521-526), so connections for 169.254.169.254:80 go
 * to the server, as QEMU's guestfwd sends a guest's; the last describe shows what happens when nothing answers
 * there. The server tells the three VMs apart by source address (its lease table: one loopback address per
 * spec's MAC).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { stringify } from "yaml";
import type { BootstrapSpec } from "../../src/spec/types";
import { GENERATIONS, Generation, runPythonIn } from "../helpers/chroots";
import { cleanupTempDirs, listFiles, requireBuiltCli, runCli, tempDir } from "../cli/cli-harness";
import { ServeProcess, startServe, stopAllServers, waitFor } from "../cli/metadata-harness";

/** openstack_metadata.py after the log capture it reports from (log_capture.py). */
const SCRIPT = ["log_capture.py", "openstack_metadata.py"]
  .map((f) => readFileSync(join(__dirname, f), "utf8"))
  .join("\n");

const HASH =
  "$6$bvmsalt$WFvm2uBa455s3vniX70SLU6JVe2wtBk3Acm6CPdVwQImYRD2sN62ZbhEoZC5laziijaPW1FYkdVrbQTM9Wd6O0"; // openssl passwd -6 -salt bvmsalt

/** The last number of each generation's addresses: web-20 at 127.0.0.20, 192.0.2.20, 2001:db8::20. */
function number(g: Generation): number {
  return Number(g.target.split(".")[0]);
}

/** A user with a password hash, a static dual-stack NIC with routes and DNS, vendor data. */
function spec(g: Generation): BootstrapSpec {
  const n = number(g);
  return {
    hostname: `web-${n}`,
    domain: "example.internal",
    cloudInit: { minVersion: g.target },
    users: [
      {
        name: "ops",
        passwordHash: HASH,
        sudo: ["ALL=(ALL) NOPASSWD:ALL"],
        sshAuthorizedKeys: [
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJrN5Yer+oxSvRvtlR2b4OovClhhQrweKrnWy7yHtvIr ops@example",
        ],
      },
    ],
    vendorCloudConfig: { final_message: "vendor data applied" },
    dns: { nameservers: ["192.0.2.53", "2001:db8::53"], searchDomains: ["example.internal"] },
    network: {
      interfaces: [
        {
          name: "eth0",
          macAddress: `52:54:00:12:34:${n}`,
          addresses: [`192.0.2.${n}/24`, `2001:db8::${n}/64`],
          gateway4: "192.0.2.1",
          gateway6: "2001:db8::1",
          routes: [
            { to: "198.51.100.0/24", via: "192.0.2.254" },
            { to: "2001:db8:1::/48", via: "2001:db8::fe" },
          ],
        },
      ],
    },
  };
}

/** The spec's network as cloud-init's network config v1 (what convert_net_json must give). */
function expectedNetwork(g: Generation): unknown {
  const n = number(g);
  const dns = ["192.0.2.53", "2001:db8::53"];
  return {
    version: 1,
    config: [
      {
        name: "eth0",
        type: "physical",
        mac_address: `52:54:00:12:34:${n}`,
        "accept-ra": false,
        subnets: [
          {
            type: "static",
            ipv4: true,
            address: `192.0.2.${n}`,
            netmask: "255.255.255.0",
            routes: [
              { network: "0.0.0.0", netmask: "0.0.0.0", gateway: "192.0.2.1" },
              { network: "198.51.100.0", netmask: "255.255.255.0", gateway: "192.0.2.254" },
            ],
            dns_nameservers: dns,
            dns_search: ["example.internal"],
          },
          {
            type: "static6",
            ipv6: true,
            address: `2001:db8::${n}`,
            netmask: "ffff:ffff:ffff:ffff::",
            routes: [
              { network: "::", netmask: "::", gateway: "2001:db8::1" },
              { network: "2001:db8:1::", netmask: "ffff:ffff:ffff::", gateway: "2001:db8::fe" },
            ],
            // No servers on the interface's second network: 25.1.4's and 26.2's convert_net_json would make its
            // `services` this subnet's servers, and the netplan and NetworkManager renderers would write them
            // twice (test/generations/network-data-json-dns.test.ts).
          },
        ],
      },
      { type: "nameserver", address: "192.0.2.53" },
      { type: "nameserver", address: "2001:db8::53" },
    ],
  };
}

interface Seen {
  claimed: boolean;
  seconds: number;
  metadataAddress: string | null;
  crawl: { baseUrl: string; kwargs: Record<string, number> };
  read: Record<string, unknown>;
  files: Record<string, string>;
  dsmode: string;
  version: number;
  metadata: Record<string, unknown>;
  userdata: string | null;
  vendordata: unknown;
  vendordata2: unknown;
  ec2: Record<string, unknown> | null;
  networkConfig: unknown;
  logged: string[];
}

function readService(
  g: Generation,
  stage: "net" | "local",
  ec2Target: string,
  extra: Record<string, string> = {},
): Seen {
  const r = runPythonIn(g.suite, SCRIPT, {
    env: {
      SERVER_URL: server.url.replace(/\/$/, ""),
      SOURCE_ADDRESS: `127.0.0.${number(g)}`,
      EC2_TARGET: ec2Target,
      STAGE: stage,
      ...extra,
    },
    timeoutMs: 120_000,
  });
  if (r.status !== 0) throw new Error(`${g.suite}: DataSourceOpenStack failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as Seen;
}

/** The config drive's EC2 meta-data as MetadataMaterializer reads the EC2 tree: every leaf a string. */
function ec2AsRead(value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ec2AsRead(v)]));
  return String(value);
}

let server: ServeProcess;
const drives = new Map<string, Map<string, Buffer>>();

beforeAll(async () => {
  requireBuiltCli();
  const dir = tempDir();
  const leases: string[] = [];
  for (const g of GENERATIONS) {
    const file = join(dir, `web-${number(g)}.yaml`);
    writeFileSync(file, stringify(spec(g)));
    const out = join(tempDir(), "drive");
    const r = runCli(["render", file, "--format", "configdrive-dir", "--out", out]);
    expect(r.stderr).toBe("");
    drives.set(g.suite, new Map(listFiles(out).map((f) => [f, readFileSync(join(out, f))])));
    leases.push(`  - mac: "52:54:00:12:34:${number(g)}"\n    address: 127.0.0.${number(g)}\n`);
  }
  const leaseFile = join(tempDir(), "leases.yaml");
  writeFileSync(leaseFile, `leases:\n${leases.join("")}`);
  server = await startServe([dir, "--mode", "openstack", "--port", "0", "--leases", leaseFile]);
  expect(server.stderr()).toBe("");
});

afterAll(() => {
  stopAllServers();
  cleanupTempDirs();
});

/** What each release's crawl asks the service for, in order (`<method> <path> <status>`). */
function expectedRequests(g: Generation): string[] {
  const os = (file: string) => `GET /openstack/2018-08-27/${file} 200`;
  return [
    // wait_for_metadata_service (url_helper.wait_for_url on <url>/openstack), then read_v2's
    // _find_working_version reads it again (openstack.py 20.4.1 lines 463-476).
    "GET /openstack 200",
    "GET /openstack 200",
    // The newest version the release knows (OS_ROCKY, 2018-08-27, in 20.4.1, 22.4.2 and 25.1.4), then its
    // datafiles in order; 20.4.1 reads no vendor_data2.json (openstack.py 20.4.1 lines 230-255).
    os("meta_data.json"),
    os("user_data"),
    os("vendor_data.json"),
    ...(g.cloudInit.startsWith("20.") ? [] : [os("vendor_data2.json")]),
    os("network_data.json"),
    // The EC2 tree from 169.254.169.254 (MetadataMaterializer: the listing, then every entry).
    "GET /latest/meta-data/ 200",
    "GET /latest/meta-data/placement/ 200",
    "GET /latest/meta-data/placement/availability-zone 200",
    "GET /latest/meta-data/ami-launch-index 200",
    "GET /latest/meta-data/hostname 200",
    "GET /latest/meta-data/instance-action 200",
    "GET /latest/meta-data/instance-id 200",
    "GET /latest/meta-data/local-hostname 200",
    "GET /latest/meta-data/local-ipv4 200",
    "GET /latest/meta-data/public-hostname 200",
  ];
}

const table = GENERATIONS.flatMap((g) =>
  (["local", "net"] as const).map((stage) => [g.cloudInit, stage, g] as const),
);

describe("serve --mode openstack read by each generation's DataSourceOpenStack", () => {
  it.each(table)(
    "cloud-init %s (%s stage): reads the config drive's documents and the spec's network, and logs no warning",
    async (_version, stage, g) => {
      const drive = drives.get(g.suite) as Map<string, Buffer>;
      const text = (path: string) => (drive.get(path) as Buffer).toString("utf8");
      const json = (path: string) => JSON.parse(text(path)) as unknown;
      const source = `127.0.0.${number(g)} `;
      const from = server.lines.length;
      const seen = readService(g, stage, `127.0.0.1:${server.port}`);
      const requests = expectedRequests(g);
      await waitFor(
        () => server.lines.slice(from).filter((l) => l.startsWith(source)).length >= requests.length,
      );

      expect(seen.logged).toEqual([]);
      expect(seen.claimed).toBe(true);
      // read_metadata_service(metadata_address, retries=5, timeout=10): the datasource's url defaults
      // (sources/__init__.py url_timeout 10, url_retries 5; no ds setting changes them here).
      expect(seen.crawl).toEqual({
        baseUrl: server.url.replace(/\/$/, ""),
        kwargs: { retries: 5, timeout: 10 },
      });
      expect(seen.metadataAddress).toBe(seen.crawl.baseUrl);
      expect(seen.dsmode).toBe("net");
      expect(seen.version).toBe(2);

      // What read_v2 read: the config drive's files, byte for byte for user_data.
      const md = json("openstack/latest/meta_data.json") as Record<string, unknown>;
      // read_v2 copies uuid -> instance-id and hostname -> local-hostname (openstack.py KEY_COPIES).
      const metadata = { ...md, "instance-id": md.uuid, "local-hostname": md.hostname };
      expect(seen.read.metadata).toEqual(metadata);
      expect(seen.metadata).toEqual(metadata);
      expect(Buffer.from(seen.read.userdata as string, "utf8")).toEqual(
        drive.get("openstack/latest/user_data"),
      );
      expect(seen.userdata).toBe(text("openstack/latest/user_data"));
      expect(seen.userdata).toContain(`hashed_passwd: ${HASH}`);
      expect(seen.read.vendordata).toEqual(json("openstack/latest/vendor_data.json"));
      if (g.cloudInit.startsWith("20.")) expect(seen.read).not.toHaveProperty("vendordata2");
      else expect(seen.read.vendordata2).toEqual(json("openstack/latest/vendor_data2.json"));
      expect(seen.read.networkdata).toEqual(json("openstack/latest/network_data.json"));
      expect(seen.files).toEqual({});
      expect(seen.read).not.toHaveProperty("network_config");
      // The vendor cloud-config once: vendor_data.json's "cloud-init"; vendor_data2.json carries it under
      // "static", which convert_vendordata does not take (it looks for a top-level "cloud-init").
      expect(seen.vendordata).toBe("#cloud-config\nfinal_message: vendor data applied\n");
      expect(seen.vendordata2).toBeNull();
      // The EC2 tree: the config drive's ec2 meta-data.json.
      const ec2 = ec2AsRead(json("ec2/latest/meta-data.json"));
      expect(seen.read["ec2-metadata"]).toEqual(ec2);
      expect(seen.ec2).toEqual(ec2);
      // network_data.json through the release's own convert_net_json (the datasource's network_config).
      expect(seen.networkConfig).toEqual(expectedNetwork(g));

      expect(
        server.lines
          .slice(from)
          .filter((l) => l.startsWith(source))
          .map((l) => l.slice(source.length).replace(/ \d+ web-\d+$/, "")),
      ).toEqual(requests);
      expect(seen.seconds).toBeLessThan(5);
    },
  );
});

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe("serve --mode openstack reached through metadata_urls only, with nothing at 169.254.169.254", () => {
  it.each(GENERATIONS.map((g) => [g.cloudInit, g] as const))(
    "cloud-init %s: reads the OpenStack documents, then spends five retries on the EC2 tree and logs a WARNING",
    async (_version, g) => {
      const seen = readService(g, "net", `127.0.0.1:${await closedPort()}`);
      expect(seen.claimed).toBe(true);
      expect(seen.read.networkdata).toEqual(
        JSON.parse(
          (drives.get(g.suite)?.get("openstack/latest/network_data.json") as Buffer).toString("utf8"),
        ),
      );
      expect(seen.ec2).toEqual({});
      // ec2 get_instance_metadata: readurl with retries=5, a second apart (url_helper.readurl sec_between=1),
      // then util.logexc at WARNING (ec2_utils.py 20.4.1 line 196, helpers/ec2.py 22.4.2 line 229, 25.1.4
      // line 230).
      expect(seen.logged).toEqual([
        "WARNING: Failed fetching meta-data/ from url http://169.254.169.254/latest/meta-data/",
      ]);
      expect(seen.seconds).toBeGreaterThanOrEqual(5);
    },
  );
});
