// The spec's network part (`BootstrapSpec.network`): NICs, bonds, VLANs, bridges and routes, each device
// with the same addressing fields. Re-exported by types.ts, the schema generators' entry point. (A line
// comment: a leading doc comment would join the first interface's description in the schemas.)
/** Static network configuration of the guest's NICs (rendered as network-config v1/v2, ENI, network_data.json). */
export interface NetworkSpec {
  /** NICs in platform order. An interface with neither `macAddress` nor `name` is matched by position. */
  interfaces: InterfaceSpec[];
  /** Bonds of NICs (network config v1 `bond`, v2 `bonds`, network_data.json `bond` links). */
  bonds?: BondSpec[];
  /** 802.1Q VLANs on a NIC or a bond (v1 `vlan`, v2 `vlans`, network_data.json `vlan` links). */
  vlans?: VlanSpec[];
  /** Linux bridges over NICs, bonds or VLANs (v1 `bridge`, v2 `bridges`; not in network_data.json). */
  bridges?: BridgeSpec[];
}

/** How a device gets its addresses, routes, MTU and DNS: the same for NICs, bonds, VLANs and bridges. */
export interface AddressingSpec {
  /** DHCP for IPv4. */
  dhcp4?: boolean;
  /** DHCPv6 (stateful). */
  dhcp6?: boolean;
  /** IPv6 stateless autoconfiguration from router advertisements (SLAAC). */
  slaac?: boolean;
  /** Static addresses in CIDR form, IPv4 or IPv6 (`192.0.2.10/24`, `2001:db8::10/64`). */
  addresses?: string[];
  /** IPv4 default gateway (must lie in one of this device's IPv4 subnets). */
  gateway4?: string;
  /** IPv6 default gateway (in one of this device's IPv6 subnets, or link-local). */
  gateway6?: string;
  /** Extra routes. */
  routes?: RouteSpec[];
  /** MTU in bytes (68-65535 for IPv4, at least 1280 when IPv6 is configured). */
  mtu?: number;
  /** DNS servers for this device (added to the global ones). */
  nameservers?: string[];
  /** Search domains for this device. */
  searchDomains?: string[];
}

/** One NIC: how it is matched (name, MAC or position), and its addressing. */
export interface InterfaceSpec extends AddressingSpec {
  /** Interface name in the guest. With `macAddress` the NIC is renamed to it; alone it matches by name. */
  name?: string;
  /** MAC address that identifies the NIC (`aa:bb:cc:dd:ee:ff`). */
  macAddress?: string;
}

/** Bonding modes (the kernel's names, as v1, v2 and network_data.json write them). */
export enum BondMode {
  /** One member carries the traffic; another takes over when its link fails. */
  ActiveBackup = "active-backup",
  /** Packets round-robin over the members. */
  BalanceRr = "balance-rr",
  /** IEEE 802.3ad dynamic link aggregation (LACP); the switch ports form a LAG. */
  Lacp = "802.3ad",
}

/** How often LACPDUs are asked for (802.3ad `lacp-rate`). */
export enum LacpRate {
  Slow = "slow",
  Fast = "fast",
}

/** Which header fields choose the member for a packet (802.3ad `transmit-hash-policy`). */
export enum TransmitHashPolicy {
  Layer2 = "layer2",
  Layer2And3 = "layer2+3",
  Layer3And4 = "layer3+4",
  Encap2And3 = "encap2+3",
  Encap3And4 = "encap3+4",
}

/** A bond of NICs (Linux bonding driver) with its own addressing. */
export interface BondSpec extends AddressingSpec {
  /** The bond's interface name in the guest (`bond0`). */
  name: string;
  /** Member NICs, each the `name` or the `macAddress` of an entry of `network.interfaces`. At least one. */
  interfaces: string[];
  /** Bonding mode. */
  mode: BondMode;
  /** MII link monitoring interval in milliseconds (`miimon`); 0 turns it off. */
  miimon?: number;
  /** LACPDU rate; 802.3ad only. */
  lacpRate?: LacpRate;
  /** Transmit hash policy; 802.3ad only. */
  transmitHashPolicy?: TransmitHashPolicy;
  /** The member preferred as active (its `name` or `macAddress`, as in `interfaces`); active-backup only. */
  primary?: string;
  /** MAC address of the bond itself (default: the kernel takes the first member's). */
  macAddress?: string;
}

/** An 802.1Q VLAN on a NIC or a bond, with its own addressing. */
export interface VlanSpec extends AddressingSpec {
  /** The VLAN's interface name in the guest. Default `<link>.<id>` (`bond0.100`). */
  name?: string;
  /** 802.1Q VLAN id, 1-4094. */
  id: number;
  /** The device carrying the tagged frames: a NIC (its `name` or `macAddress`) or a bond (its `name`). */
  link: string;
  /** MAC address of the VLAN interface (default: its link's). */
  macAddress?: string;
}

/** A Linux bridge over NICs, bonds or VLANs, with its own addressing. */
export interface BridgeSpec extends AddressingSpec {
  /** The bridge's interface name in the guest (`br0`). */
  name: string;
  /** Ports: NICs (`name` or `macAddress`), bonds or VLANs (`name`). At least one. */
  interfaces: string[];
  /**
   * Spanning Tree Protocol on the bridge. Default: the renderer's. netplan turns it on when the bridge has a
   * `forwardDelay`; without one it writes no bridge settings, and systemd-networkd and the kernel leave it off.
   */
  stp?: boolean;
  /** STP forward delay in seconds (2-30). */
  forwardDelay?: number;
}

/** A static route. */
export interface RouteSpec {
  /** Destination in CIDR form (`10.0.0.0/8`, `2001:db8:1::/48`). */
  to: string;
  /** Next hop. */
  via: string;
  /** Route metric. */
  metric?: number;
}
