/**
 * Bonds, VLANs and bridges through cloud-init's own `devel net-convert` (Debian's 22.4): network config
 * v1, v2 and network_data.json, each converted to netplan, ENI and networkd, must carry exactly the spec's
 * topology (members, bonding options, VLAN ids and links, bridge ports and STP) and each device's
 * addresses, with no warning from cloud-init.
 *
 * networkd is checked for what 22.4 does: it writes a `.network` file per device with its addresses but
 * no `.netdev`, so systemd-networkd alone never creates the bond, VLAN or bridge. cloud-init renders
 * netdevs only since 25.2 (`cloudinit/net/networkd.py`, commit 01b93d065 "feat(networkd): support vlan and
 * bond rendering"); images that prefer netplan (which writes its own netdevs) or ENI are not affected.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderNetworkConfigs, resolveInterfaces } from "../../src/render/network";
import { renderNetworkDataJson } from "../../src/render/network-data-json";
import { resolveNetworkDevices } from "../../src/render/network-devices";
import type { BootstrapSpec } from "../../src/spec/types";
import { networkDataJsonProblems } from "../../src/spec/validate-network-formats";
import { stableJson, stableYaml } from "../../src/util/serialize";
import { requireCloudInit, runCloudInit } from "../helpers/cloud-init";
import { BOND_VLAN_SPEC, LACP_BRIDGE_SPEC, ROUND_ROBIN_SPEC } from "../render/network-devices-fixtures";
import {
  DeviceSource,
  eniTopology,
  expectedTopology,
  netplanTopology,
  nicGuestName,
} from "./network-devices-expected";
import { canonicalIp } from "./network-expected";

type Output = "netplan" | "eni" | "networkd";
const OUTPUTS: Output[] = ["netplan", "eni", "networkd"];
const SPECS: [string, BootstrapSpec][] = [
  ["bond-vlan", BOND_VLAN_SPEC],
  ["lacp-bridge", LACP_BRIDGE_SPEC],
  ["round-robin", ROUND_ROBIN_SPEC],
];

function documents(spec: BootstrapSpec): [DeviceSource, string, string][] {
  const network = renderNetworkConfigs(spec);
  if (network === undefined) throw new Error("no network");
  const docs: [DeviceSource, string, string][] = [
    ["v1", "yaml", stableYaml(network.v1)],
    ["v2", "yaml", stableYaml(network.v2)],
  ];
  // network_data.json only where the config-drive validation lets the spec through.
  if (networkDataJsonProblems(spec).length === 0) {
    const json = renderNetworkDataJson(
      resolveInterfaces(spec),
      spec.dns,
      resolveNetworkDevices(spec.network),
    );
    docs.push(["network_data.json", "network_data.json", stableJson(json, 2)]);
  }
  return docs;
}

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(path.slice(dir.length + 1), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return files;
}

const table = SPECS.flatMap(([name, spec]) =>
  documents(spec).flatMap(([source, kind, text]) =>
    OUTPUTS.map((output) => [name, source, output, { spec, kind, text }] as const),
  ),
);

describe("cloud-init devel net-convert (22.4) of bonds, VLANs and bridges", () => {
  let work = "";
  beforeAll(() => {
    requireCloudInit();
    work = mkdtempSync(join(tmpdir(), "bvm-net-devices-"));
  });
  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  function convert(name: string, source: DeviceSource, output: Output, c: (typeof table)[number][3]) {
    const dir = join(work, `${name}-${source}-${output}`);
    const input = join(work, `${name}-${source}.in`);
    writeFileSync(input, c.text);
    const macs = (c.spec.network?.interfaces ?? []).flatMap((iface, i) =>
      iface.macAddress === undefined ? [] : ["-m", `${nicGuestName(c.spec, source, i)},${iface.macAddress}`],
    );
    const r = runCloudInit([
      "devel",
      "net-convert",
      "-p",
      input,
      "-k",
      c.kind,
      "-D",
      "debian",
      "-O",
      output,
      "-d",
      dir,
      ...macs,
    ]);
    return { r, tree: r.status === 0 ? readTree(dir) : new Map<string, string>() };
  }

  it.each(table)("%s: %s converted to %s carries the spec's devices", (name, source, output, c) => {
    const { r, tree } = convert(name, source, output, c);
    expect(r.stderr).not.toMatch(/WARNING|Traceback/);
    expect(r.status).toBe(0);
    const expected = expectedTopology(c.spec, source);
    if (output === "netplan") {
      expect(netplanTopology(tree.get("etc/netplan/50-cloud-init.yaml") ?? "")).toEqual(expected);
    } else if (output === "eni") {
      expect(eniTopology(tree.get("etc/network/interfaces.d/50-cloud-init") ?? "")).toEqual(expected);
    } else {
      const files = [...tree.keys()];
      expect(files.filter((f) => f.endsWith(".netdev"))).toEqual([]);
      for (const [device, addresses] of Object.entries(expected.addresses)) {
        const text = tree.get(`etc/systemd/network/10-cloud-init-${device}.network`) ?? "";
        expect(text).toContain(`Name=${device}`);
        const written = [...text.matchAll(/^Address=(.+)$/gm)].map((m) => canonicalIp(m[1] ?? ""));
        expect(written.sort()).toEqual(addresses);
      }
    }
  });

  it("converts every fixture from v1 and v2, and network_data.json for the one without a bridge or custom names", () => {
    expect(table.length).toBe((SPECS.length * 2 + 1) * OUTPUTS.length);
  });
});
