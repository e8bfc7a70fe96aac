/**
 * The DNS of its own of a NIC, bond or VLAN without addressing (no address, DHCP or SLAAC, no routes), on three
 * cloud-init generations (Debian's 20.4.1, 22.4.2, 25.1.4, 26.2 in chroots), each document rendered for that
 * generation's target and read by the chroot's own `cloud-init devel net-convert`:
 *
 * - network config v1: the device's `manual` subnet carries its DNS (global plus its own); network_state keeps
 *   a manual subnet's `dns_nameservers` / `dns_search` and ENI writes them under `iface <dev> inet manual`.
 *   Before, the device had `subnets: []` and its DNS was lost on every release. 25.1.4's network config schema
 *   takes the document (checked in the 25.1.4 case).
 * - the legacy ENI file of a config drive without network_data.json: an `inet manual` stanza with the DNS,
 *   which cloud-init's reader (convert_eni_data) makes a `manual` subnet. Before, no stanza: lost. (A 25.1
 *   target refuses that config drive, deprecated from 24.3; 25.1.4 reads the file of a 22.4 target.)
 * - network_data.json: refused for the config drive (no network of the device to carry it), whatever the
 *   target, with the carriers of network config v2 the target takes.
 *
 * cloud-init's netplan renderer reads DNS of static subnets only and its networkd renderer gives a v1 device
 * the global servers only (as for a DHCP subnet's DNS, docs/formats.md), so ENI is the renderer checked.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderValidSpec } from "../../src/render/render-all";
import type { BootstrapSpec } from "../../src/spec/types";
import { stableYaml } from "../../src/util/serialize";
import { eniStanzaOptions } from "../helpers/eni";
import {
  cloudInitAtLeast,
  GENERATIONS,
  runCloudInitIn,
  targetOf,
  validateNetworkSchema,
  workdirPerSuite,
} from "../helpers/chroots";
import { readTree } from "../helpers/read-tree";
import { UNADDRESSED_DNS_SPEC } from "../render/network-devices-fixtures";

/** NICs only (the legacy ENI file has no bonds or VLANs): one addressed, one with DNS of its own only. */
const NIC_SPEC: BootstrapSpec = {
  hostname: "ud",
  dns: UNADDRESSED_DNS_SPEC.dns,
  network: {
    interfaces: [
      { name: "eth0", macAddress: "52:54:00:00:00:01", addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" },
      {
        name: "eth1",
        macAddress: "52:54:00:00:00:02",
        nameservers: ["10.1.1.53"],
        searchDomains: ["nic.example.org"],
      },
    ],
  },
};

const MACS = ["-m", "eth0,52:54:00:00:00:01", "-m", "eth1,52:54:00:00:00:02"];

/** The DNS option lines of each named stanza of cloud-init's ENI output. */
function eniDns(eni: string, names: readonly string[]): Record<string, string[]> {
  const stanzas = eniStanzaOptions(eni);
  return Object.fromEntries(
    names.map((n) => [n, (stanzas.get(n) ?? []).filter((o) => o.startsWith("dns-")).sort()]),
  );
}

describe("the DNS of a device without addressing reaches the guest, or is refused, on 20.4, 22.4, 25.1 and 26.2", () => {
  const dirOf = workdirPerSuite();

  /** Converts `file` (of `kind`) with the chroot's net-convert to ENI and returns the ENI file. */
  function toEni(suite: (typeof GENERATIONS)[number]["suite"], kind: string, file: string): string {
    const dir = dirOf(suite);
    const out = `out-${file}`;
    const r = runCloudInitIn(suite, [
      "devel",
      "net-convert",
      ...["-p", `${dir.inside}/${file}`, "-k", kind, "-D", "debian"],
      ...["-O", "eni", "-d", `${dir.inside}/${out}`, ...MACS],
    ]);
    expect(r.stderr).not.toMatch(/WARNING|DEPRECAT|Traceback/);
    expect(r.status).toBe(0);
    return readTree(join(dir.host, out)).get("etc/network/interfaces.d/50-cloud-init") ?? "";
  }

  it.each(GENERATIONS.map((g) => [g.cloudInit, g.suite] as const))(
    "%s: network config v1 gives each such NIC, bond and VLAN its DNS (ENI)",
    (_version, suite) => {
      const spec: BootstrapSpec = { ...UNADDRESSED_DNS_SPEC, cloudInit: { minVersion: targetOf(suite) } };
      const v1 = renderValidSpec(spec).network?.v1;
      expect(v1).toBeDefined();
      writeFileSync(join(dirOf(suite).host, "v1.yaml"), stableYaml(v1));
      expect(eniDns(toEni(suite, "yaml", "v1.yaml"), ["eth0", "bond0", "eth0.20"])).toEqual({
        eth0: ["dns-nameservers 198.51.100.53 10.1.1.53", "dns-search example.com"],
        bond0: ["dns-nameservers 198.51.100.53", "dns-search example.com bond.example.org"],
        "eth0.20": ["dns-nameservers 198.51.100.53 10.2.2.53", "dns-search example.com vlan.example.org"],
      });
      // The network config schema of 25.1 and later (which a guest without netplan checks at boot) takes the
      // manual subnets.
      if (cloudInitAtLeast(suite, "25.1")) {
        expect(validateNetworkSchema(suite, 1, stableYaml(v1))).toEqual({
          netplan: false,
          validated: true,
          error: null,
          logged: [],
        });
      }
    },
  );

  it.each(GENERATIONS.map((g) => [g.cloudInit, g.suite] as const))(
    "%s: the legacy ENI file as the config drive's only network config gives such a NIC its DNS",
    (_version, suite) => {
      // A 25.1 target refuses the legacy file as the only network config (deprecated from 24.3); a 22.4
      // target's file is what a 25.1 guest would read.
      const target = cloudInitAtLeast(suite, "24.3") ? targetOf("bookworm") : targetOf(suite);
      const spec: BootstrapSpec = { ...NIC_SPEC, cloudInit: { minVersion: target } };
      const tree = renderConfigDriveTree(spec, renderValidSpec(spec), {
        networkDataJson: false,
        legacyNetworkFile: true,
      });
      const legacy = tree.get("openstack/content/0000");
      expect(legacy).toBeDefined();
      writeFileSync(join(dirOf(suite).host, "legacy.eni"), legacy ?? "");
      expect(eniDns(toEni(suite, "eni", "legacy.eni"), ["eth0", "eth1"])).toEqual({
        eth0: ["dns-nameservers 198.51.100.53", "dns-search example.com"],
        eth1: ["dns-nameservers 198.51.100.53 10.1.1.53", "dns-search example.com nic.example.org"],
      });
    },
  );

  it.each(GENERATIONS.map((g) => [g.cloudInit, g.suite] as const))(
    "%s: network_data.json refuses it, naming the fix and the v2 carriers of the target",
    (_version, suite) => {
      const spec: BootstrapSpec = { ...UNADDRESSED_DNS_SPEC, cloudInit: { minVersion: targetOf(suite) } };
      let error: unknown;
      try {
        renderConfigDriveTree(spec, renderValidSpec(spec));
      } catch (e) {
        error = e;
      }
      const carriers = suite === "bullseye" ? "use a NoCloud seed" : "use a NoCloud seed, guestinfo or vApp";
      const problems = (error as { problems?: { path: string; message: string }[] }).problems ?? [];
      expect(problems.map((p) => p.path)).toEqual([
        "network.interfaces[0].nameservers",
        "network.bonds[0].searchDomains",
        "network.vlans[1].nameservers",
        "network.vlans[1].searchDomains",
      ]);
      for (const p of problems) {
        expect(p.message).toMatch(/^network_data.json carries a device's own DNS only on a network /);
        expect(p.message).toMatch(
          new RegExp(
            `; give the device a static address, DHCP or SLAAC \\(its DNS then goes on that network\\), or ${carriers} \\(network config v2\\)$`,
          ),
        );
      }
    },
  );
});
