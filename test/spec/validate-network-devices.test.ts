/**
 * Validation of bonds, VLANs and bridges: every wrong reference, membership, range and name is reported
 * with its property path before anything is rendered.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { validateSpec } from "../../src/render/validate-spec";
import type { BootstrapSpec, NetworkSpec } from "../../src/spec/types";
import { BOND_VLAN_SPEC, LACP_BRIDGE_SPEC, ROUND_ROBIN_SPEC } from "../render/network-devices-fixtures";

const NICS = [
  { name: "eth0", macAddress: "52:54:00:00:e0:01" },
  { name: "eth1", macAddress: "52:54:00:00:e0:02" },
  { name: "eth2", macAddress: "52:54:00:00:e0:03" },
];

function spec(network: Partial<NetworkSpec>): BootstrapSpec {
  return { hostname: "h", network: { interfaces: NICS.map((n) => ({ ...n })), ...network } };
}

const bond = (extra: Record<string, unknown> = {}) =>
  ({ name: "bond0", interfaces: ["eth0", "eth1"], mode: "active-backup", ...extra }) as never;

describe("validateSpec on bonds, VLANs and bridges", () => {
  it.each([
    ["BOND_VLAN_SPEC", BOND_VLAN_SPEC],
    ["LACP_BRIDGE_SPEC", LACP_BRIDGE_SPEC],
    ["ROUND_ROBIN_SPEC", ROUND_ROBIN_SPEC],
  ])("accepts %s", (_name, s) => {
    expect(validateSpec(s)).toEqual([]);
  });

  it("accepts a member given by MAC in another case than the NIC's", () => {
    expect(validateSpec(spec({ bonds: [bond({ interfaces: ["52:54:00:00:E0:01", "eth1"] })] }))).toEqual([]);
  });

  const cases: [string, BootstrapSpec, string, RegExp][] = [
    [
      "an unknown bond member",
      spec({ bonds: [bond({ interfaces: ["eth0", "eth9"] })] }),
      "network.bonds[0].interfaces[1]",
      /"eth9" names no entry of network.interfaces/,
    ],
    [
      "a NIC in two bonds",
      spec({ bonds: [bond(), { name: "bond1", interfaces: ["eth1", "eth2"], mode: "balance-rr" } as never] }),
      "network.bonds[1].interfaces[0]",
      /network.interfaces\[1\] is already a member of network.bonds\[0\]/,
    ],
    [
      "a NIC in a bond and a bridge",
      spec({ bonds: [bond()], bridges: [{ name: "br0", interfaces: ["eth0"] }] }),
      "network.bridges[0].interfaces[0]",
      /already a member of network.bonds\[0\]/,
    ],
    [
      "a bond of bonds",
      spec({ bonds: [bond(), { name: "bond1", interfaces: ["bond0"], mode: "balance-rr" } as never] }),
      "network.bonds[1].interfaces[0]",
      /a bond holds NICs only/,
    ],
    [
      "addressing on a bond member",
      spec({
        interfaces: [{ ...NICS[0], addresses: ["192.0.2.5/24"] }, NICS[1] as never],
        bonds: [bond()],
      }),
      "network.interfaces[0].addresses",
      /is a member of network.bonds\[0\].*move `addresses` there/,
    ],
    ["an empty bond", spec({ bonds: [bond({ interfaces: [] })] }), "network.bonds[0].interfaces", /is empty/],
    [
      "a primary that is no member",
      spec({ bonds: [bond({ primary: "eth2" })] }),
      "network.bonds[0].primary",
      /"eth2" is not a member of this bond/,
    ],
    [
      "a primary outside active-backup",
      spec({ bonds: [bond({ mode: "balance-rr", primary: "eth0" })] }),
      "network.bonds[0].primary",
      /active-backup` only/,
    ],
    [
      "an LACP rate outside 802.3ad",
      spec({ bonds: [bond({ lacpRate: "fast" })] }),
      "network.bonds[0].lacpRate",
      /802.3ad` only/,
    ],
    [
      "a VLAN id of 0",
      spec({ vlans: [{ id: 0, link: "eth0" }] }),
      "network.vlans[0].id",
      /0 is not a VLAN id; use an integer from 1 to 4094/,
    ],
    [
      "a VLAN id of 4095",
      spec({ vlans: [{ id: 4095, link: "eth0" }] }),
      "network.vlans[0].id",
      /4095 is not a VLAN id/,
    ],
    [
      "a VLAN on an unknown link",
      spec({ vlans: [{ id: 10, link: "bond7" }] }),
      "network.vlans[0].link",
      /"bond7" names no NIC/,
    ],
    [
      "a VLAN on a VLAN (the edge a cycle would need)",
      spec({
        vlans: [
          { id: 10, link: "eth0" },
          { id: 20, link: "eth0.10" },
        ],
      }),
      "network.vlans[1].link",
      /a VLAN links to a NIC or a bond/,
    ],
    [
      "a VLAN on a bond member",
      spec({ bonds: [bond()], vlans: [{ id: 10, link: "eth0" }] }),
      "network.vlans[0].link",
      /is a member of network.bonds\[0\], which takes all its frames; link the VLAN to network.bonds\[0\] itself$/,
    ],
    [
      // A bridge port's VLAN: the bridge takes its frames; the VLAN itself can be the port.
      "a VLAN on a bridge port",
      spec({ bridges: [{ name: "br0", interfaces: ["eth0"] }], vlans: [{ id: 10, link: "eth0" }] }),
      "network.vlans[0].link",
      /is a member of network.bridges\[0\], which takes all its frames; make the VLAN a port of network.bridges\[0\] in place of network.interfaces\[0\]$/,
    ],
    [
      "a VLAN MTU above its link's",
      spec({
        interfaces: [{ ...NICS[0], mtu: 1400 } as never],
        vlans: [{ id: 10, link: "eth0", mtu: 1500 }],
      }),
      "network.vlans[0].mtu",
      /1500 is above the MTU of its link network.interfaces\[0\] \(1400\)/,
    ],
    [
      "a VLAN MTU above the default 1500",
      spec({ vlans: [{ id: 10, link: "eth0", mtu: 9000 }] }),
      "network.vlans[0].mtu",
      /\(1500, the default\)/,
    ],
    [
      "two VLANs with one id on one link",
      spec({
        vlans: [
          { id: 10, link: "eth0" },
          { name: "other", id: 10, link: "52:54:00:00:e0:01" },
        ],
      }),
      "network.vlans[1].id",
      /VLAN 10 on network.interfaces\[0\] is also network.vlans\[0\]/,
    ],
    [
      "a bond named like a NIC",
      spec({ bonds: [bond({ name: "eth2", interfaces: ["eth0"] })] }),
      "network.bonds[0].name",
      /name "eth2" is already used by network.interfaces\[2\].name/,
    ],
    [
      "a VLAN whose default name collides with a bridge",
      spec({ bridges: [{ name: "eth0.10", interfaces: ["eth1"] }], vlans: [{ id: 10, link: "eth0" }] }),
      "network.vlans[0].id",
      /already used by network.bridges\[0\].name.*set `name` on this VLAN/,
    ],
    [
      "a bridge inside a bridge",
      spec({
        bridges: [
          { name: "br0", interfaces: ["eth0"] },
          { name: "br1", interfaces: ["br0"] },
        ],
      }),
      "network.bridges[1].interfaces[0]",
      /a bridge cannot be a port of a bridge/,
    ],
    [
      "a forward delay out of the kernel's range",
      spec({ bridges: [{ name: "br0", interfaces: ["eth0"], forwardDelay: 1 }] }),
      "network.bridges[0].forwardDelay",
      /from 2 to 30/,
    ],
    [
      "a bond gateway outside every subnet of the bond",
      spec({ bonds: [bond({ addresses: ["192.0.2.10/24"], gateway4: "198.51.100.1" })] }),
      "network.bonds[0].gateway4",
      /"198.51.100.1" is outside this interface's IPv4 subnets \(192.0.2.0\/24\)/,
    ],
    [
      "a second default gateway on a VLAN",
      spec({
        bonds: [bond({ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" })],
        vlans: [{ id: 10, link: "bond0", addresses: ["198.51.100.10/24"], gateway4: "198.51.100.1" }],
      }),
      "network.vlans[0].gateway4",
      /a second IPv4 default gateway \(the first is network.bonds\[0\].gateway4\)/,
    ],
    [
      "an address used by a NIC and a VLAN",
      spec({
        interfaces: [{ ...NICS[0], addresses: ["192.0.2.10/24"] } as never],
        vlans: [{ id: 10, link: "eth0", addresses: ["192.0.2.10/24"] }],
      }),
      "network.vlans[0].addresses[0]",
      /duplicate address 192.0.2.10/,
    ],
  ];

  it("tells a bridge port `vlan<id>` the name of the VLAN without a name it means", () => {
    const problems = validateSpec({
      hostname: "h",
      network: {
        interfaces: [{ macAddress: "52:54:00:00:e0:01" }, { macAddress: "52:54:00:00:e0:02", dhcp4: true }],
        vlans: [{ id: 200, link: "52:54:00:00:e0:01" }],
        bridges: [{ name: "br0", interfaces: ["vlan200"], dhcp4: true }],
      },
    });
    expect(problems.map((p) => p.path)).toEqual(["network.bridges[0].interfaces[0]"]);
    expect(problems[0]?.message).toMatch(
      /"vlan200" names no NIC .*network\.vlans\[0\] has no `name`, so it is "eth0\.200".*refer to "eth0\.200", or give that VLAN `name: vlan200`/,
    );
  });

  it("accepts a bridge port naming a VLAN on a NIC known by MAC only by its default name eth<i>.<id>", () => {
    expect(
      validateSpec({
        hostname: "h",
        network: {
          interfaces: [{ macAddress: "52:54:00:00:e0:01" }, { macAddress: "52:54:00:00:e0:02", dhcp4: true }],
          vlans: [{ id: 200, link: "52:54:00:00:e0:01" }],
          bridges: [{ name: "br0", interfaces: ["eth0.200"], dhcp4: true }],
        },
      }),
    ).toEqual([]);
  });

  it.each(cases)("refuses %s with its path", (_what, input, path, message) => {
    const problems = validateSpec(input);
    expect(problems.map((p) => p.path)).toContain(path);
    expect(problems.find((p) => p.path === path)?.message).toMatch(message);
  });

  it("refuses an unknown bond mode through the schema", () => {
    const problems = validateSpec(spec({ bonds: [bond({ mode: "balance-xor" })] }));
    expect(problems.map((p) => p.path)).toContain("network.bonds[0].mode");
  });
});

describe("the bond, VLAN and bridge examples of docs/spec.md", () => {
  const doc = readFileSync(join(__dirname, "..", "..", "docs", "spec.md"), "utf8");
  const section = doc.slice(doc.indexOf("#### Bonds, VLANs and bridges"), doc.indexOf("### Escape hatches"));
  const examples = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");

  it("has one example per construct", () => {
    expect(examples.length).toBe(3);
    expect(examples.some((e) => /bonds:/.test(e) && /vlans:/.test(e))).toBe(true);
    expect(examples.some((e) => /bridges:/.test(e))).toBe(true);
  });

  it.each(examples.map((e, i) => [i, e]))("example %i is a valid spec", (_i, text) => {
    const spec = { hostname: "doc", ...(parse(String(text)) as object) };
    expect(validateSpec(spec)).toEqual([]);
  });
});
