/**
 * Network edge cases beyond the corpus, for the network conformance checks: NICs matched by position
 * (MAC from the platform), DHCP-only NICs with their own DNS, SLAAC with a link-local gateway, a route
 * on a DHCP-only NIC, an IPv6 extra route on a dual-stack NIC and an IPv4 route on an IPv6-first NIC (both
 * delivered as network config v1: src/render/network-delivery.ts), the IPv6 default given as a `::/0` route.
 * Each is a valid spec.
 */
import type { BootstrapSpec } from "../../src/spec/types";

export interface NetworkCase {
  name: string;
  spec: BootstrapSpec;
  /** MACs the platform assigned, by interface index. */
  assignedMacAddresses?: string[];
}

export const NETWORK_EDGE_CASES: NetworkCase[] = [
  {
    name: "edge-positional-nics",
    spec: {
      hostname: "pos-01",
      dns: { nameservers: ["192.0.2.53"], searchDomains: ["example.net"] },
      network: {
        interfaces: [
          { addresses: ["192.0.2.40/24"], gateway4: "192.0.2.1", mtu: 1450 },
          { dhcp4: true, nameservers: ["10.9.9.9"], searchDomains: ["lan.example.net"] },
        ],
      },
    },
    assignedMacAddresses: ["00:50:56:AA:00:01", "00:50:56:aa:00:02"],
  },
  {
    name: "edge-slaac-link-local-gateway",
    spec: {
      hostname: "ra-01",
      network: {
        interfaces: [
          {
            macAddress: "52:54:00:0e:00:01",
            name: "eth0",
            slaac: true,
            dhcp4: true,
            addresses: ["2001:db8:e::5/64"],
            gateway6: "fe80::1",
            routes: [{ to: "2001:db8:ee::/48", via: "fe80::2", metric: 30 }],
          },
        ],
      },
    },
  },
  {
    name: "edge-dhcp-only-routes",
    spec: {
      hostname: "dhcp-02",
      dns: { nameservers: ["2001:db8::35"] },
      network: {
        interfaces: [
          {
            macAddress: "52:54:00:0e:00:02",
            dhcp4: true,
            dhcp6: true,
            routes: [{ to: "10.50.0.0/16", via: "10.0.0.254", metric: 10 }],
            nameservers: ["10.0.0.53"],
          },
        ],
      },
    },
  },
  {
    name: "edge-dual-stack-ipv6-route",
    spec: {
      hostname: "routes-06",
      network: {
        interfaces: [
          {
            macAddress: "52:54:00:0e:00:06",
            name: "eth0",
            addresses: ["192.0.2.60/24", "2001:db8:60::60/64"],
            gateway4: "192.0.2.1",
            gateway6: "2001:db8:60::1",
            routes: [
              { to: "2001:db8:61::/48", via: "2001:db8:60::fe" },
              { to: "10.60.0.0/16", via: "192.0.2.254", metric: 20 },
            ],
          },
        ],
      },
    },
  },
  {
    name: "edge-ipv6-first-ipv4-route",
    spec: {
      hostname: "routes-07",
      network: {
        interfaces: [
          {
            macAddress: "52:54:00:0e:00:07",
            name: "eth0",
            addresses: ["2001:db8:70::70/64", "192.0.2.70/24"],
            gateway6: "2001:db8:70::1",
            routes: [{ to: "10.70.0.0/16", via: "192.0.2.254" }],
          },
        ],
      },
    },
  },
  {
    // The IPv6 default given as a route, not `gateway6`: before 23.1 a v2 `::/0` route becomes `::/64`, so
    // it is written as `gateway6` for those targets (src/render/network-v2.ts).
    name: "edge-ipv6-default-as-route",
    spec: {
      hostname: "routes-08",
      network: {
        interfaces: [
          {
            macAddress: "52:54:00:0e:00:08",
            name: "eth0",
            addresses: ["192.0.2.80/24", "2001:db8:80::80/64"],
            gateway4: "192.0.2.1",
            routes: [{ to: "::/0", via: "2001:db8:80::1", metric: 50 }],
          },
        ],
      },
    },
  },
];
