/**
 * Proof 4: the config-drive v2 tree, written to a directory, read by cloud-init 22.4's own
 * DataSourceConfigDrive (seed directory `seed/config_drive`, the same `read_config_drive` /
 * `ConfigDriveReader` path as a mounted `config-2` drive): instance-id, hostname, public keys, user-data,
 * vendor-data, EC2 metadata, and the network config it converts from `network_data.json`, rendered to
 * netplan by cloud-init and compared with the spec. A second tree holding only the legacy
 * `openstack/content/0000` file (no network_data.json) must give the spec's addresses through
 * cloud-init's ENI parser. One Python process reads every tree.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderAll } from "../../src/render/render-all";
import type { RenderedDocuments } from "../../src/render/types";
import type { BootstrapSpec } from "../../src/spec/types";
import { writeTreeAtomic } from "../../src/util/atomic-write";
import { requireCloudInit, runPython } from "../helpers/cloud-init";
import { loadCorpus } from "../corpus";
import {
  canonicalIp,
  expectedInterfaces,
  expectedName,
  NetInterface,
  parseNetplan,
} from "./network-expected";

const READ_ALL = `
import json, os, sys
from cloudinit import distros, helpers, util
from cloudinit.net import netplan, network_state
from cloudinit.sources import DataSourceConfigDrive

def read(case):
    paths = helpers.Paths({"cloud_dir": case["cloud_dir"], "run_dir": case["cloud_dir"]})
    distro = distros.fetch("debian")("debian", {}, paths)
    ds = DataSourceConfigDrive.DataSourceConfigDrive({}, distro, paths)
    found = ds._get_data()
    ds.known_macs = case["known_macs"]
    netcfg = ds.network_config
    ud = ds.userdata_raw
    return {
        "found": found,
        "source": ds.source,
        "instance_id": ds.get_instance_id(),
        "local_hostname": ds.metadata.get("local-hostname"),
        "public_keys": ds.get_public_ssh_keys(),
        "userdata": util.decode_binary(util.decomp_gzip(ud, quiet=True)) if ud else None,
        "vendordata": ds.vendordata_raw,
        "ec2_instance_id": (ds.ec2_metadata or {}).get("instance-id"),
        "used_network_json": ds.network_json not in (None, DataSourceConfigDrive.sources.UNSET),
        "netplan": netplan.network_state_to_netplan(network_state.parse_net_config_data(netcfg)) if netcfg else None,
    }

results = {}
for case in json.load(sys.stdin):
    try:
        results[case["id"]] = read(case)
    except Exception as e:  # reported per case, the test fails on it
        results[case["id"]] = {"error": "%s: %s" % (type(e).__name__, e)}
print(json.dumps(results))
`;

interface Case {
  name: string;
  spec: BootstrapSpec;
  docs: RenderedDocuments;
}

/** MAC -> name for NICs the spec matches by MAC only (what the guest kernel would report). */
function knownMacs(spec: BootstrapSpec): Record<string, string> {
  return Object.fromEntries(
    (spec.network?.interfaces ?? []).flatMap((iface, i) =>
      iface.name === undefined && iface.macAddress !== undefined
        ? [[iface.macAddress.toLowerCase(), expectedName(iface, i)]]
        : [],
    ),
  );
}

/** What survives cloud-init's ENI reader: MAC, addresses, gateways of static stanzas, DNS of static NICs. */
function eniProjection(ifaces: Map<string, NetInterface>): Record<string, Partial<NetInterface>> {
  return Object.fromEntries(
    [...ifaces].map(([name, i]) => [
      name,
      {
        mac: i.mac,
        addresses: i.addresses,
        gateways: i.gateways,
        nameservers: i.nameservers,
        search: i.search,
      },
    ]),
  );
}

/** The spec's interfaces as the ENI reader must give them: routes (post-up) and gateways without a static stanza are not read. */
function expectedEni(spec: BootstrapSpec): Map<string, NetInterface> {
  const expected = expectedInterfaces(spec, "v1", "netplan");
  (spec.network?.interfaces ?? []).forEach((iface, i) => {
    const entry = expected.get(expectedName(iface, i));
    if (entry === undefined) return;
    const addresses = iface.addresses ?? [];
    entry.gateways = [iface.gateway4, iface.gateway6]
      .filter(
        (gw): gw is string => gw !== undefined && addresses.some((a) => a.includes(":") === gw.includes(":")),
      )
      .map(canonicalIp)
      .sort();
  });
  return expected;
}

describe("DataSourceConfigDrive (cloud-init 22.4) reads the config-drive tree", () => {
  const cases: Case[] = loadCorpus().map((e) => ({ name: e.name, spec: e.spec, docs: renderAll(e.spec) }));
  // The legacy file alone is cloud-init's network config only for what its ENI reader keeps: a NIC's routes,
  // MTU, DHCPv6 and SLAAC are refused there (legacyEniProblems), so each spec is read without them.
  const legacyCases = cases.flatMap((c): Case[] => {
    const network = c.spec.network;
    if (network === undefined) return [];
    const interfaces = network.interfaces.map(
      ({ routes: _r, mtu: _m, dhcp6: _d, slaac: _s, ...rest }) => rest,
    );
    const spec = { ...c.spec, network: { ...network, interfaces } };
    return [{ name: c.name, spec, docs: renderAll(spec) }];
  });
  let results: Record<string, Record<string, unknown>> = {};
  let work = "";

  beforeAll(() => {
    requireCloudInit();
    work = mkdtempSync(join(tmpdir(), "bvm-config-drive-"));
    const input: Record<string, unknown>[] = [];
    const add = (id: string, c: Case, tree: Map<string, Buffer>): void => {
      const cloudDir = join(work, id);
      writeTreeAtomic(join(cloudDir, "seed", "config_drive"), tree);
      input.push({ id, cloud_dir: cloudDir, known_macs: knownMacs(c.spec) });
    };
    for (const c of cases) add(c.name, c, renderConfigDriveTree(c.spec, c.docs));
    for (const c of legacyCases) {
      add(
        `${c.name}-legacy`,
        c,
        renderConfigDriveTree(c.spec, c.docs, { legacyNetworkFile: true, networkDataJson: false }),
      );
    }
    const r = runPython(READ_ALL, { input: JSON.stringify(input) });
    if (r.status !== 0) throw new Error(`DataSourceConfigDrive batch failed: ${r.stderr}`);
    results = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as typeof results;
  });

  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it.each(cases)("$name: identity, keys, user-data, vendor-data and network_data.json come through", (c) => {
    const got = results[c.name];
    expect(got?.error).toBeUndefined();
    expect(got).toMatchObject({ found: true });
    expect(got?.instance_id).toBe(c.docs.instanceId);
    expect(got?.ec2_instance_id).toBe(c.docs.instanceId);
    expect(got?.local_hostname).toBe(c.docs.fqdn ?? c.docs.hostname);
    expect([...((got?.public_keys as string[]) ?? [])].sort()).toEqual([...c.docs.publicKeys].sort());
    expect(got?.userdata).toBe(c.docs.userData);
    expect(got?.vendordata).toBe(c.docs.vendorData ?? null);
    if (c.spec.network === undefined) {
      expect(got?.used_network_json).toBe(false);
    } else {
      expect(got?.used_network_json).toBe(true);
      const expected = expectedInterfaces(c.spec, "network_data.json", "netplan");
      expect(Object.fromEntries(parseNetplan(got?.netplan as string))).toEqual(Object.fromEntries(expected));
    }
  });

  it.each(legacyCases)(
    "$name: the legacy content/0000 file alone gives the spec's addresses through the ENI parser",
    (c) => {
      const got = results[`${c.name}-legacy`];
      expect(got?.error).toBeUndefined();
      expect(got).toMatchObject({ found: true, used_network_json: false });
      expect(got?.instance_id).toBe(c.docs.instanceId);
      // ENI names every NIC (spec name or eth<i>) and matches by hwaddress.
      expect(eniProjection(parseNetplan(got?.netplan as string))).toEqual(eniProjection(expectedEni(c.spec)));
    },
  );

  it("reads every corpus spec, and a legacy-only tree for every spec with a network", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(results)).toHaveLength(cases.length + legacyCases.length);
  });
});
