import { renderEni } from "../../src/render/eni";
import { resolveInterfaces } from "../../src/render/network";
import type { BootstrapSpec } from "../../src/spec/types";
import { DUAL_NIC_SPEC, NAMED_IPV6_SPEC } from "./transport-fixtures";
import { expectGolden } from "./golden-file";

const render = (spec: BootstrapSpec) => renderEni(resolveInterfaces(spec), spec.dns);

describe("renderEni", () => {
  it("matches the golden interfaces file for two NICs", () => {
    expectGolden("eni-dual-nic.txt", render(DUAL_NIC_SPEC));
  });

  it("matches the golden interfaces file for an IPv6-only NIC matched by name", () => {
    expectGolden("eni-named-ipv6.txt", render(NAMED_IPV6_SPEC));
  });

  it("starts with Nova's loopback stanza", () => {
    expect(render(DUAL_NIC_SPEC)).toContain("\nauto lo\niface lo inet loopback\n");
  });

  it("writes Nova's static IPv4 stanza: hwaddress, address, netmask, broadcast, gateway", () => {
    expect(render(DUAL_NIC_SPEC)).toContain(
      [
        "auto eth0",
        "iface eth0 inet static",
        "    hwaddress ether 52:54:00:ab:cd:01",
        "    address 192.0.2.10",
        "    netmask 255.255.255.0",
        "    broadcast 192.0.2.255",
        "    gateway 192.0.2.1",
      ].join("\n"),
    );
  });

  it("gives every further stanza of a NIC an alias name, with a prefix-length IPv6 netmask", () => {
    expect(render(DUAL_NIC_SPEC)).toContain(
      ["auto eth0:1", "iface eth0:1 inet6 static", "    address 2001:db8:10::10", "    netmask 64"].join(
        "\n",
      ),
    );
  });

  it("writes DHCP and SLAAC stanzas for a MAC-only NIC named eth<i>", () => {
    const text = render(DUAL_NIC_SPEC);
    expect(text).toContain("iface eth1 inet dhcp\n    hwaddress ether 52:54:00:ab:cd:02\n");
    expect(text).toContain("iface eth1:1 inet6 dhcp\n");
    expect(text).toContain("iface eth1:2 inet6 auto\n");
  });

  it("writes extra routes as post-up and pre-down commands", () => {
    expect(render(DUAL_NIC_SPEC)).toContain(
      "    post-up ip route add 10.0.0.0/8 via 192.0.2.254 metric 100 dev $IFACE || true\n" +
        "    pre-down ip route del 10.0.0.0/8 via 192.0.2.254 metric 100 dev $IFACE || true\n",
    );
  });

  it("writes an inet manual stanza with the DNS of a NIC that has DNS of its own but no addressing", () => {
    // Before: no stanza, and without network_data.json (cloud-init then reads this file) the NIC's DNS was lost.
    // cloud-init's reader makes the stanza a `manual` subnet with its DNS (20.4.1, 22.4.2, 25.1.4:
    // test/generations/unaddressed-device-dns.test.ts).
    const text = render({
      hostname: "h",
      dns: { nameservers: ["198.51.100.53"], searchDomains: ["example.com"] },
      network: {
        interfaces: [
          { name: "eth0", macAddress: "52:54:00:00:00:01", addresses: ["192.0.2.10/24"] },
          { name: "eth1", macAddress: "52:54:00:00:00:02", nameservers: ["10.1.1.53"] },
          { name: "eth2", macAddress: "52:54:00:00:00:03", searchDomains: ["nic.example.org"] },
          { name: "eth3", macAddress: "52:54:00:00:00:04" },
        ],
      },
    });
    expect(text).toContain(
      "\nauto eth1\niface eth1 inet manual\n    hwaddress ether 52:54:00:00:00:02\n" +
        "    dns-nameservers 198.51.100.53 10.1.1.53\n    dns-search example.com\n",
    );
    expect(text).toContain(
      "\nauto eth2\niface eth2 inet manual\n    hwaddress ether 52:54:00:00:00:03\n" +
        "    dns-nameservers 198.51.100.53\n    dns-search example.com nic.example.org\n",
    );
    // No DNS of its own: no stanza, as before.
    expect(text).not.toContain("eth3");
  });

  it("computes the broadcast address of small and large prefixes", () => {
    const text = render({
      hostname: "h",
      network: { interfaces: [{ name: "e", addresses: ["10.1.2.3/8", "192.168.1.9/30", "172.16.0.1/32"] }] },
    });
    expect(text).toContain("broadcast 10.255.255.255");
    expect(text).toContain("broadcast 192.168.1.11");
    expect(text).toContain("broadcast 172.16.0.1");
  });
});
