/**
 * The images every reader must agree on. Documents are realistic hand-written cloud-init data
 * (the same shapes the renderers emit); the config-drive tree mirrors what Nova writes.
 */
import { buildConfigDriveIso, buildIso9660, buildNoCloudIso, IsoFile } from "../../src/iso";

export interface ImageCase {
  name: string;
  volumeId: string;
  /** Every file of the image with its bytes and Rock Ridge permission bits. */
  files: Map<string, { data: Buffer; mode: number }>;
  joliet: boolean;
  build: () => Buffer;
}

export const USER_DATA = `#cloud-config
hostname: web-1
users:
  - name: ops
    groups: [sudo]
    shell: /bin/bash
    ssh_authorized_keys:
      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBz3zk0aZ2kKZ0o1xU0sF6mP5b2JtQZ2yV7l1i3S4t5u ops@example
runcmd:
  - [sh, -c, "echo booted > /var/tmp/booted"]
`;
export const META_DATA = "instance-id: iid-0123456789abcdef0123\nlocal-hostname: web-1\n";
export const NETWORK_CONFIG = `version: 2
ethernets:
  eth0:
    match:
      macaddress: "52:54:00:12:34:56"
    set-name: eth0
    addresses: [192.0.2.10/24]
    routes:
      - to: 0.0.0.0/0
        via: 192.0.2.1
    nameservers:
      addresses: [192.0.2.53]
`;
export const VENDOR_DATA = "#cloud-config\npackage_update: false\n";

const UUID = "4d4a37a1-5d1b-4c5e-9d86-2f8b3c1e9a10";
const META_DATA_JSON = JSON.stringify({
  uuid: UUID,
  hostname: "web-1",
  name: "web-1",
  launch_index: 0,
  availability_zone: "nova",
  meta: { role: "web" },
  public_keys: {
    ops: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBz3zk0aZ2kKZ0o1xU0sF6mP5b2JtQZ2yV7l1i3S4t5u ops",
  },
  keys: [
    {
      name: "ops",
      type: "ssh",
      data: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBz3zk0aZ2kKZ0o1xU0sF6mP5b2JtQZ2yV7l1i3S4t5u ops",
    },
  ],
  files: [],
  network_config: { name: "network_config", content_path: "/content/0000" },
});
const NETWORK_DATA_JSON = JSON.stringify({
  links: [{ id: "tap0", type: "phy", mtu: 1500, ethernet_mac_address: "52:54:00:12:34:56", vif_id: "vif-1" }],
  networks: [
    {
      id: "network0",
      type: "ipv4",
      link: "tap0",
      ip_address: "192.0.2.10",
      netmask: "255.255.255.0",
      routes: [{ network: "0.0.0.0", netmask: "0.0.0.0", gateway: "192.0.2.1" }],
      services: [{ type: "dns", address: "192.0.2.53" }],
    },
  ],
  services: [{ type: "dns", address: "192.0.2.53" }],
});
const ENI =
  "auto eth0\niface eth0 inet static\n    address 192.0.2.10\n    netmask 255.255.255.0\n    gateway 192.0.2.1\n";
const EC2_META = JSON.stringify({ "instance-id": UUID, hostname: "web-1", "local-hostname": "web-1" });

/** A realistic config-drive v2 tree: dated versions plus latest, content/0000 and ec2. */
export function configDriveTree(): Map<string, Buffer> {
  const tree = new Map<string, Buffer>();
  for (const version of ["2015-10-15", "2016-10-06", "2018-08-27", "latest"]) {
    tree.set(`openstack/${version}/meta_data.json`, Buffer.from(META_DATA_JSON));
    tree.set(`openstack/${version}/user_data`, Buffer.from(USER_DATA));
    tree.set(`openstack/${version}/network_data.json`, Buffer.from(NETWORK_DATA_JSON));
    tree.set(`openstack/${version}/vendor_data.json`, Buffer.from("{}"));
    tree.set(`openstack/${version}/vendor_data2.json`, Buffer.from("{}"));
  }
  tree.set("openstack/content/0000", Buffer.from(ENI));
  for (const version of ["2009-04-04", "latest"]) {
    tree.set(`ec2/${version}/meta-data.json`, Buffer.from(EC2_META));
    tree.set(`ec2/${version}/user-data`, Buffer.from(USER_DATA));
  }
  return tree;
}

/** Deterministic pseudo-random bytes (xorshift32), so a misplaced sector cannot go unnoticed. */
export function patternBytes(length: number, seed: number): Buffer {
  const buf = Buffer.alloc(length);
  const words = new Uint32Array(buf.buffer, buf.byteOffset, Math.floor(length / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  for (let i = words.length * 4; i < length; i++) buf[i] = i & 0xff;
  return buf;
}

function filesCase(name: string, volumeId: string, files: IsoFile[], joliet = true): ImageCase {
  return {
    name,
    volumeId,
    joliet,
    files: new Map(files.map((f) => [f.path, { data: Buffer.from(f.data), mode: f.mode ?? 0o444 }])),
    build: () => buildIso9660(files, { volumeId, joliet }),
  };
}

function docs(entries: Record<string, string>): IsoFile[] {
  return Object.entries(entries).map(([path, text]) => ({ path, data: Buffer.from(text) }));
}

export const IMAGE_CASES: ImageCase[] = [
  {
    ...filesCase(
      "NoCloud minimal",
      "cidata",
      docs({ "user-data": "#cloud-config\n", "meta-data": "instance-id: iid-min\n" }),
    ),
    build: () => buildNoCloudIso({ userData: "#cloud-config\n", metaData: "instance-id: iid-min\n" }),
  },
  {
    ...filesCase(
      "NoCloud full",
      "cidata",
      docs({
        "user-data": USER_DATA,
        "meta-data": META_DATA,
        "network-config": NETWORK_CONFIG,
        "vendor-data": VENDOR_DATA,
      }),
    ),
    build: () =>
      buildNoCloudIso({
        userData: USER_DATA,
        metaData: META_DATA,
        networkConfig: NETWORK_CONFIG,
        vendorData: VENDOR_DATA,
      }),
  },
  {
    ...filesCase(
      "config drive",
      "config-2",
      [...configDriveTree()].map(([path, data]) => ({ path, data })),
    ),
    build: () => buildConfigDriveIso(configDriveTree()),
  },
  filesCase("empty file", "EMPTY", [{ path: "empty", data: new Uint8Array(0) }]),
  filesCase("large file", "LARGE", [
    { path: "disk/blob-64mib.bin", data: patternBytes(64 * 1024 * 1024 + 3, 7) },
    { path: "disk/after-the-blob", data: Buffer.from("still here\n") },
    { path: "disk/zero-length", data: new Uint8Array(0) },
  ]),
  filesCase("deep tree", "DEEP", [
    { path: "l1/l2/l3/l4/l5/l6/l7/deepest-file.txt", data: Buffer.from("eight levels down\n") },
    { path: "l1/l2/l3/l4/l5/l6/l7/run-me.sh", data: Buffer.from("#!/bin/sh\necho hi\n"), mode: 0o755 },
    { path: "l1/l2/l3/level-four.txt", data: Buffer.from("4\n"), mode: 0o644 },
    { path: "l1/top.txt", data: Buffer.from("2\n") },
  ]),
  filesCase("many files", "MANY", [
    ...Array.from({ length: 1000 }, (_, i) => ({
      path: `data/file-${String(i).padStart(4, "0")}.json`,
      data: Buffer.from(`{"index":${i}}\n`),
    })),
    ...Array.from({ length: 20 }, (_, i) => ({
      path: `dirs/sub-directory-${i}/x`,
      data: patternBytes(2048 + i, i + 1),
    })),
    { path: "data/empty.json", data: new Uint8Array(0) },
  ]),
  filesCase(
    "long Rock Ridge names",
    "LONGNAMES",
    [
      { path: "n".repeat(255), data: Buffer.from("255 bytes\n") },
      { path: `dir-${"d".repeat(200)}/${"é".repeat(127)}`, data: Buffer.from("254 bytes of UTF-8\n") },
      { path: "c".repeat(150), data: Buffer.from("150\n") },
    ],
    false,
  ),
  filesCase("Joliet-length names", "J64", [
    { path: `${"j".repeat(60)}.txt`, data: Buffer.from("64 characters\n") },
    { path: `${"k".repeat(64)}/${"l".repeat(64)}`, data: Buffer.from("nested\n") },
    { path: "ünïcødé-名前.txt", data: Buffer.from("bmp\n") },
  ]),
];
