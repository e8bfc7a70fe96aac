/**
 * cloud-init itself reads what our seed images carry: each image is extracted with xorriso (through
 * Rock Ridge, as Linux mounts it) and the directory is handed to Debian's cloud-init 22.4 —
 * DataSourceNoCloud's seed-directory reader for `cidata`, `read_config_drive` for `config-2`.
 * Documents come from hand-written fixtures and from the foundation's renderers over the spec corpus.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { buildConfigDriveIso, buildNoCloudIso } from "../../src/iso";
import { renderAll } from "../../src/render/render-all";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderNoCloudFiles } from "../../src/render/nocloud";
import { runPython } from "../helpers/cloud-init";
import { loadCorpus } from "../corpus";
import { META_DATA, NETWORK_CONFIG, USER_DATA, VENDOR_DATA, configDriveTree } from "./fixtures";
import { isoinfoDescriptor, removeTree, xorrisoExtract } from "./readers";

const READ_SEEDS = `
import json, sys, tempfile
from cloudinit import helpers, distros
from cloudinit.sources.DataSourceNoCloud import DataSourceNoCloud
from cloudinit.sources.DataSourceConfigDrive import read_config_drive

def enc(o):
    if isinstance(o, bytes):
        return {"hex": o.hex()}
    raise TypeError(repr(o))

out = {}
for item in json.load(sys.stdin):
    if item["kind"] == "nocloud":
        tmp = tempfile.mkdtemp()
        paths = helpers.Paths({"cloud_dir": tmp, "run_dir": tmp})
        distro = distros.fetch("debian")("debian", {}, paths)
        ds = DataSourceNoCloud({"datasource": {"NoCloud": {"fs_label": None}}}, distro, paths)
        ds.seed_dirs = [item["dir"]]
        found = ds._get_data()
        out[item["name"]] = {"found": found, "metadata": ds.metadata, "userData": ds.userdata_raw or b"",
                             "vendorData": ds.vendordata_raw or b"", "networkConfig": ds.network_config,
                             "instanceId": ds.get_instance_id()}
    else:
        r = read_config_drive(item["dir"])
        out[item["name"]] = {"version": r.get("version"), "metadata": r.get("metadata"),
                             "userData": r.get("userdata") or b"", "networkData": r.get("networkdata"),
                             "ec2": r.get("ec2-metadata"), "networkConfig": r.get("network_config")}
json.dump(out, sys.stdout, default=enc)
`;

type Hex = { hex: string } | string;
interface NoCloudRead {
  found: boolean;
  metadata: Record<string, unknown>;
  userData: Hex;
  vendorData: Hex;
  networkConfig: unknown;
  instanceId: string;
}
interface ConfigDriveRead {
  version: number;
  metadata: Record<string, unknown>;
  userData: Hex;
  networkData: unknown;
  ec2: Record<string, unknown> | null;
  networkConfig: string | null;
}

function hexOf(value: Hex): string {
  return typeof value === "string" ? Buffer.from(value, "utf8").toString("hex") : value.hex;
}

interface Seed {
  name: string;
  kind: "nocloud" | "config-drive";
  image: Buffer;
  files: Map<string, Buffer>;
}

function noCloudSeed(name: string, files: Map<string, Buffer>): Seed {
  const get = (key: string): Buffer | undefined => files.get(key);
  const image = buildNoCloudIso({
    userData: get("user-data") ?? "",
    metaData: get("meta-data") ?? "",
    networkConfig: get("network-config"),
    vendorData: get("vendor-data"),
  });
  return { name, kind: "nocloud", image, files };
}

function configDriveSeed(name: string, tree: Map<string, Buffer>): Seed {
  return { name, kind: "config-drive", image: buildConfigDriveIso(tree), files: tree };
}

const handMade: Seed[] = [
  noCloudSeed(
    "hand-made NoCloud",
    new Map([
      ["user-data", Buffer.from(USER_DATA)],
      ["meta-data", Buffer.from(META_DATA)],
      ["network-config", Buffer.from(NETWORK_CONFIG)],
      ["vendor-data", Buffer.from(VENDOR_DATA)],
    ]),
  ),
  configDriveSeed("hand-made config drive", configDriveTree()),
];

const corpus: Seed[] = loadCorpus().flatMap((entry) => {
  const docs = renderAll(entry.spec);
  return [
    noCloudSeed(`corpus ${entry.name} NoCloud`, renderNoCloudFiles(docs)),
    configDriveSeed(
      `corpus ${entry.name} config drive`,
      renderConfigDriveTree(entry.spec, docs, { legacyNetworkFile: true }),
    ),
  ];
});

describe("cloud-init reading our seed ISOs", () => {
  const seeds = [...handMade, ...corpus];
  let workDir: string;
  let reads: Record<string, NoCloudRead | ConfigDriveRead>;

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), "iso-cloud-init-"));
    const requests = seeds.map((seed, i) => {
      const img = join(workDir, `${i}.iso`);
      writeFileSync(img, seed.image);
      const dir = join(workDir, `${i}`);
      xorrisoExtract(img, dir);
      return { name: seed.name, kind: seed.kind, dir, img };
    });
    const r = runPython(READ_SEEDS, { input: JSON.stringify(requests) });
    if (r.status !== 0) throw new Error(`cloud-init could not read the seeds: ${r.stderr}`);
    reads = JSON.parse(r.stdout) as typeof reads;
  });
  afterAll(() => {
    seeds.forEach((_s, i) => removeTree(join(workDir, `${i}`)));
    rmSync(workDir, { recursive: true, force: true });
  });

  it("labels every NoCloud seed cidata and every config drive config-2", () => {
    seeds.forEach((seed, i) => {
      const label = isoinfoDescriptor(join(workDir, `${i}.iso`)).volumeId;
      expect({ seed: seed.name, label }).toEqual({
        seed: seed.name,
        label: seed.kind === "nocloud" ? "cidata" : "config-2",
      });
    });
  });

  it("covers the hand-made documents and every corpus spec", () => {
    expect(corpus.length).toBe(loadCorpus().length * 2);
    expect(corpus.length).toBeGreaterThan(0);
  });

  it.each(seeds.filter((s) => s.kind === "nocloud").map((s) => [s.name, s] as const))(
    "%s: DataSourceNoCloud finds the seed and reads meta-data, user-data, network-config and vendor-data",
    (name, seed) => {
      const read = reads[name] as NoCloudRead;
      const metaData = parse(seed.files.get("meta-data")?.toString("utf8") ?? "") as Record<string, unknown>;
      expect(read.found).toBe(true);
      expect(read.metadata).toEqual(expect.objectContaining(metaData));
      expect(read.instanceId).toBe(metaData["instance-id"]);
      expect(hexOf(read.userData)).toBe(seed.files.get("user-data")?.toString("hex"));
      expect(hexOf(read.vendorData)).toBe(seed.files.get("vendor-data")?.toString("hex") ?? "");
      const network = seed.files.get("network-config");
      expect(read.networkConfig ?? null).toEqual(network ? parse(network.toString("utf8")) : null);
    },
  );

  it.each(seeds.filter((s) => s.kind === "config-drive").map((s) => [s.name, s] as const))(
    "%s: read_config_drive reads the v2 tree, its user-data, network data, legacy network file and ec2 data",
    (name, seed) => {
      const read = reads[name] as ConfigDriveRead;
      const file = (path: string): Buffer | undefined => seed.files.get(path);
      const metaData = JSON.parse(
        file("openstack/latest/meta_data.json")?.toString("utf8") ?? "null",
      ) as Record<string, unknown>;
      expect(read.version).toBe(2);
      expect(read.metadata).toEqual(
        expect.objectContaining({ uuid: metaData.uuid, hostname: metaData.hostname }),
      );
      expect(hexOf(read.userData)).toBe(file("openstack/latest/user_data")?.toString("hex") ?? "");
      const networkData = file("openstack/latest/network_data.json");
      expect(read.networkData ?? null).toEqual(networkData ? JSON.parse(networkData.toString("utf8")) : null);
      expect(read.networkConfig ?? null).toEqual(file("openstack/content/0000")?.toString("utf8") ?? null);
      const ec2 = JSON.parse(file("ec2/latest/meta-data.json")?.toString("utf8") ?? "null") as Record<
        string,
        unknown
      >;
      expect(read.ec2).toEqual(expect.objectContaining({ "instance-id": ec2["instance-id"] }));
    },
  );
});
