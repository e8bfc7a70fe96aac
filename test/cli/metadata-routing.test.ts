/**
 * The metadata service's parts without the server: the tree it answers from (routing, listings, traversal),
 * the client index (unknown clients, reloads) and the lease table's validation.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import * as leaseTable from "../../src/cli/lease-table";
import { canonicalAddress, parseLeaseTable, type Lease } from "../../src/cli/lease-table";
import { MetadataClients, MetadataVm, renderMetadataVm } from "../../src/cli/metadata-clients";
import { lookupMetadata } from "../../src/cli/metadata-tree";
import { SeedStore } from "../../src/cli/seed-store";
import type { BootstrapSpec } from "../../src/spec/types";

function spec(hostname: string, address: string, mac: string): BootstrapSpec {
  return {
    hostname,
    defaultUserSshAuthorizedKeys: [
      `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyK ${hostname}`,
    ],
    users: [{ name: "ops", password: `pw-${hostname}` }],
    network: { interfaces: [{ macAddress: mac, addresses: [`${address}/24`] }] },
  };
}

const dirs: string[] = [];
function specDir(specs: Record<string, BootstrapSpec>): string {
  const dir = mkdtempSync(join(tmpdir(), "bvm-md-"));
  dirs.push(dir);
  for (const [name, s] of Object.entries(specs)) writeFileSync(join(dir, `${name}.yaml`), stringify(s));
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the metadata tree", () => {
  const tree = renderMetadataVm(spec("web-01", "192.0.2.10", "52:54:00:00:00:01")).tree;
  const text = (path: string) => {
    const r = lookupMetadata(tree, path);
    return r.kind === "file" || r.kind === "listing" ? r.body.toString("utf8") : r.kind;
  };

  it("lists the OpenStack versions and latest, and each version's documents, with or without a trailing slash", () => {
    expect(text("/openstack").split("\n")).toEqual([
      ...["2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15", "2016-06-30", "2016-10-06"],
      ...["2017-02-22", "2018-08-27", "2020-10-14", "2025-04-04", "latest"],
    ]);
    expect(text("/openstack/")).toBe(text("/openstack"));
    expect(text("/openstack/latest/").split("\n")).toEqual([
      "meta_data.json",
      "network_data.json",
      "user_data",
      "vendor_data.json",
      "vendor_data2.json",
    ]);
    // vendor_data.json from 2013-10-17, network_data.json from 2015-10-15 (Nova's versions, as the config drive).
    expect(text("/openstack/2012-08-10").split("\n")).toEqual(["meta_data.json", "user_data"]);
    expect(JSON.parse(text("/openstack/latest/meta_data.json"))).toMatchObject({ name: "web-01" });
  });

  it("spreads the EC2 meta-data over a tree: subtrees end in /, public keys are listed as index=name", () => {
    expect(text("/").split("\n").slice(-1)).toEqual(["latest"]);
    expect(text("/latest")).toBe("meta-data/\nuser-data");
    expect(text("/latest/meta-data/").split("\n")).toContain("public-keys/");
    expect(text("/latest/meta-data/public-keys")).toBe("0=key-0");
    expect(text("/latest/meta-data/public-keys/0/")).toBe("openssh-key");
    expect(text("/latest/meta-data/public-keys/0/openssh-key")).toMatch(/ web-01$/);
    expect(text("/latest/meta-data/local-ipv4")).toBe("192.0.2.10");
    expect(text("/latest/meta-data/placement/availability-zone")).toBe("nova");
  });

  it("refuses traversal, encoded and empty segments, and answers missing for what the tree lacks", () => {
    for (const path of [
      "/openstack/../latest",
      "/openstack/./latest",
      "/openstack//latest",
      "/%2e%2e/etc/passwd",
      "/openstack\\latest",
    ])
      expect(lookupMetadata(tree, path).kind).toBe("bad");
    expect(lookupMetadata(tree, "/openstack/latest/meta_data.json/").kind).toBe("missing");
    expect(lookupMetadata(tree, "/openstack/2099-01-01/meta_data.json").kind).toBe("missing");
    expect(lookupMetadata(tree, "/etc/passwd").kind).toBe("missing");
  });
});

describe("the client index", () => {
  it("finds a VM by its static address (also as an IPv4-mapped IPv6 peer) and nobody else's", () => {
    const dir = specDir({
      a: spec("a", "10.1.0.5", "52:54:00:00:00:0a"),
      b: spec("b", "10.1.0.6", "52:54:00:00:00:0b"),
    });
    const clients = new MetadataClients(new SeedStore<MetadataVm>(dir, renderMetadataVm));
    expect(clients.rebuild()).toEqual({ problems: [], warnings: [] });
    expect(clients.lookup("10.1.0.5")).toMatchObject({ kind: "vm", name: "a" });
    expect(clients.lookup("::ffff:10.1.0.6")).toMatchObject({ kind: "vm", name: "b" });
    expect(clients.lookup("10.1.0.7")).toEqual({
      kind: "unknown",
      why: "10.1.0.7 is no VM's address (no spec has it as a static address)",
    });
  });

  it("follows a spec that changes its address: the old address becomes unknown", () => {
    const dir = specDir({ a: spec("a", "10.1.0.5", "52:54:00:00:00:0a") });
    const clients = new MetadataClients(new SeedStore<MetadataVm>(dir, renderMetadataVm));
    clients.rebuild();
    expect(clients.lookup("10.1.0.5")).toMatchObject({ kind: "vm", name: "a" });
    writeFileSync(join(dir, "a.yaml"), stringify(spec("a", "10.1.0.50", "52:54:00:00:00:0a")));
    expect(clients.lookup("10.1.0.5")).toMatchObject({ kind: "unknown" });
    expect(clients.lookup("10.1.0.50")).toMatchObject({ kind: "vm", name: "a" });
  });

  it("finds a VM through the lease table, and warns about leases no spec has", () => {
    const dir = specDir({ a: spec("a", "10.1.0.5", "52:54:00:00:00:0a") });
    const leases = join(dir, ".leases.yaml");
    writeFileSync(
      leases,
      "leases:\n  - {mac: 52-54-00-00-00-0A, address: 192.168.122.20}\n  - {mac: 52:54:00:00:00:ff, address: 192.168.122.21}\n",
    );
    const clients = new MetadataClients(new SeedStore<MetadataVm>(dir, renderMetadataVm), leases);
    expect(clients.rebuild()).toEqual({
      problems: [],
      warnings: ["lease 52:54:00:00:00:ff -> 192.168.122.21: no spec has this MAC address"],
    });
    expect(clients.lookup("192.168.122.20")).toMatchObject({ kind: "vm", name: "a" });
    expect(clients.lookup("192.168.122.21")).toMatchObject({ kind: "unknown" });
  });
});

describe("the client index with many specs and leases", () => {
  const M = 200;
  const mac = (i: number) =>
    `52:54:00:00:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`;
  const leaseAddress = (i: number) => `10.2.${i >> 8}.${i & 255}`;

  afterEach(() => jest.restoreAllMocks());

  it("looks each spec's MACs up in the lease table, not every lease for each spec", () => {
    // M specs without a static address, each found through its own lease; one more lease no spec has.
    const dir = mkdtempSync(join(tmpdir(), "bvm-md-"));
    dirs.push(dir);
    for (let i = 0; i < M; i++)
      writeFileSync(
        join(dir, `vm${i}.json`),
        JSON.stringify({
          hostname: `vm${i}`,
          network: { interfaces: [{ macAddress: mac(i), dhcp4: true }] },
        }),
      );
    const leases = join(dir, ".leases.json");
    const table = Array.from({ length: M + 1 }, (_, i) => ({ mac: mac(i), address: leaseAddress(i) }));
    writeFileSync(leases, JSON.stringify({ leases: table }));
    // Every read of a lease's mac or address is counted: the lease table's leases count them.
    let reads = 0;
    const counted = (lease: Lease): Lease => ({
      get mac() {
        reads++;
        return lease.mac;
      },
      get address() {
        reads++;
        return lease.address;
      },
    });
    const parse = leaseTable.parseLeaseTable;
    jest.spyOn(leaseTable, "parseLeaseTable").mockImplementation((file, text) => {
      const parsed = parse(file, text);
      return { ...parsed, leases: parsed.leases.map(counted) };
    });
    // A cheap rendering: the index needs only the spec's MACs and static addresses.
    const render = (spec: BootstrapSpec): MetadataVm => ({
      tree: { files: new Map(), listings: new Map() },
      addresses: [],
      macs: (spec.network?.interfaces ?? []).map((iface) => (iface.macAddress ?? "").toLowerCase()),
    });
    const clients = new MetadataClients(new SeedStore<MetadataVm>(dir, render), leases);
    expect(clients.rebuild()).toEqual({
      problems: [],
      warnings: [`lease ${mac(M)} -> ${leaseAddress(M)}: no spec has this MAC address`],
    });
    // Each lease is read a few times (indexed, claimed, checked for a spec): 1,205 reads. Going through
    // every lease for each spec read 61,103.
    expect(reads).toBeLessThanOrEqual(10 * M);
    reads = 0;
    for (const i of [0, M / 2, M - 1])
      expect(clients.lookup(leaseAddress(i))).toMatchObject({ kind: "vm", name: `vm${i}` });
    expect(clients.lookup(leaseAddress(M))).toMatchObject({ kind: "unknown" });
    // A request reads at most the one lease of its address (3 reads for these 4); going through the leases
    // up to it read 305.
    expect(reads).toBeLessThanOrEqual(4);
  });
});

describe("the lease table", () => {
  it("accepts MACs in any case or with dashes, and addresses in any IPv6 form", () => {
    const table = '{"leases": [{"mac": "52-54-00-AB-CD-EF", "address": "2001:DB8:0::1"}]}';
    for (const file of ["leases.json", "leases.yaml"])
      expect(parseLeaseTable(file, table)).toEqual({
        leases: [{ mac: "52:54:00:ab:cd:ef", address: "2001:db8::1" }],
        problems: [],
      });
    expect(canonicalAddress("::ffff:127.0.0.2")).toBe("127.0.0.2");
    expect(canonicalAddress("127.1")).toBeUndefined();
  });

  it("names every problem with its place, its property path and a fix, in the order of the file", () => {
    const text = [
      "leases:",
      "  - mac: 52:54:00:00:00:01",
      "    address: 10.0.0.1/24",
      "  - mac: 52:54:00:00:00:01",
      "    address: 10.0.0.2",
      "  - address: 10.0.0.2",
      "  - 7",
      "extra: 1",
    ].join("\n");
    expect(parseLeaseTable("l.yaml", text)).toEqual({
      leases: [],
      problems: [
        'l.yaml:3:5: leases[0].address: "10.0.0.1/24" is not an IP address; fix: write one IPv4 or IPv6 address without a prefix',
        "l.yaml:4:5: leases[1].mac: 52:54:00:00:00:01 is already leased in leases[0]; fix: keep one lease per MAC",
        "l.yaml:6:5: leases[2].mac: missing; fix: add the NIC's MAC (write it as aa:bb:cc:dd:ee:ff)",
        "l.yaml:6:5: leases[2].address: 10.0.0.2 is already leased in leases[1]; fix: give every VM its own address (two VMs behind one address cannot be told apart)",
        "l.yaml:7:5: leases[3]: must be a mapping with mac and address; fix: write `- mac: ...` and `address: ...`",
        "l.yaml:8:1: extra: unknown key; fix: remove it (only `leases` is read)",
      ],
    });
    expect(parseLeaseTable("l.yaml", "- a").problems).toEqual([
      "l.yaml:1:1: the file must be a mapping with a `leases` list; fix: start it with `leases:`",
    ]);
    expect(parseLeaseTable("l.yaml", "leases: {}").problems).toEqual([
      "l.yaml:1:1: leases: must be a list of {mac, address}; fix: write `leases:` followed by `- mac: ...` items",
    ]);
  });
});
