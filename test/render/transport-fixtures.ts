/**
 * Fixed inputs for the render tests: specs exercising every network feature, and hand-made
 * RenderedDocuments (so transport goldens do not move when the user-data renderer changes).
 */
import { renderNetworkConfigs } from "../../src/render/network";
import type { RenderedDocuments } from "../../src/render/types";
import type { BootstrapSpec } from "../../src/spec/types";

/** Two NICs: dual-stack static with routes, MTU and DNS (renamed by MAC); DHCPv4+DHCPv6+SLAAC by MAC only. */
export const DUAL_NIC_SPEC: BootstrapSpec = {
  hostname: "web-01",
  domain: "example.com",
  dns: { nameservers: ["192.0.2.53"], searchDomains: ["example.com"] },
  network: {
    interfaces: [
      {
        name: "eth0",
        macAddress: "52:54:00:AB:CD:01",
        addresses: ["192.0.2.10/24", "2001:db8:10::10/64"],
        gateway4: "192.0.2.1",
        gateway6: "2001:db8:10::1",
        routes: [
          { to: "10.0.0.0/8", via: "192.0.2.254", metric: 100 },
          { to: "2001:db8:99::/48", via: "2001:db8:10::fe" },
        ],
        mtu: 9000,
        nameservers: ["2001:db8::53"],
        searchDomains: ["int.example.com"],
      },
      { macAddress: "52:54:00:ab:cd:02", dhcp4: true, dhcp6: true, slaac: true },
    ],
  },
};

/**
 * DUAL_NIC_SPEC without what cloud-init's reader of the legacy ENI file drops (routes, MTU, DHCPv6, SLAAC):
 * a config drive whose only network config is that file takes it.
 */
export const ENI_ONLY_SPEC: BootstrapSpec = {
  ...DUAL_NIC_SPEC,
  network: {
    interfaces: DUAL_NIC_SPEC.network!.interfaces.map(
      ({ routes: _r, mtu: _m, dhcp6: _d, slaac: _s, ...rest }) => rest,
    ),
  },
};

/** One NIC by name only, IPv6-only with a link-local gateway. */
/**
 * A NIC with DHCPv4, DHCPv6 and SLAAC only, an IPv6 default route with a metric via a link-local router and an
 * IPv4 route: each route must go under a subnet (network) of its own family.
 */
export const DHCP_ONLY_ROUTES_SPEC: BootstrapSpec = {
  hostname: "h",
  network: {
    interfaces: [
      {
        name: "eth0",
        dhcp4: true,
        dhcp6: true,
        slaac: true,
        routes: [
          { to: "::/0", via: "fe80::2", metric: 50 },
          { to: "198.51.100.0/24", via: "192.0.2.1" },
        ],
      },
    ],
  },
};

export const NAMED_IPV6_SPEC: BootstrapSpec = {
  hostname: "v6-01",
  network: {
    interfaces: [{ name: "ens3", addresses: ["2001:db8:1::5/64"], gateway6: "fe80::1", mtu: 1500 }],
  },
};

/** Hand-made documents for `spec` (network from the real network renderer). */
export function handMadeDocs(spec: BootstrapSpec, extra: Partial<RenderedDocuments> = {}): RenderedDocuments {
  const docs: RenderedDocuments = {
    instanceId: "iid-0123456789abcdef0123",
    contentHash: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    hostname: spec.hostname,
    cloudConfig: { hostname: spec.hostname },
    userData: `#cloud-config\nhostname: ${spec.hostname}\nruncmd:\n  - echo hello\n`,
    metaData: `instance-id: iid-0123456789abcdef0123\nlocal-hostname: ${spec.hostname}\n`,
    publicKeys: [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA1 ops@example.com",
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC2 dev@example.com",
    ],
    compressUserData: false,
    metadata: { team: "platform" },
    containsSecrets: false,
    ...extra,
  };
  if (!("network" in extra)) {
    const network = renderNetworkConfigs(spec);
    if (network !== undefined) docs.network = network;
  }
  if (spec.domain !== undefined && extra.fqdn === undefined) docs.fqdn = `${spec.hostname}.${spec.domain}`;
  return docs;
}
