/**
 * fast-check generator of network specs of realistic variety, meant to be valid (the property test drops
 * and counts the ones `validateSpec` refuses): 1-3 NICs matched by MAC, by name, by both or by position
 * (the platform's MAC, `assignedMacAddresses`); static IPv4/IPv6 addresses (several per device), DHCPv4,
 * DHCPv6 and SLAAC in any combination; default gateways (in a subnet, or IPv6 link-local) and default
 * routes, at most one per family in the whole network; extra routes with and without metrics, next hops
 * in a static subnet, link-local, or anywhere when the family comes from DHCP/SLAAC; MTUs; global and
 * per-device name servers and search domains; and sometimes a bond (of two NICs), a VLAN (on a NIC or the
 * bond) and a bridge (over a NIC, the bond or the VLAN), each with addressing of its own.
 *
 * Device `d` (NICs 0-2, then bond 3, VLAN 4, bridge 5) uses the subnets 10.d.k.0/24 and 2001:db8:d:k::/64
 * (k = 0, 1), so addresses never collide between devices and every gateway and next hop can be placed.
 */
import fc from "fast-check";
import type {
  AddressingSpec,
  BondSpec,
  BootstrapSpec,
  BridgeSpec,
  InterfaceSpec,
  NetworkSpec,
  RouteSpec,
  VlanSpec,
} from "../../src/spec/types";
import { BondMode, LacpRate, TransmitHashPolicy } from "../../src/spec/types";
import { defaultVlanName, deviceGivenNames, nicGuestNames } from "../../src/spec/network-names";

export interface NetworkCase {
  spec: BootstrapSpec;
  /** MACs the platform assigned, by NIC index (for NICs with neither name nor MAC). */
  assignedMacAddresses: string[];
}

const NAMESERVERS = ["192.0.2.53", "198.51.100.53", "2001:db8:53::1", "2001:db8:53::2", "9.9.9.9"];
const SEARCH = ["example.com", "lab.example.net", "corp.example.org", "a.example"];
const MTUS = [1280, 1400, 1450, 1500, 9000];

const some = <T>(values: readonly T[], maxLength: number): fc.Arbitrary<T[]> =>
  fc.uniqueArray(fc.constantFrom(...values), { maxLength });

/** Addressing of device `d`: the fields, and its static subnets by family (for gateways and next hops). */
function addressing(d: number): fc.Arbitrary<AddressingSpec> {
  const v4 = fc
    .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 10, max: 12 })), {
      maxLength: 3,
      selector: ([k, h]) => `${k}.${h}`,
    })
    .map((xs) => xs.map(([k, h]) => ({ k, cidr: `10.${d}.${k}.${h}/24` })));
  const v6 = fc
    .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 10, max: 12 })), {
      maxLength: 3,
      selector: ([k, h]) => `${k}.${h}`,
    })
    .map((xs) => xs.map(([k, h]) => ({ k, cidr: `2001:db8:${d}:${k}::${h}/64` })));
  return fc
    .record({
      v4,
      v6,
      v6First: fc.boolean(),
      dhcp4: fc.boolean(),
      dhcp6: fc.boolean(),
      slaac: fc.boolean(),
      gw4: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
      gw6: fc.option(fc.constantFrom("subnet", "link-local"), { nil: undefined }),
      routes: fc.array(
        fc.record({
          family: fc.constantFrom("ipv4", "ipv6"),
          dest: fc.constantFrom("default", "a", "b"),
          hop: fc.constantFrom("first", "second", "link-local", "far"),
          metric: fc.option(fc.constantFrom(0, 50, 100, 1024), { nil: undefined }),
        }),
        { maxLength: 3 },
      ),
      mtu: fc.option(fc.constantFrom(...MTUS), { nil: undefined }),
      nameservers: some(NAMESERVERS, 2),
      searchDomains: some(SEARCH, 2),
    })
    .map((r) => {
      const out: AddressingSpec = {};
      if (r.dhcp4) out.dhcp4 = true;
      if (r.dhcp6) out.dhcp6 = true;
      if (r.slaac) out.slaac = true;
      const v4 = r.v4.map((a) => a.cidr);
      const v6 = r.v6.map((a) => a.cidr);
      const addresses = r.v6First ? [...v6, ...v4] : [...v4, ...v6];
      if (addresses.length > 0) out.addresses = addresses;
      const k4 = r.v4.map((a) => a.k);
      const k6 = r.v6.map((a) => a.k);
      if (r.gw4 !== undefined && k4.length > 0) out.gateway4 = `10.${d}.${k4[r.gw4 % k4.length]}.1`;
      if (r.gw6 !== undefined && k6.length > 0)
        out.gateway6 = r.gw6 === "link-local" ? "fe80::1" : `2001:db8:${d}:${k6[0]}::1`;
      const routes: RouteSpec[] = [];
      for (const route of r.routes) {
        const v6route = route.family === "ipv6";
        const ks = v6route ? k6 : k4;
        let via: string;
        if (route.hop === "link-local" && v6route) via = `fe80::${d + 2}`;
        else if (route.hop === "far" && (v6route ? r.dhcp6 || r.slaac : r.dhcp4))
          via = v6route ? "2001:db8:99::1" : "198.51.100.1";
        else if (ks.length === 0) continue;
        else {
          const k = route.hop === "second" ? ks[ks.length - 1] : ks[0];
          via = v6route ? `2001:db8:${d}:${k}::fe` : `10.${d}.${k}.254`;
        }
        const to =
          route.dest === "default"
            ? v6route
              ? "::/0"
              : "0.0.0.0/0"
            : v6route
              ? `2001:db8:${route.dest === "a" ? "a" : "b"}${d}::/48`
              : `172.${16 + d}.${route.dest === "a" ? 1 : 2}.0/24`;
        const spec: RouteSpec = { to, via };
        if (route.metric !== undefined) spec.metric = route.metric;
        if (!routes.some((x) => x.to === to && x.via === via)) routes.push(spec);
      }
      if (routes.length > 0) out.routes = routes;
      if (r.mtu !== undefined) out.mtu = r.mtu;
      if (r.nameservers.length > 0) out.nameservers = r.nameservers;
      if (r.searchDomains.length > 0) out.searchDomains = r.searchDomains;
      return out;
    });
}

const ADDRESSING_KEYS = [
  "dhcp4", "dhcp6", "slaac", "addresses", "gateway4", "gateway6", "routes", "mtu", "nameservers", "searchDomains",
] as const; // prettier-ignore

function withoutAddressing<T extends AddressingSpec>(device: T): T {
  const out = { ...device };
  for (const key of ADDRESSING_KEYS) delete out[key];
  return out;
}

/** One default per family in the whole network (validation refuses a second): later ones are dropped. */
function oneDefaultPerFamily(devices: AddressingSpec[]): void {
  const seen = { ipv4: false, ipv6: false };
  for (const device of devices) {
    for (const [key, family] of [
      ["gateway4", "ipv4"],
      ["gateway6", "ipv6"],
    ] as const) {
      if (device[key] === undefined) continue;
      if (seen[family]) delete device[key];
      seen[family] = true;
    }
    if (device.routes === undefined) continue;
    device.routes = device.routes.filter((r) => {
      if (!r.to.endsWith("/0")) return true;
      const family = r.to.includes(":") ? "ipv6" : "ipv4";
      if (seen[family]) return false;
      seen[family] = true;
      return true;
    });
    if (device.routes.length === 0) delete device.routes;
  }
}

const nic = (i: number): fc.Arbitrary<{ iface: InterfaceSpec; assigned: string }> =>
  fc
    .record({
      match: fc.constantFrom("mac", "name", "both", "both", "mac", "position"),
      name: fc.constantFrom(`eth${i}`, `ens${3 + i}`, `enp${i}s0`),
      addressing: addressing(i),
    })
    .map(({ match, name, addressing: a }) => {
      const mac = `52:54:00:12:00:${(16 + i).toString(16)}`;
      const iface: InterfaceSpec = {};
      if (match === "name" || match === "both") iface.name = name;
      if (match === "mac" || match === "both") iface.macAddress = i === 1 ? mac.toUpperCase() : mac;
      return { iface: { ...iface, ...a }, assigned: mac };
    });

/** A network of 1-3 NICs and, sometimes, a bond, a VLAN and a bridge; plus global DNS. */
export const networkCase: fc.Arbitrary<NetworkCase> = fc
  .integer({ min: 1, max: 3 })
  .chain((count) =>
    fc.record({
      nics: fc.tuple(...Array.from({ length: count }, (_, i) => nic(i))),
      bond: fc.option(
        fc.record({
          mode: fc.constantFrom(BondMode.ActiveBackup, BondMode.BalanceRr, BondMode.Lacp),
          miimon: fc.option(fc.constantFrom(0, 100), { nil: undefined }),
          lacpRate: fc.option(fc.constantFrom(LacpRate.Fast, LacpRate.Slow), { nil: undefined }),
          hash: fc.option(fc.constantFrom(TransmitHashPolicy.Layer3And4, TransmitHashPolicy.Layer2), {
            nil: undefined,
          }),
          primary: fc.boolean(),
          mac: fc.boolean(),
          addressing: addressing(3),
        }),
        { nil: undefined, freq: 3 },
      ),
      vlan: fc.option(
        fc.record({
          id: fc.constantFrom(10, 100, 4094),
          onBond: fc.boolean(),
          named: fc.boolean(),
          addressing: addressing(4),
        }),
        { nil: undefined, freq: 3 },
      ),
      bridge: fc.option(
        fc.record({
          port: fc.constantFrom("nic", "bond", "vlan"),
          stp: fc.option(fc.boolean(), { nil: undefined }),
          forwardDelay: fc.option(fc.constantFrom(2, 15), { nil: undefined }),
          addressing: addressing(5),
        }),
        { nil: undefined, freq: 4 },
      ),
      dns: fc.record({ nameservers: some(NAMESERVERS, 2), searchDomains: some(SEARCH, 2) }),
    }),
  )
  .map(({ nics, bond, vlan, bridge, dns }) => {
    const interfaces = nics.map((n) => n.iface);
    const ref = (i: number): string | undefined => interfaces[i]?.name ?? interfaces[i]?.macAddress;
    const network: NetworkSpec = { interfaces };
    const free = interfaces.map((_, i) => i).filter((i) => ref(i) !== undefined);
    let bondSpec: BondSpec | undefined;
    if (bond !== undefined && free.length >= 2) {
      const members = free.splice(free.length - 2, 2);
      for (const m of members) interfaces[m] = withoutAddressing(interfaces[m] as InterfaceSpec);
      bondSpec = { name: "bond0", interfaces: members.map((m) => ref(m) ?? ""), mode: bond.mode };
      if (bond.miimon !== undefined) bondSpec.miimon = bond.miimon;
      if (bond.mode === BondMode.Lacp && bond.lacpRate !== undefined) bondSpec.lacpRate = bond.lacpRate;
      if (bond.mode === BondMode.Lacp && bond.hash !== undefined) bondSpec.transmitHashPolicy = bond.hash;
      if (bond.mode === BondMode.ActiveBackup && bond.primary) bondSpec.primary = bondSpec.interfaces[0];
      if (bond.mac) bondSpec.macAddress = "52:54:00:12:00:b0";
      Object.assign(bondSpec, bond.addressing);
      network.bonds = [bondSpec];
    }
    let vlanSpec: VlanSpec | undefined;
    if (vlan !== undefined && (free.length > 0 || bondSpec !== undefined)) {
      const onBond = bondSpec !== undefined && (vlan.onBond || free.length === 0);
      const link = onBond ? "bond0" : (ref(free[0] ?? 0) ?? "");
      vlanSpec = { id: vlan.id, link, ...vlan.addressing };
      // A VLAN's MTU is at most its link's (validation).
      const linkMtu = (onBond ? bondSpec?.mtu : interfaces[free[0] ?? 0]?.mtu) ?? 1500;
      if (vlanSpec.mtu !== undefined && vlanSpec.mtu > linkMtu) vlanSpec.mtu = linkMtu;
      if (vlan.named) vlanSpec.name = `vlan${vlan.id}`;
      network.vlans = [vlanSpec];
    }
    if (bridge !== undefined) {
      let port: string | undefined;
      if (bridge.port === "vlan" && vlanSpec !== undefined) {
        const link = interfaces.findIndex(
          (i) => i.name === vlanSpec?.link || i.macAddress === vlanSpec?.link,
        );
        const nicNames = nicGuestNames(
          interfaces.map((i) => i.name),
          deviceGivenNames(network),
        );
        const linkName = vlanSpec.link === "bond0" ? "bond0" : (nicNames[link] ?? "");
        port = vlanSpec.name ?? defaultVlanName(linkName, vlanSpec.id);
        for (const key of ADDRESSING_KEYS) delete vlanSpec[key];
      } else if (bridge.port === "bond" && bondSpec !== undefined && vlanSpec?.link !== "bond0") {
        port = "bond0";
        for (const key of ADDRESSING_KEYS) delete bondSpec[key];
      } else {
        const usedByVlan = vlanSpec === undefined ? -1 : free.findIndex((i) => ref(i) === vlanSpec?.link);
        const i = free.find((_, j) => j !== usedByVlan);
        if (i !== undefined) {
          port = ref(i);
          interfaces[i] = withoutAddressing(interfaces[i] as InterfaceSpec);
        }
      }
      if (port !== undefined && port !== "") {
        const spec: BridgeSpec = { name: "br0", interfaces: [port], ...bridge.addressing };
        if (bridge.stp !== undefined) spec.stp = bridge.stp;
        if (bridge.forwardDelay !== undefined) spec.forwardDelay = bridge.forwardDelay;
        network.bridges = [spec];
      }
    }
    oneDefaultPerFamily([
      ...interfaces,
      ...(network.bonds ?? []),
      ...(network.vlans ?? []),
      ...(network.bridges ?? []),
    ]);
    const spec: BootstrapSpec = { hostname: "net-prop", network };
    const globalDns: BootstrapSpec["dns"] = {};
    if (dns.nameservers.length > 0) globalDns.nameservers = dns.nameservers;
    if (dns.searchDomains.length > 0) globalDns.searchDomains = dns.searchDomains;
    if (Object.keys(globalDns).length > 0) spec.dns = globalDns;
    return { spec, assignedMacAddresses: nics.map((n) => n.assigned) };
  });
