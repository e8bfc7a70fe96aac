/**
 * Specs with bonds, VLANs and bridges, shared by the render tests, the golden files, the net-convert
 * conformance test and the generations tests.
 */
import { BondMode, BootstrapSpec, LacpRate, TransmitHashPolicy } from "../../src/spec/types";

/**
 * Two NICs (one matched by MAC only, one by MAC and renamed) in an active-backup bond with an untagged
 * static address, and a tagged VLAN on the bond with its own address and route: the data-centre
 * setup the boot test also uses. Every format carries it (network_data.json too: the bond is `bond0`).
 */
export const BOND_VLAN_SPEC: BootstrapSpec = {
  hostname: "bonded",
  dns: { nameservers: ["192.0.2.53"], searchDomains: ["example.com"] },
  network: {
    interfaces: [{ macAddress: "52:54:00:00:b0:01" }, { name: "ens4", macAddress: "52:54:00:00:b0:02" }],
    bonds: [
      {
        name: "bond0",
        interfaces: ["52:54:00:00:b0:01", "ens4"],
        mode: BondMode.ActiveBackup,
        miimon: 100,
        primary: "ens4",
        addresses: ["192.0.2.10/24", "2001:db8:10::10/64"],
        gateway4: "192.0.2.1",
        gateway6: "2001:db8:10::1",
        mtu: 9000,
      },
    ],
    vlans: [
      {
        id: 100,
        link: "bond0",
        addresses: ["198.51.100.10/24"],
        routes: [{ to: "203.0.113.0/24", via: "198.51.100.1" }],
        mtu: 1500,
        nameservers: ["198.51.100.53"],
      },
    ],
  },
};

/**
 * An 802.3ad bond with LACP options under a bridge with STP settings and DHCP, plus a VLAN on a third,
 * named NIC with a static IPv6 address and SLAAC. Bridges are network config v1/v2 only.
 */
export const LACP_BRIDGE_SPEC: BootstrapSpec = {
  hostname: "bridged",
  network: {
    interfaces: [
      { name: "eth0", macAddress: "52:54:00:00:c0:01" },
      { name: "eth1", macAddress: "52:54:00:00:c0:02" },
      { name: "eth2" },
    ],
    bonds: [
      {
        name: "bond0",
        interfaces: ["eth0", "eth1"],
        mode: BondMode.Lacp,
        miimon: 100,
        lacpRate: LacpRate.Fast,
        transmitHashPolicy: TransmitHashPolicy.Layer3And4,
      },
    ],
    bridges: [{ name: "br0", interfaces: ["bond0"], stp: false, forwardDelay: 4, dhcp4: true }],
    vlans: [
      {
        id: 200,
        link: "eth2",
        addresses: ["2001:db8:200::10/64"],
        gateway6: "2001:db8:200::1",
        slaac: true,
        nameservers: ["2001:db8:200::53"],
        searchDomains: ["lab.example.com"],
      },
    ],
  },
};

/** A balance-rr bond with DHCP and a named VLAN on a NIC: the third bonding mode, and an explicit VLAN name. */
export const ROUND_ROBIN_SPEC: BootstrapSpec = {
  hostname: "roundrobin",
  network: {
    interfaces: [
      { name: "eth0", macAddress: "52:54:00:00:d0:01" },
      { name: "eth1", macAddress: "52:54:00:00:d0:02" },
      { name: "eth2", macAddress: "52:54:00:00:d0:03", addresses: ["192.0.2.20/24"] },
    ],
    bonds: [{ name: "bond0", interfaces: ["eth0", "eth1"], mode: BondMode.BalanceRr, dhcp4: true }],
    vlans: [{ name: "storage", id: 30, link: "eth2", addresses: ["10.30.0.20/24"] }],
  },
};

/**
 * Devices with DNS of their own and no addressing (no address, DHCP or SLAAC): a NIC whose addresses live on a
 * VLAN but with name servers of its own, a bond with search domains of its own, and a VLAN with both. Network
 * config v1 and v2 carry their DNS; network_data.json has no network of the device to carry it (refused).
 */
export const UNADDRESSED_DNS_SPEC: BootstrapSpec = {
  hostname: "ud",
  dns: { nameservers: ["198.51.100.53"], searchDomains: ["example.com"] },
  network: {
    interfaces: [
      { name: "eth0", macAddress: "52:54:00:00:00:01", nameservers: ["10.1.1.53"] },
      { name: "eth1", macAddress: "52:54:00:00:00:02" },
    ],
    bonds: [
      {
        name: "bond0",
        interfaces: ["eth1"],
        mode: BondMode.ActiveBackup,
        searchDomains: ["bond.example.org"],
      },
    ],
    vlans: [
      { id: 10, link: "eth0", addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" },
      { id: 20, link: "eth0", nameservers: ["10.2.2.53"], searchDomains: ["vlan.example.org"] },
    ],
  },
};

/**
 * A VLAN and a bridge over NICs matched by MAC only: from 22.2 v2 must rename those NICs (`set-name`) for the
 * VLAN's `link` and the bridge's `interfaces` to name a device (src/render/network-v2.ts). Network config v1/v2
 * only (a bridge).
 */
export const MAC_ONLY_LINKS_SPEC: BootstrapSpec = {
  hostname: "maclinks",
  network: {
    interfaces: [
      { macAddress: "52:54:00:00:e0:01", addresses: ["192.0.2.30/24"] },
      { macAddress: "52:54:00:00:e0:02" },
    ],
    vlans: [{ name: "vlan40", id: 40, link: "52:54:00:00:e0:01", addresses: ["10.40.0.30/24"] }],
    bridges: [{ name: "br0", interfaces: ["52:54:00:00:e0:02"], dhcp4: true }],
  },
};

/**
 * A trunk: an active-backup bond with no addressing whose addresses all live on VLANs (VLAN 100 with an address
 * and the default route), and VLAN 300 on it, also without addressing, as the only port of a bridge for guests
 * (no addressing either). The bond and the bridge refuse router advertisements (`accept-ra: false`), the
 * member NICs and the ported VLAN do not (src/render/network-common.ts `refusesRouterAdvertisements`). Network
 * config v1/v2 only (a bridge).
 */
export const TRUNK_SPEC: BootstrapSpec = {
  hostname: "trunk",
  network: {
    interfaces: [{ macAddress: "52:54:00:00:f0:01" }, { macAddress: "52:54:00:00:f0:02" }],
    bonds: [
      {
        name: "bond0",
        interfaces: ["52:54:00:00:f0:01", "52:54:00:00:f0:02"],
        mode: BondMode.ActiveBackup,
        miimon: 100,
      },
    ],
    vlans: [
      { id: 100, link: "bond0", addresses: ["192.0.2.40/24"], gateway4: "192.0.2.1" },
      { id: 300, link: "bond0" },
    ],
    bridges: [{ name: "br300", interfaces: ["bond0.300"] }],
  },
};

/**
 * An active-backup bond of two NICs known by MAC only, whose primary is the second (by MAC), with the bond's
 * address and default route. Every format carries it: network_data.json names each member's link `eth<i>`, the
 * name v1 and v2 give it, so `bond_primary` can name the member (src/render/network-data-json.ts).
 */
export const MAC_ONLY_PRIMARY_SPEC: BootstrapSpec = {
  hostname: "macprimary",
  network: {
    interfaces: [{ macAddress: "52:54:00:00:c0:01" }, { macAddress: "52:54:00:00:c0:02" }],
    bonds: [
      {
        name: "bond0",
        interfaces: ["52:54:00:00:c0:01", "52:54:00:00:c0:02"],
        mode: BondMode.ActiveBackup,
        miimon: 100,
        primary: "52:54:00:00:c0:02",
        addresses: ["192.0.2.50/24"],
        gateway4: "192.0.2.1",
      },
    ],
  },
};

/**
 * A VLAN without a `name` on a NIC known by MAC only, which carries nothing else: the VLAN is `eth1.300` (its
 * link's `eth<i>` and its id, spec/network-names.ts) in every format, so network_data.json, whose VLANs
 * cloud-init names `<link name>.<id>`, carries it too. The other NIC, also known by MAC only, has the address and
 * the default route.
 */
export const MAC_ONLY_VLAN_SPEC: BootstrapSpec = {
  hostname: "macvlan",
  network: {
    interfaces: [
      { macAddress: "52:54:00:00:a0:01", addresses: ["192.0.2.60/24"], gateway4: "192.0.2.1" },
      { macAddress: "52:54:00:00:a0:02" },
    ],
    vlans: [{ id: 300, link: "52:54:00:00:a0:02", addresses: ["10.30.0.60/24"] }],
  },
};
