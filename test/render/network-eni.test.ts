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
