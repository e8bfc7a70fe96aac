/**
 * One `cloud-init devel net-convert` of a bond/VLAN/bridge fixture and the checks of its output against
 * the spec, shared by the 22.4 conformance test (host cloud-init) and the generations test (chroots).
 */
import { writeFileSync } from "node:fs";
import { readTree } from "../helpers/read-tree";
import { join } from "node:path";
import { renderNetworkConfigs, resolveInterfaces } from "../../src/render/network";
import { renderNetworkDataJson } from "../../src/render/network-data-json";
import { resolveNetworkDevices } from "../../src/render/network-devices";
import type { BootstrapSpec } from "../../src/spec/types";
import { networkDataJsonProblems } from "../../src/spec/validate-network-formats";
import { stableJson, stableYaml } from "../../src/util/serialize";
import { BOND_VLAN_SPEC, LACP_BRIDGE_SPEC, ROUND_ROBIN_SPEC } from "../render/network-devices-fixtures";
import {
  DeviceSource,
  eniTopology,
  expectedTopology,
  netplanTopology,
  networkdTopology,
  nicGuestName,
  Topology,
} from "./network-devices-expected";
import { canonicalIp } from "./network-expected";

export type DeviceOutput = "netplan" | "eni" | "networkd";

export interface DeviceCase {
  name: string;
  source: DeviceSource;
  /** net-convert's `-k`. */
  kind: string;
  text: string;
  spec: BootstrapSpec;
}

const FIXTURES: [string, BootstrapSpec][] = [
  ["bond-vlan", BOND_VLAN_SPEC],
  ["lacp-bridge", LACP_BRIDGE_SPEC],
  ["round-robin", ROUND_ROBIN_SPEC],
];

/**
 * Every fixture as v1, v2 and (where the config-drive validation lets it through) network_data.json,
 * rendered for a target cloud-init (`cloudInit.minVersion`; default the spec's default).
 */
export function deviceCases(minVersion?: string): DeviceCase[] {
  return FIXTURES.flatMap(([name, fixture]) => {
    const spec: BootstrapSpec =
      minVersion === undefined ? fixture : { ...fixture, cloudInit: { minVersion } };
    const network = renderNetworkConfigs(spec);
    if (network === undefined) throw new Error(`${name}: no network`);
    const cases: DeviceCase[] = [
      { name, source: "v1", kind: "yaml", text: stableYaml(network.v1), spec },
      { name, source: "v2", kind: "yaml", text: stableYaml(network.v2), spec },
    ];
    if (networkDataJsonProblems(spec).length === 0) {
      const json = renderNetworkDataJson(
        resolveInterfaces(spec),
        spec.dns,
        resolveNetworkDevices(spec.network),
      );
      cases.push({
        name,
        source: "network_data.json",
        kind: "network_data.json",
        text: stableJson(json, 2),
        spec,
      });
    }
    return cases;
  });
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The topology 25.2+'s networkd renderer can write for `expected`: no bond `primary` (its `[Bond]` options
 * have no `bond-primary`, and no member gets `PrimarySlave=`: cloudinit/net/networkd.py 26.2 lines 576-600),
 * and a bridge's `STP=` only when true (`if val:`, lines 660-667), which is systemd's default when absent.
 */
export function networkdWritable(expected: Topology): Topology {
  const bonds = Object.fromEntries(
    Object.entries(expected.bonds).map(([name, b]) => {
      const { primary: _primary, ...rest } = b;
      return [name, rest];
    }),
  );
  const bridges = Object.fromEntries(
    Object.entries(expected.bridges).map(([name, b]) => {
      const { stp, ...rest } = b;
      return [name, stp === "false" ? rest : b];
    }),
  );
  return { ...expected, bonds, bridges };
}

/**
 * Converts `c` to `output` with `runCloudInit` (argv after `cloud-init`), in `work` (`host` path outside,
 * `inside` the path cloud-init sees), and asserts the result: no warning, deprecation or traceback; the
 * spec's topology in netplan and ENI; in networkd each device's `.network` with its addresses and, from 25.2
 * (`netdevs`: cloud-init renders netdevs only since 25.2, cloudinit/net/networkd.py, commit 01b93d065), the
 * spec's topology as far as that renderer writes it (`networkdWritable`), before no `.netdev` at all.
 */
export function expectConversion(
  c: DeviceCase,
  output: DeviceOutput,
  runCloudInit: (args: string[]) => RunResult,
  work: { host: string; inside: string },
  netdevs = false,
): void {
  const base = `${c.name}-${c.source}-${output}`;
  writeFileSync(join(work.host, `${base}.in`), c.text);
  const macs = (c.spec.network?.interfaces ?? []).flatMap((iface, i) =>
    iface.macAddress === undefined ? [] : ["-m", `${nicGuestName(c.spec, c.source, i)},${iface.macAddress}`],
  );
  const args = ["devel", "net-convert", "-p", `${work.inside}/${base}.in`, "-k", c.kind, "-D", "debian"];
  const r = runCloudInit([...args, "-O", output, "-d", `${work.inside}/${base}`, ...macs]);
  expect(r.stderr).not.toMatch(/WARNING|DEPRECAT|Traceback/);
  expect(r.status).toBe(0);
  const tree = readTree(join(work.host, base));
  const expected = expectedTopology(c.spec, c.source);
  if (output === "netplan") {
    expect(netplanTopology(tree.get("etc/netplan/50-cloud-init.yaml") ?? "")).toEqual(expected);
  } else if (output === "eni") {
    expect(eniTopology(tree.get("etc/network/interfaces.d/50-cloud-init") ?? "")).toEqual(expected);
  } else {
    if (netdevs) expect(networkdTopology(tree)).toEqual(networkdWritable(expected));
    else expect([...tree.keys()].filter((f) => f.endsWith(".netdev"))).toEqual([]);
    for (const [device, addresses] of Object.entries(expected.addresses)) {
      const text = tree.get(`etc/systemd/network/10-cloud-init-${device}.network`) ?? "";
      expect(text).toContain(`Name=${device}`);
      const written = [...text.matchAll(/^Address=(.+)$/gm)].map((m) => canonicalIp(m[1] ?? ""));
      expect(written.sort()).toEqual(addresses);
    }
  }
}
