/**
 * The DNS of DHCP-only NICs in a config drive's `network_data.json`, on four cloud-init generations
 * (Debian's 20.4.1, 22.4.2, 25.1.4, 26.2 in chroots): the tree rendered for that generation, its
 * `openstack/latest/network_data.json` converted by the chroot's own `cloud-init devel net-convert` to ENI
 * must give each DHCP interface the spec's nameservers and search domains (global plus its own).
 *
 * ENI is the renderer that carries a DHCP subnet's DNS on every generation (eni.py writes a subnet's
 * `dns_nameservers` / `dns_search` whatever its type). cloud-init's netplan renderer reads DNS from static
 * subnets only and gives the global DNS only to interfaces with addresses (netplan.py `_extract_addresses`,
 * `_render_content`), and its networkd renderer only gives v1 interfaces the global servers, so no
 * network_data.json can carry a DHCP-only NIC's own DNS there (docs/formats.md).
 */
import type { BootstrapSpec } from "../../src/spec/types";
import { GENERATIONS, workdirPerSuite } from "../helpers/chroots";
import { convertNetworkDataJson, writeNetworkDataJson } from "../helpers/net-convert-in-chroot";
import { eniStanzaOptions } from "../helpers/eni";

/** The audit's case (a dhcp4 NIC with its own DNS, plus global search domains) and a DHCPv6-only NIC. */
const SPEC: BootstrapSpec = {
  hostname: "dh",
  dns: { searchDomains: ["example.com"] },
  network: {
    interfaces: [
      {
        macAddress: "52:54:00:00:00:01",
        dhcp4: true,
        nameservers: ["10.0.0.53"],
        searchDomains: ["corp.example.com"],
      },
      { name: "ens4", macAddress: "52:54:00:00:00:02", dhcp6: true, nameservers: ["2001:db8::53"] },
    ],
  },
};

/** ENI option lines each interface must carry, by guest name (`eth0`: the NIC matched by MAC only). */
const EXPECTED: Record<string, string[]> = {
  eth0: ["dns-nameservers 10.0.0.53", "dns-search example.com corp.example.com"],
  ens4: ["dns-nameservers 2001:db8::53", "dns-search example.com"],
};

describe("network_data.json: the DNS of DHCP-only NICs reaches the guest on 20.4, 22.4, 25.1 and 26.2", () => {
  const dirOf = workdirPerSuite();

  it.each(GENERATIONS.map((g) => [g.cloudInit, g.suite] as const))(
    "%s: net-convert to ENI gives each DHCP interface its nameservers and search domains",
    (_version, suite) => {
      const dir = dirOf(suite);
      writeNetworkDataJson(suite, SPEC, dir);
      const r = convertNetworkDataJson(suite, dir, "eni", [
        { name: "eth0", mac: "52:54:00:00:00:01" },
        { name: "ens4", mac: "52:54:00:00:00:02" },
      ]);
      expect(r.stderr).not.toMatch(/WARNING|DEPRECAT|Traceback/);
      expect(r.status).toBe(0);
      const eni = r.files.get("etc/network/interfaces.d/50-cloud-init") ?? "";
      const stanzas = eniStanzaOptions(eni);
      for (const [name, lines] of Object.entries(EXPECTED)) {
        expect({ name, options: stanzas.get(name) }).toEqual({
          name,
          options: expect.arrayContaining(lines) as unknown,
        });
      }
    },
  );
});
