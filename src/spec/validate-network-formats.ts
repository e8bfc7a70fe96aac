/**
 * What each network format (or platform) cannot carry of a valid spec's bonds, VLANs and bridges.
 * Network config v1 and v2 (NoCloud, guestinfo, vApp) carry all three; the checks here refuse, with the
 * reason, what the others would otherwise drop. Paths are relative to the spec (`network.bridges[0]`).
 */
import { remedyProblem, type SpecProblem } from "../core/problems";
import type { BootstrapSpec, InterfaceSpec } from "./types";
import { defaultVlanName } from "./validate-network-devices";

const CONVERT_NET_JSON =
  "cloud-init's convert_net_json (cloudinit/sources/helpers/openstack.py, 22.4 lines 585-740)";

function nicOf(interfaces: readonly InterfaceSpec[], ref: string): InterfaceSpec | undefined {
  return (
    interfaces.find((i) => i.name === ref) ??
    interfaces.find((i) => i.macAddress?.toLowerCase() === ref.toLowerCase())
  );
}

/** Bonds and VLANs `network_data.json` cannot carry as the spec says them, and every bridge. */
export function networkDataJsonProblems(spec: BootstrapSpec): SpecProblem[] {
  const network = spec.network;
  if (network === undefined) return [];
  const problems: SpecProblem[] = [];
  const interfaces = network.interfaces;
  const bonds = network.bonds ?? [];
  bonds.forEach((bond, k) => {
    if (bond.name !== `bond${k}`) {
      problems.push(
        remedyProblem(`network.bonds[${k}].name`, {
          fact: `network_data.json has no field for a bond's name: ${CONVERT_NET_JSON} names bonds bond0, bond1, ... in link order`,
          ways: [
            { kind: "text", text: `name this bond \`bond${k}\`` },
            { kind: "carrier", carriers: ["nocloud"], note: "network config v2" },
          ],
        }),
      );
    }
    if (bond.primary !== undefined && nicOf(interfaces, bond.primary)?.name === undefined) {
      problems.push({
        path: `network.bonds[${k}].primary`,
        message:
          "network_data.json's bond_primary is a guest interface name, and this member is known by MAC only; " +
          "give the member NIC a `name`",
      });
    }
  });
  (network.vlans ?? []).forEach((vlan, v) => {
    const nic = nicOf(interfaces, vlan.link);
    const bond = bonds.find((b) => b.name === vlan.link);
    const linkName = nic !== undefined ? nic.name : bond?.name;
    const name = vlan.name ?? defaultVlanName(linkName, vlan.id);
    if (linkName === undefined || name !== `${linkName}.${vlan.id}`) {
      problems.push({
        path: `network.vlans[${v}]${vlan.name === undefined ? ".link" : ".name"}`,
        message:
          `network_data.json has no field for a VLAN's name: ${CONVERT_NET_JSON} names it \`<link name>.<id>\`` +
          (linkName === undefined
            ? "; give the link NIC a `name` so that name is known"
            : `; remove \`name\` (it becomes \`${linkName}.${vlan.id}\`)`),
      });
    }
    const firstMember = bond === undefined ? undefined : nicOf(interfaces, bond.interfaces[0] ?? "");
    const mac = vlan.macAddress ?? nic?.macAddress ?? bond?.macAddress ?? firstMember?.macAddress;
    if (mac === undefined) {
      problems.push({
        path: `network.vlans[${v}].macAddress`,
        message:
          "network_data.json needs vlan_mac_address (Nova's doc/api_schemas/network_data.json requires it and " +
          `${CONVERT_NET_JSON} reads it), and neither the VLAN nor its link has a MAC; set \`macAddress\``,
      });
    }
  });
  (network.bridges ?? []).forEach((_bridge, r) => {
    problems.push(
      remedyProblem(`network.bridges[${r}]`, {
        fact:
          "network_data.json has no bridge link (Nova's doc/api_schemas/network_data.json: physical, bond and vlan " +
          `links; ${CONVERT_NET_JSON} builds no bridge)`,
        ways: [
          { kind: "carrier", carriers: ["nocloud", "guestinfo", "vapp"], note: "network config v2" },
          { kind: "text", text: "remove the bridge" },
        ],
      }),
    );
  });
  return problems;
}

/** Every bond, VLAN and bridge: cloud-init's reader of the legacy ENI file makes each stanza a plain NIC. */
export function legacyEniProblems(spec: BootstrapSpec): SpecProblem[] {
  const network = spec.network;
  if (network === undefined) return [];
  const fact =
    "the legacy network file (openstack/content/0000, ENI) is read by cloud-init's convert_eni_data, which turns " +
    "every stanza into a physical NIC and drops bond-*, vlan-raw-device and bridge_* options " +
    "(cloudinit/net/eni.py _ifaces_to_net_config_data: 22.4 lines 330-370; upstream main (04eacd06) lines 406-450)";
  return (["bonds", "vlans", "bridges"] as const).flatMap((field) =>
    (network[field] ?? []).map((_d, i) =>
      remedyProblem(`network.${field}[${i}]`, {
        fact,
        ways: [{ kind: "noLegacyNetworkFile", note: "network_data.json carries bonds and VLANs" }],
      }),
    ),
  );
}

/**
 * Every bond, VLAN and bridge on the OpenStack platform, where Nova (not this library) writes
 * `network_data.json` from the server's Neutron ports.
 */
export function novaNetworkProblems(spec: BootstrapSpec): SpecProblem[] {
  const network = spec.network;
  if (network === undefined) return [];
  const reasons = {
    bonds:
      "Nova writes bond links only for bare-metal servers (Ironic port groups, nova/virt/ironic/driver.py " +
      "_get_network_metadata); for a VM every Neutron port is one physical link (nova/virt/netutils.py " +
      "get_network_metadata); attach one port per network instead (each is its own NIC), or configure the bond " +
      "from a NoCloud seed",
    vlans:
      "Nova writes one link per attached port (nova/virt/netutils.py get_network_metadata); a Neutron trunk's " +
      "subports are not attached ports, so network_data.json has no vlan link for them. Attach one port per " +
      "network instead, or configure the VLAN from a NoCloud seed",
    bridges:
      "network_data.json has no bridge link (Nova's doc/api_schemas/network_data.json); remove the bridge, or " +
      "configure it from a NoCloud seed",
  } as const;
  return (["bonds", "vlans", "bridges"] as const).flatMap((field) =>
    (network[field] ?? []).map((_d, i) => ({ path: `network.${field}[${i}]`, message: reasons[field] })),
  );
}
