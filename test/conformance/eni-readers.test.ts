/**
 * The readers of cloud-init's ENI output the conformance suites rely on, on files cloud-init wrote: the
 * same v2 network (two NICs, an IPv4-first one with an IPv6 route and an IPv6-first one with an IPv4 route)
 * converted by `cloud-init devel net-convert -O eni` of 25.1.4 (`route add ... gw`) and of 26.2 with `ip`
 * installed (`ip [-family inet6] route add ... via`, and the IPv6 route moved into the `inet6` stanza). The
 * 26.2 file also carries the DNS lines 26.2 wrote for a dual-stack NIC with name servers of both families
 * (each stanza keeps its own family's; `lo` the IPv4 ones) and a DHCP NIC, copied from its conversion of
 * another spec.
 */
import { eniDns } from "./eni-dns";
import { misplacedEniRoutes } from "./eni-routes";

const ENI_25_1 = `auto lo
iface lo inet loopback

auto eth0
iface eth0 inet static
    address 192.0.2.10/24
    post-up route add default gw 192.0.2.1 || true
    pre-down route del default gw 192.0.2.1 || true
    post-up route add -A inet6 2001:db8:9::/48 gw 2001:db8::1 metric 50 || true
    pre-down route del -A inet6 2001:db8:9::/48 gw 2001:db8::1 metric 50 || true
    post-up route add -net 10.9.0.0/16 gw 192.0.2.254 || true
    pre-down route del -net 10.9.0.0/16 gw 192.0.2.254 || true

iface eth0 inet6 static
    address 2001:db8::10/64

auto eth1
iface eth1 inet6 static
    address 2001:db8:1::10/64
    post-up route add -net 10.8.0.0/16 gw 198.51.100.1 || true
    pre-down route del -net 10.8.0.0/16 gw 198.51.100.1 || true

iface eth1 inet static
    address 198.51.100.10/24
`;

const ENI_26_2 = `auto lo
iface lo inet loopback
    dns-nameservers 192.0.2.253
    dns-search global.example

auto eth0
iface eth0 inet static
    address 192.0.2.10/24
    dns-nameservers 192.0.2.253 192.0.2.53
    dns-search global.example dual.example
    post-up ip route add default via 192.0.2.1 || true
    pre-down ip route del default via 192.0.2.1 || true
    post-up ip route add 10.9.0.0/16 via 192.0.2.254 || true
    pre-down ip route del 10.9.0.0/16 via 192.0.2.254 || true

iface eth0 inet6 static
    address 2001:db8::10/64
    dns-nameservers 2001:db8:ffff::53 2001:db8::53
    dns-search global.example dual.example
    post-up ip -family inet6 route add 2001:db8:9::/48 via 2001:db8::1 metric 50 || true
    pre-down ip -family inet6 route del 2001:db8:9::/48 via 2001:db8::1 metric 50 || true

auto eth1
iface eth1 inet6 static
    address 2001:db8:1::10/64
    post-up ip route add 10.8.0.0/16 via 198.51.100.1 || true
    pre-down ip route del 10.8.0.0/16 via 198.51.100.1 || true

iface eth1 inet static
    address 198.51.100.10/24

auto eth2
iface eth2 inet dhcp
`;

describe("misplacedEniRoutes", () => {
  it("reads 25.1's `route add ... gw` lines: the IPv6 route under inet, the IPv4 route under inet6", () => {
    expect(misplacedEniRoutes(ENI_25_1)).toEqual([
      "iface eth0 inet: post-up route add -A inet6 2001:db8:9::/48 gw 2001:db8::1 metric 50 || true",
      "iface eth1 inet6: post-up route add -net 10.8.0.0/16 gw 198.51.100.1 || true",
    ]);
  });

  it("reads 26.2's `ip route add ... via` lines: only the IPv4 route under inet6 is misplaced", () => {
    expect(misplacedEniRoutes(ENI_26_2)).toEqual([
      "iface eth1 inet6: post-up ip route add 10.8.0.0/16 via 198.51.100.1 || true",
    ]);
  });

  it("finds a route in the stanza of another address than the one holding its next hop, in both forms", () => {
    const twoAddresses = (route: string): string =>
      `auto eth0\niface eth0 inet static\n    address 192.0.2.10/24\n    ${route}\n\n` +
      `iface eth0 inet static\n    address 198.51.100.10/24\n`;
    expect(
      misplacedEniRoutes(twoAddresses("post-up route add -net 10.0.0.0/8 gw 198.51.100.1 || true")),
    ).toHaveLength(1);
    expect(
      misplacedEniRoutes(twoAddresses("post-up ip route add 10.0.0.0/8 via 198.51.100.1 || true")),
    ).toHaveLength(1);
    expect(misplacedEniRoutes(twoAddresses("post-up ip route add 10.0.0.0/8 via 192.0.2.1 || true"))).toEqual(
      [],
    );
  });
});

describe("eniDns", () => {
  it("gives each interface its stanza families, whether one is static, and its name servers and search domains", () => {
    const dns = eniDns(ENI_26_2);
    const plain = Object.fromEntries(
      [...dns].map(([name, d]) => [
        name,
        {
          families: [...d.families],
          static: d.static,
          nameservers: [...d.nameservers],
          search: [...d.search],
        },
      ]),
    );
    expect(plain).toEqual({
      lo: { families: ["ipv4"], static: false, nameservers: ["192.0.2.253"], search: ["global.example"] },
      eth0: {
        families: ["ipv4", "ipv6"],
        static: true,
        nameservers: ["192.0.2.253", "192.0.2.53", "2001:db8:ffff::53", "2001:db8::53"],
        search: ["global.example", "dual.example"],
      },
      eth1: { families: ["ipv6", "ipv4"], static: true, nameservers: [], search: [] },
      eth2: { families: ["ipv4"], static: false, nameservers: [], search: [] },
    });
  });
});
