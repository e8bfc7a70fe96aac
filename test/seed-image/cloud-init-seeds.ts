/**
 * Debian's cloud-init reads a seed ISO the way a guest would: the image is extracted with xorriso (Rock
 * Ridge names, as Linux mounts it), then DataSourceNoCloud's seed-directory reader (`cidata`) or
 * `read_config_drive` (`config-2`) reads the directory, and the network config is converted to netplan.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPython } from "../helpers/cloud-init";
import { xorrisoExtract } from "../iso/readers";

const READ_SEED = `
import json, sys, tempfile
from cloudinit import helpers, distros
from cloudinit.sources.DataSourceNoCloud import DataSourceNoCloud
from cloudinit.sources.DataSourceConfigDrive import read_config_drive
from cloudinit.sources.helpers import openstack
from cloudinit.net import network_state, netplan

kind, seed_dir = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp()
paths = helpers.Paths({"cloud_dir": tmp, "run_dir": tmp})
distro = distros.fetch("debian")("debian", {}, paths)

def netplan_of(cfg):
    state = network_state.parse_net_config_data(cfg)
    return netplan.Renderer({"netplan_path": "x", "postcmds": False})._render_content(state)

if kind == "nocloud":
    ds = DataSourceNoCloud({"datasource": {"NoCloud": {"fs_label": None}}}, distro, paths)
    ds.seed_dirs = [seed_dir]
    found = ds._get_data()
    out = {"found": found, "instanceId": ds.get_instance_id(), "hostname": ds.metadata.get("local-hostname"),
           "userData": (ds.userdata_raw or b"").decode(), "netplan": netplan_of(ds.network_config)}
else:
    r = read_config_drive(seed_dir)
    md = r["metadata"]
    # The guest's NICs, as cloud-init would find them: one per link, by MAC.
    links = (r["networkdata"] or {}).get("links", [])
    known = {l["ethernet_mac_address"].lower(): "eth%d" % i for i, l in enumerate(links) if l.get("ethernet_mac_address")}
    cfg = openstack.convert_net_json(r["networkdata"], known_macs=known)
    out = {"found": True, "instanceId": md.get("uuid"), "hostname": md.get("hostname"),
           "userData": (r.get("userdata") or b"").decode(), "netplan": netplan_of(cfg),
           "legacyNetwork": r.get("network_config")}
json.dump(out, sys.stdout)
`;

export interface SeedRead {
  found: boolean;
  instanceId: string;
  hostname: string;
  userData: string;
  /** The network config as cloud-init would write it for netplan. */
  netplan: string;
  /** config drive only: the legacy `content/0000` network file, when `meta_data.json` points at it. */
  legacyNetwork?: string | null;
}

/** Reads the seed ISO at `image` with cloud-init (`nocloud` or `config-drive`). */
export function readSeedWithCloudInit(image: string, kind: "nocloud" | "config-drive"): SeedRead {
  const dir = mkdtempSync(join(tmpdir(), "seed-read-"));
  try {
    xorrisoExtract(image, dir);
    const script = `import sys\nsys.argv = ["read", ${JSON.stringify(kind)}, ${JSON.stringify(dir)}]\n${READ_SEED}`;
    const r = runPython(script);
    if (r.status !== 0) throw new Error(`cloud-init could not read ${image}: ${r.stderr}`);
    return JSON.parse(r.stdout) as SeedRead;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
