/**
 * `serve --mode openstack` read by cloud-init's own OpenStack and EC2 metadata readers (Debian's 22.4,
 * cloudinit/sources/helpers/openstack.py and ec2.py) from different loopback source addresses.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hashPassword } from "../../src/render/password";
import { cleanupTempDirs, listFiles, requireBuiltCli, runCli, tempDir } from "./cli-harness";
import {
  getFrom,
  readWithCloudInit,
  startServe,
  stopAllServers,
  waitFor,
  writeFleet,
} from "./metadata-harness";

beforeAll(() => requireBuiltCli());
afterEach(() => stopAllServers());
afterAll(() => cleanupTempDirs());

/** What `render --format configdrive-dir` writes for a spec: the documents the service must answer. */
function configDrive(spec: string): Map<string, string> {
  const out = join(tempDir(), "drive");
  const r = runCli(["render", spec, "--format", "configdrive-dir", "--out", out]);
  expect(r.stderr).toBe("");
  return new Map(listFiles(out).map((f) => [f, readFileSync(join(out, f), "utf8")]));
}

function json(text: string | undefined): unknown {
  return JSON.parse(text ?? "null");
}

describe("serve --mode openstack: an OpenStack metadata service, one VM per source address", () => {
  it("gives each VM of a fleet exactly its own config-drive documents through cloud-init's readers, and a third address nothing", async () => {
    const dir = tempDir();
    const [a, b] = writeFleet(dir, 2, { cidr: "127.0.0.0/24", start: "127.0.0.2" });
    if (a === undefined || b === undefined) throw new Error("no fleet");
    expect([a.address, b.address]).toEqual(["127.0.0.2", "127.0.0.3"]);
    const server = await startServe([dir, "--mode", "openstack", "--port", "0"]);
    expect(server.lines[0]).toMatch(
      new RegExp(`^an OpenStack metadata service for 2 specs from .* \\(${a.hostname}, ${b.hostname}\\)$`),
    );

    for (const vm of [a, b]) {
      const drive = configDrive(join(dir, `${vm.hostname}.yaml`));
      const seen = readWithCloudInit(server.port, vm.address);
      expect(seen.v2_error).toBeUndefined();
      const v2 = seen.v2;
      // read_v2 copies uuid -> instance-id and hostname -> local-hostname (openstack.py 22.4 lines 30-34, 346-352).
      const md = json(drive.get("openstack/latest/meta_data.json")) as Record<string, unknown>;
      expect(v2?.metadata).toEqual({ ...md, "instance-id": md.uuid, "local-hostname": md.hostname });
      expect(v2?.userdata).toBe(drive.get("openstack/latest/user_data"));
      expect(v2?.networkdata).toEqual(json(drive.get("openstack/latest/network_data.json")));
      expect(v2?.vendordata).toEqual(json(drive.get("openstack/latest/vendor_data.json")));
      expect(v2?.vendordata2).toEqual(json(drive.get("openstack/latest/vendor_data2.json")));
      // The EC2 tree: the config drive's ec2 meta-data.json, public keys named as MetadataMaterializer
      // names `0=key-0` entries (ec2.py 22.4 lines 96-105).
      const ec2 = json(drive.get("ec2/latest/meta-data.json")) as Record<string, unknown>;
      const { "public-keys": keys, ...rest } = ec2;
      const expected = {
        ...rest,
        "ami-launch-index": String(ec2["ami-launch-index"]),
        "public-keys": { "key-0": (keys as Record<string, Record<string, string>>)["0"]?.["openssh-key"] },
      };
      expect(seen.ec2).toEqual(expected);
      expect(v2?.["ec2-metadata"]).toEqual(expected);
      expect(seen.ec2_userdata).toBe(drive.get("ec2/latest/user-data"));
      // Its own password hash only.
      expect(v2?.userdata).toContain(hashPassword(`secret of ${vm.hostname}`, "ops"));
      const other = vm === a ? b : a;
      expect(v2?.userdata).not.toContain(hashPassword(`secret of ${other.hostname}`, "ops"));
      expect(v2?.userdata).toContain(`address=${vm.address}`);
    }

    const stranger = readWithCloudInit(server.port, "127.0.0.4");
    expect(stranger.v2).toBeUndefined();
    expect(stranger.v2_error).toMatch(/Missing mandatory path/);
    expect(stranger.ec2).toEqual({});
    expect(stranger.ec2_userdata).toBe("");
    await waitFor(() =>
      server.lines.some((l) => l.startsWith("127.0.0.4 GET /openstack/latest/meta_data.json 404")),
    );
    const strangerLines = server.lines.filter((l) => l.startsWith("127.0.0.4 "));
    expect(strangerLines.every((l) => / 404 \d+$/.test(l))).toBe(true);
    expect(server.lines).toContain(
      "  404 because 127.0.0.4 is no VM's address (no spec has it as a static address)",
    );
    // Every request of a known VM is logged with the VM it was answered for.
    expect(
      server.lines
        .filter((l) => l.startsWith("127.0.0.2 "))
        .every((l) => l.endsWith(` ${a.hostname}`) || / 404 /.test(l)),
    ).toBe(true);
  });

  it("identifies VMs by the lease table's MAC -> address entries, and reads a changed table again", async () => {
    const dir = tempDir();
    const leases = join(tempDir(), "leases.yaml");
    // Members with addresses cloud-init never sees as source (10.9.0.0/24); only the leases identify them.
    const [a, b] = writeFleet(dir, 2, { cidr: "10.9.0.0/24", start: "10.9.0.10" });
    if (a === undefined || b === undefined) throw new Error("no fleet");
    writeFileSync(leases, `leases:\n  - mac: "${a.mac}"\n    address: 127.0.0.5\n`);
    const server = await startServe([dir, "-m", "openstack", "-p", "0", "-l", leases]);
    expect(server.stderr()).toBe("");
    const seenA = readWithCloudInit(server.port, "127.0.0.5");
    expect(seenA.v2?.metadata.name).toBe(a.hostname);
    expect(readWithCloudInit(server.port, "127.0.0.6").v2).toBeUndefined();

    writeFileSync(
      leases,
      `leases:\n  - mac: "${a.mac.toUpperCase()}"\n    address: 127.0.0.7\n  - mac: "${b.mac}"\n    address: 127.0.0.6\n`,
    );
    expect(readWithCloudInit(server.port, "127.0.0.6").v2?.metadata.name).toBe(b.hostname);
    expect(readWithCloudInit(server.port, "127.0.0.7").v2?.metadata.name).toBe(a.hostname);
    expect(readWithCloudInit(server.port, "127.0.0.5").v2).toBeUndefined();
  });

  it("answers 500 to everyone, and logs why, while the lease table is invalid", async () => {
    const dir = tempDir();
    const leases = join(tempDir(), "leases.yaml");
    const [a] = writeFleet(dir, 1, { cidr: "10.9.0.0/24", start: "10.9.0.10" });
    writeFileSync(leases, `leases:\n  - mac: "${a?.mac}"\n    address: 127.0.0.5\n`);
    const server = await startServe([dir, "-m", "openstack", "-p", "0", "-l", leases]);
    writeFileSync(leases, `leases:\n  - mac: "${a?.mac}"\n    address: 127.0.0.500\n`);
    const seen = readWithCloudInit(server.port, "127.0.0.5");
    expect(seen.v2).toBeUndefined();
    await waitFor(() =>
      server.lines.some((l) => l.includes('leases[0].address: "127.0.0.500" is not an IP address')),
    );
    expect(
      server.lines.some((l) => /^127\.0\.0\.5 GET \/openstack\/latest\/meta_data\.json 500 /.test(l)),
    ).toBe(true);
  });

  it("answers 500 with the reason to the VM of a spec that became invalid, also after the lease table changed", async () => {
    const dir = tempDir();
    const leases = join(tempDir(), "leases.yaml");
    const [a] = writeFleet(dir, 1, { cidr: "10.9.0.0/24", start: "10.9.0.10" });
    const table = `leases:\n  - mac: "${a?.mac}"\n    address: 127.0.0.5\n`;
    writeFileSync(leases, table);
    const server = await startServe([dir, "-m", "openstack", "-p", "0", "-l", leases]);
    const spec = join(dir, `${a?.hostname}.yaml`);
    writeFileSync(spec, readFileSync(spec, "utf8").replace(/^hostname: .*$/m, "hostname: bad_name"));
    writeFileSync(leases, `${table}\n`);
    expect(readWithCloudInit(server.port, "127.0.0.5").v2).toBeUndefined();
    await waitFor(() =>
      server.lines.some((l) => l.startsWith("127.0.0.5 GET /openstack/latest/meta_data.json ")),
    );
    const logged = server.lines.find((l) => l.startsWith("127.0.0.5 GET /openstack/latest/meta_data.json "));
    expect(logged).toMatch(/ 500 \d+$/);
    await waitFor(() => server.lines.some((l) => l.includes("hostname: ")));
    expect(server.lines.join("\n")).toMatch(/500 because .*\.yaml:\d+:\d+: hostname: "bad_name"/);
  });

  it("does not start when two specs claim one address, or the lease table is invalid, and names every problem", () => {
    const dir = tempDir();
    const [a, b] = writeFleet(dir, 2, { cidr: "10.9.0.0/24", start: "10.9.0.10" });
    const leases = join(tempDir(), "leases.yaml");
    writeFileSync(
      leases,
      `leases:\n  - mac: "${a?.mac}"\n    address: 127.0.0.5\n  - mac: "${b?.mac}"\n    address: 127.0.0.5\n  - mac: zz\n    address: 127.0.0.9\n    name: x\n`,
    );
    const r = runCli(["serve", dir, "--mode", "openstack", "--port", "0", "--leases", leases]);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `${leases}:5:5: leases[1].address: 127.0.0.5 is already leased in leases[0]; fix: give every VM its own address (two VMs behind one address cannot be told apart)`,
      `${leases}:6:5: leases[2].mac: "zz" is not a MAC address; fix: write it as aa:bb:cc:dd:ee:ff`,
      `${leases}:8:5: leases[2].name: unknown key; fix: remove it (a lease has mac and address)`,
    ]);

    const twin = tempDir();
    writeFleet(twin, 1, { cidr: "10.9.0.0/24", start: "10.9.0.10" });
    writeFileSync(join(twin, "copy.yaml"), readFileSync(join(twin, "vm-001.yaml")));
    const t = runCli(["serve", twin, "--mode", "openstack", "--port", "0"]);
    expect(t.status).toBe(1);
    expect(t.stderr).toContain(
      "10.9.0.10 is claimed by static address of copy and static address of vm-001; fix: give every VM its own address",
    );
  });

  it("takes a known VM's address from it as soon as a second spec claims it, and gives it back when that spec goes", async () => {
    const dir = tempDir();
    const [a] = writeFleet(dir, 1, { cidr: "127.0.0.0/24", start: "127.0.0.2" });
    if (a === undefined) throw new Error("no fleet");
    const server = await startServe([dir, "--mode", "openstack", "--port", "0"]);
    const path = "/openstack/latest/meta_data.json";
    const name = async () => {
      const r = await getFrom(server.port, a.address, path);
      return r.status === 200 ? (JSON.parse(r.body) as { name: string }).name : r.status;
    };
    expect(await name()).toBe(a.hostname);
    // The address is known now; a copy of the spec claims it too: it belongs to nobody (metadata-clients.ts).
    writeFileSync(join(dir, "copy.yaml"), readFileSync(join(dir, `${a.hostname}.yaml`)));
    expect(await name()).toBe(404);
    await waitFor(() => server.lines.some((l) => l.includes("is claimed by")));
    expect(server.lines.at(-1)).toBe(
      `  404 because ${a.address} is claimed by static address of copy and static address of ${a.hostname}`,
    );
    rmSync(join(dir, "copy.yaml"));
    expect(await name()).toBe(a.hostname);
  });

  it("gives an address back when one of two specs claiming it goes, with no other client asking first", async () => {
    const dir = tempDir();
    const [a] = writeFleet(dir, 1, { cidr: "127.0.0.0/24", start: "127.0.0.2" });
    if (a === undefined) throw new Error("no fleet");
    const server = await startServe([dir, "--mode", "openstack", "--port", "0"]);
    const path = "/openstack/latest/meta_data.json";
    writeFileSync(join(dir, "copy.yaml"), readFileSync(join(dir, `${a.hostname}.yaml`)));
    // A stranger's request is the first to see the copy; the address's own VM then gets 404.
    expect((await getFrom(server.port, "127.0.0.9", path)).status).toBe(404);
    expect((await getFrom(server.port, a.address, path)).status).toBe(404);
    rmSync(join(dir, "copy.yaml"));
    const r = await getFrom(server.port, a.address, path);
    expect(r.status).toBe(200);
    expect((JSON.parse(r.body) as { name: string }).name).toBe(a.hostname);
  });

  it("answers 500, and logs why, when the directory is gone", async () => {
    const dir = tempDir();
    const [a] = writeFleet(dir, 1, { cidr: "127.0.0.0/24", start: "127.0.0.2" });
    const server = await startServe([dir, "--mode", "openstack", "--port", "0"]);
    rmSync(dir, { recursive: true });
    expect((await getFrom(server.port, a?.address ?? "", "/openstack")).status).toBe(500);
    await waitFor(() => server.lines.some((l) => l.startsWith("  500 because")));
    expect(server.lines.at(-1)).toBe(
      `  500 because ${dir}: cannot read the directory: no such file or directory`,
    );
  });

  it("refuses --leases without --mode openstack and an unknown mode", () => {
    const dir = tempDir();
    expect(runCli(["serve", dir, "-p", "0", "-l", "x.yaml"]).stderr).toContain(
      "--leases is for --mode openstack",
    );
    const bad = runCli(["serve", dir, "-p", "0", "-m", "ec2"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--mode must be nocloud or openstack, not "ec2"');
  });

  it("closes on SIGTERM and exits 0", async () => {
    const dir = tempDir();
    writeFleet(dir, 1, { cidr: "127.0.0.0/24", start: "127.0.0.2" });
    const server = await startServe([dir, "--mode", "openstack", "--port", "0"]);
    server.child.kill("SIGTERM");
    expect(await server.exit).toBe(0);
    expect(server.lines).toContain("SIGTERM: shutting down");
  });
});
