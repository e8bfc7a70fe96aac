/**
 * The bond boot's spec and cases (test/vm/bond-boot.test.ts): two NICs in an active-backup bond carrying an
 * untagged static address and the default route, and a tagged VLAN on the bond with its own static IPv4 and
 * IPv6 addresses and a route; a VLAN on a third NIC known only by MAC (named `vlan200` in the NoCloud cases,
 * without a name and so `eth2.200` in the config-drive cases), and in the NoCloud cases a bridge over a fourth,
 * also known only by MAC. Each case is one suite, image (base or flavour) and seed kind.
 */
import { BondMode, BootstrapSpec } from "../../src/spec/types";
import { IFENSLAVE_FLAVOUR, NETPLAN_FLAVOUR, NETWORK_MANAGER_FLAVOUR } from "./harness";
import { SeedKind } from "./seeds";
import { Suite, SUITES } from "./suites";

/** The two NICs, in PCI order; the specs make the second one the bond's primary. */
export const NIC_A = "52:54:00:b0:0d:01";
export const NIC_B = "52:54:00:b0:0d:02";
export const BOND = { name: "bond0", address: "10.0.2.15/24", gateway: "10.0.2.2", nameserver: "10.0.2.3" };
/**
 * The third and fourth NICs, known only by MAC. The third carries VLAN 200: in the NoCloud cases it is named
 * `vlan200` and the NIC has no address of its own; in the config-drive cases it has no name, so it is
 * `eth2.200` (its link's `eth<i>` and its id, the name cloud-init gives a `network_data.json` VLAN), and the NIC
 * has an address: `network_data.json` cannot tell networkd to refuse router advertisements on a NIC without
 * addressing, and forky's networkd then keeps it `configuring` (docs/cloud-init-versions.md, Known limits). The
 * fourth is the only port of a bridge, in the NoCloud cases only: network_data.json has no bridge link type
 * (cloud-init's `convert_net_json` knows `bond`, `vlan` and physical types).
 */
export const NIC_C = "52:54:00:b0:0d:03";
export const NIC_D = "52:54:00:b0:0d:04";
export const NIC_VLAN = { name: "vlan200", defaultName: "eth2.200", id: 200, address: "192.168.200.15/24" };
/** The third NIC's own address in the config-drive cases. */
export const NIC_C_ADDRESS = "192.168.201.15/24";
/**
 * What NetworkManager gives NIC_C in the NoCloud case: the first lease of QEMU's user network (its DHCP range
 * starts at 10.0.2.15). cloud-init's keyfile for a NIC without addressing has no [ipv4] or [ipv6] section, so
 * NetworkManager's defaults, DHCPv4 and IPv6 `auto`, apply (docs/cloud-init-versions.md, Known limits).
 */
export const NIC_C_DHCP_LEASE = "10.0.2.15/24";
export const BRIDGE = { name: "br0", address: "192.168.50.15/24" };
export const SEARCH_DOMAIN = "boot.example";
export const VLAN = {
  name: "bond0.100",
  id: 100,
  addresses: ["192.168.100.15/24", "fd00:100::15/64"],
  route: { to: "198.51.100.0/24", via: "192.168.100.1" },
};

/**
 * The bond and VLAN spec for `suite`'s cloud-init, with the VLAN on NIC_C. `names` gives the members names
 * (members and primary then refer to them by name), NIC_C its address and the VLAN on it no name, as the
 * config-drive cases have it; without `names` the members are matched and referred to by MAC, the VLAN on
 * NIC_C is named, and the spec also has the bridge over NIC_D.
 */
export function bondSpec(suite: Suite, names?: [string, string]): BootstrapSpec {
  const [refA, refB] = names ?? [NIC_A, NIC_B];
  return {
    hostname: "bond-proof",
    cloudInit: { minVersion: SUITES[suite].cloudInit },
    dns: { nameservers: [BOND.nameserver], searchDomains: [SEARCH_DOMAIN] },
    network: {
      interfaces: [
        { macAddress: NIC_A, ...(names ? { name: names[0] } : {}) },
        { macAddress: NIC_B, ...(names ? { name: names[1] } : {}) },
        ...(names
          ? [{ macAddress: NIC_C, addresses: [NIC_C_ADDRESS] }]
          : [{ macAddress: NIC_C }, { macAddress: NIC_D }]),
      ],
      bonds: [
        {
          name: BOND.name,
          interfaces: [refA, refB],
          mode: BondMode.ActiveBackup,
          miimon: 100,
          primary: refB,
          addresses: [BOND.address],
          gateway4: BOND.gateway,
        },
      ],
      vlans: [
        { id: VLAN.id, link: BOND.name, addresses: [...VLAN.addresses], routes: [VLAN.route] },
        {
          ...(names ? {} : { name: NIC_VLAN.name }),
          id: NIC_VLAN.id,
          link: NIC_C,
          addresses: [NIC_VLAN.address],
        },
      ],
      ...(names
        ? {}
        : { bridges: [{ name: BRIDGE.name, interfaces: [NIC_D], stp: false, addresses: [BRIDGE.address] }] }),
    },
  };
}

/** What writes the bond and VLAN in a suite's booted image. */
export enum BondRenderer {
  /** cloud-init's ENI renderer; ifenslave's hooks make the bond, ifupdown the VLAN. */
  Eni = "eni",
  /** cloud-init's netplan renderer; `netplan generate` writes networkd's `.netdev`/`.network` in /run. */
  Netplan = "netplan",
  /** cloud-init's own networkd renderer, which writes `.netdev` files from 25.2 (networkd.py 26.2:556-680). */
  Networkd = "networkd",
  /** cloud-init's NetworkManager renderer: one keyfile per device, NetworkManager alone brings them up. */
  NetworkManager = "network-manager",
}

export interface BondCase {
  title: string;
  label: string;
  suite: Suite;
  /** The image flavour booted (bookworm's `netplan`, bullseye's `ifenslave`); undefined: the suite's base image. */
  flavour?: string;
  /** What renders the network in that image. */
  renderer: BondRenderer;
  /** The image in words, for the test titles: `netplan flavour`, `base image`. */
  image: string;
  kind: SeedKind;
  spec: BootstrapSpec;
  /** The file of the seed that carries the network configuration. */
  networkFile: string;
  /** The members' names in the guest, when the spec names them. */
  memberNames?: [string, string];
  /** The guest's NICs (MACs, in PCI order): the bond's two, NIC_C, and NIC_D where the spec has it. */
  nics: string[];
  /** The guest name of the VLAN on NIC_C. */
  nicVlan: string;
  /** NIC_C's own addresses in the guest: the spec's, or NetworkManager's DHCP lease where the spec has none. */
  nicCAddresses: string[];
  /** Whether the spec has the bridge over NIC_D. */
  bridge: boolean;
}

const UPLINKS: [string, string] = ["uplink0", "uplink1"];

/**
 * The image each suite's bond boot uses. Before 25.2 cloud-init's networkd renderer writes no `.netdev`, so
 * bookworm (22.4) boots its netplan flavour (the path Debian 12's cloud images take) and bullseye (20.4) its ENI
 * image plus ifenslave; forky (26.2) boots its base image, cloud-init's own networkd renderer. trixie (25.1), whose
 * networkd renderer writes no `.netdev` either, boots its network-manager flavour: cloud-init's NetworkManager
 * renderer, the one Fedora and the RHEL family use.
 */
const IMAGES: Partial<Record<Suite, { flavour?: string; renderer: BondRenderer }>> = {
  [Suite.Bookworm]: { flavour: NETPLAN_FLAVOUR, renderer: BondRenderer.Netplan },
  [Suite.Bullseye]: { flavour: IFENSLAVE_FLAVOUR, renderer: BondRenderer.Eni },
  [Suite.Trixie]: { flavour: NETWORK_MANAGER_FLAVOUR, renderer: BondRenderer.NetworkManager },
  [Suite.Forky]: { renderer: BondRenderer.Networkd },
};

function casesOf(suite: Suite, image: { flavour?: string; renderer: BondRenderer }): BondCase[] {
  const name = image.flavour ?? "base";
  const words = image.flavour ? `${image.flavour} flavour` : "base image";
  return [
    {
      title: "NoCloud ISO, network config v2 (members by MAC)",
      label: `${suite}-${name}-nocloud-v2`,
      suite,
      ...image,
      image: words,
      kind: SeedKind.NoCloud,
      spec: bondSpec(suite),
      networkFile: "network-config",
      nics: [NIC_A, NIC_B, NIC_C, NIC_D],
      nicVlan: NIC_VLAN.name,
      nicCAddresses: image.renderer === BondRenderer.NetworkManager ? [NIC_C_DHCP_LEASE] : [],
      bridge: true,
    },
    {
      title: "config drive, network_data.json bond and vlan links (members by name, a VLAN on a NIC by MAC)",
      label: `${suite}-${name}-config-drive`,
      suite,
      ...image,
      image: words,
      kind: SeedKind.ConfigDriveNetworkData,
      spec: bondSpec(suite, UPLINKS),
      networkFile: "openstack/latest/network_data.json",
      memberNames: UPLINKS,
      nics: [NIC_A, NIC_B, NIC_C],
      nicVlan: NIC_VLAN.defaultName,
      nicCAddresses: [NIC_C_ADDRESS],
      bridge: false,
    },
  ];
}

/** The suites with a bond boot, each with its cases. */
export const BOND_SUITES = Object.entries(IMAGES).map(([suite, image]) => ({
  suite: suite as Suite,
  cases: casesOf(suite as Suite, image),
}));
