/**
 * What each network format (or platform) cannot carry of a valid spec's bonds, VLANs and bridges.
 * Network config v1 and v2 (NoCloud, guestinfo, vApp) carry all three; the checks here refuse, with the
 * reason, what the others would otherwise drop. Paths are relative to the spec (`network.bridges[0]`).
 */
import { remedyProblem, type SpecProblem } from "../core/problems";
import type { Carrier } from "../core/remedy";
import { atLeast, GUESTINFO_SINCE, targetCloudInit, VAPP_NETWORK_SINCE } from "./cloud-init-version";
import type { AddressingSpec, BootstrapSpec, InterfaceSpec } from "./types";
import { isUnaddressed } from "./network-list";
import { defaultVlanName, deviceGivenNames, nicGuestNames, nicIndex } from "./network-names";

const CONVERT_NET_JSON =
  "cloud-init's convert_net_json (cloudinit/sources/helpers/openstack.py, 22.4 lines 585-740)";

function nicOf(interfaces: readonly InterfaceSpec[], ref: string): InterfaceSpec | undefined {
  return interfaces[nicIndex(interfaces, ref)];
}

/**
 * What carries network config v2 to the spec's target: NoCloud, guestinfo from 21.3, a vApp network from 21.4
 * (the guestinfo and vApp rules, src/render), so a way out is never a format that refuses the spec too.
 */
function networkV2Carriers(spec: BootstrapSpec): Carrier[] {
  const target = targetCloudInit(spec);
  return [
    "nocloud",
    ...(atLeast(target, GUESTINFO_SINCE) ? (["guestinfo"] as const) : []),
    ...(atLeast(target, VAPP_NETWORK_SINCE) ? (["vapp"] as const) : []),
  ];
}

/** What network_data.json says of a device's routes and of its own DNS, for the problems below. */
const ON_A_NETWORK = {
  routes: {
    what: "routes",
    carried: "routes only on a network of the device (`networks[].routes`)",
    cites: "makes each network a subnet",
    then: "its routes then go on that network",
  },
  dns: {
    what: "DNS",
    carried:
      "a device's own DNS only on a network of the device (its `services` and `dns_nameservers` / `dns_search`)",
    cites: "builds a link's subnets from its networks",
    then: "its DNS then goes on that network",
  },
} as const;

/**
 * The routes and the DNS of its own (`nameservers`, `searchDomains`) of a device without addressing:
 * `network_data.json` has nowhere to put them. Both belong to a network of the device (`networks[].routes`;
 * `services` and the `dns_nameservers` / `dns_search` keys convert_net_json copies into each network's subnet),
 * and every network type gives its link an address, DHCP or SLAAC (Nova's schema: `ipv4`, `ipv4_dhcp`, `ipv6`,
 * `ipv6_dhcp`, `ipv6_slaac`; convert_net_json turns each network into one subnet of the link, 20.4.1:593-625,
 * 22.4.2:614-653, 25.1.4:618-690, and gives a link no network names `subnets: []`), so they would silently be
 * lost on every release. Validation lets a route's next hop be a link-local IPv6 router; the global DNS is
 * unaffected (the top-level `services`). One problem per field.
 */
function unaddressedDeviceProblems(
  spec: BootstrapSpec,
  network: NonNullable<BootstrapSpec["network"]>,
): SpecProblem[] {
  const devices: [string, AddressingSpec[]][] = [
    ["interfaces", network.interfaces],
    ["bonds", network.bonds ?? []],
    ["vlans", network.vlans ?? []],
  ];
  const fields = [
    ["routes", ON_A_NETWORK.routes],
    ["nameservers", ON_A_NETWORK.dns],
    ["searchDomains", ON_A_NETWORK.dns],
  ] as const;
  return devices.flatMap(([field, list]) =>
    list.flatMap((device, i) =>
      !isUnaddressed(device)
        ? []
        : fields
            .filter(([key]) => (device[key] ?? []).length > 0)
            .map(([key, says]) =>
              remedyProblem(`network.${field}[${i}].${key}`, {
                fact:
                  `network_data.json carries ${says.carried}, and every network type gives the device an address, ` +
                  `DHCP or SLAAC (Nova's doc/api_schemas/network_data.json; ${CONVERT_NET_JSON} ${says.cites}); ` +
                  `this device has none, so its ${says.what} would be lost`,
                ways: [
                  { kind: "text", text: `give the device a static address, DHCP or SLAAC (${says.then})` },
                  { kind: "carrier", carriers: networkV2Carriers(spec), note: "network config v2" },
                ],
              }),
            ),
    ),
  );
}

/**
 * What `network_data.json` cannot carry as the spec says it: bonds and VLANs named otherwise than cloud-init
 * names them, every bridge, and the routes and own DNS of a device without addressing.
 */
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
  });
  // The links' guest names as the renderers give them (network_data.json names every link, a NIC known by MAC
  // only `eth<i>`): cloud-init names a VLAN after its link's. Computed once, for the first VLAN on a NIC.
  let nicNames: string[] | undefined;
  (network.vlans ?? []).forEach((vlan, v) => {
    const nicAt = nicIndex(interfaces, vlan.link);
    const nic = interfaces[nicAt];
    const bond = bonds.find((b) => b.name === vlan.link);
    const linkName =
      nic !== undefined
        ? (nicNames ??= nicGuestNames(
            interfaces.map((i) => i.name),
            deviceGivenNames(network),
          ))[nicAt]
        : bond?.name;
    if (
      linkName !== undefined &&
      vlan.name !== undefined &&
      vlan.name !== defaultVlanName(linkName, vlan.id)
    ) {
      problems.push({
        path: `network.vlans[${v}].name`,
        message:
          `network_data.json has no field for a VLAN's name: ${CONVERT_NET_JSON} names it \`<link name>.<id>\`` +
          `; remove \`name\` (it becomes \`${defaultVlanName(linkName, vlan.id)}\`)`,
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
  const v2Carriers = (network.bridges ?? []).length === 0 ? [] : networkV2Carriers(spec);
  (network.bridges ?? []).forEach((_bridge, r) => {
    problems.push(
      remedyProblem(`network.bridges[${r}]`, {
        fact:
          "network_data.json has no bridge link (Nova's doc/api_schemas/network_data.json: physical, bond and vlan " +
          `links; ${CONVERT_NET_JSON} builds no bridge)`,
        ways: [
          { kind: "carrier", carriers: v2Carriers, note: "network config v2" },
          { kind: "text", text: "remove the bridge" },
        ],
      }),
    );
  });
  problems.push(...unaddressedDeviceProblems(spec, network));
  return problems;
}

/**
 * Every bond, VLAN and bridge: cloud-init's reader of the legacy ENI file makes each stanza a plain NIC. When
 * the file is cloud-init's only network config (`onlyNetworkConfig`: no `network_data.json` beside it), also
 * what that reader drops of a NIC: its routes and MTU, and DHCPv6 and SLAAC, whose `inet6 dhcp` / `inet6 auto`
 * stanzas it reads as a `dhcp` (IPv4) and an `auto` subnet. It keeps only each stanza's method, address,
 * netmask, gateway, broadcast, DNS and `hwaddress` (cloudinit/net/eni.py `_ifaces_to_net_config_data`,
 * 20.4.1:297-336, 22.4.2:330-368, 25.1.4:319-357; `convert_eni_data` checked in each chroot). With
 * `network_data.json` present cloud-init never reads the file (only images older than 0.7.7 use it, as is).
 */
export function legacyEniProblems(spec: BootstrapSpec, onlyNetworkConfig = false): SpecProblem[] {
  const network = spec.network;
  if (network === undefined) return [];
  const fact =
    "the legacy network file (openstack/content/0000, ENI) is read by cloud-init's convert_eni_data, which turns " +
    "every stanza into a physical NIC and drops bond-*, vlan-raw-device and bridge_* options " +
    "(cloudinit/net/eni.py _ifaces_to_net_config_data: 22.4 lines 330-370; upstream main (04eacd06) lines 406-450)";
  const devices = (["bonds", "vlans", "bridges"] as const).flatMap((field) =>
    (network[field] ?? []).map((_d, i) =>
      remedyProblem(`network.${field}[${i}]`, {
        fact,
        ways: [{ kind: "noLegacyNetworkFile", note: "network_data.json carries bonds and VLANs" }],
      }),
    ),
  );
  if (!onlyNetworkConfig) return devices;
  const dropped = (what: string): string =>
    "without network_data.json the legacy network file (openstack/content/0000, ENI) is cloud-init's only " +
    "network config, and its reader (convert_eni_data) keeps only each stanza's method, address, netmask, " +
    "gateway, broadcast, DNS and hwaddress (cloudinit/net/eni.py _ifaces_to_net_config_data, 20.4.1:297-336, " +
    `22.4.2:330-368, 25.1.4:319-357): ${what}`;
  const keep = {
    kind: "text",
    text: "keep network_data.json (cloud-init reads it first, and it carries this)",
  } as const;
  const nics = network.interfaces.flatMap((nic, i) => {
    const at = (field: string, what: string): SpecProblem =>
      remedyProblem(`network.interfaces[${i}].${field}`, { fact: dropped(what), ways: [keep] });
    const out: SpecProblem[] = [];
    if ((nic.routes ?? []).length > 0) out.push(at("routes", "it drops the `post-up` route commands"));
    if (nic.mtu !== undefined) out.push(at("mtu", "it drops `mtu`"));
    if (nic.dhcp6 === true) out.push(at("dhcp6", "it reads `inet6 dhcp` as `dhcp`, which is DHCP for IPv4"));
    if (nic.slaac === true)
      out.push(at("slaac", "it reads `inet6 auto` as a subnet of the unknown type `auto`"));
    return out;
  });
  return [...devices, ...nics];
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
