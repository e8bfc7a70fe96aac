/**
 * Search domains without nameservers in network config v1, on four cloud-init generations (Debian's
 * 20.4.1, 22.4.2, 25.1.4, 26.2 in chroots). The global `nameserver` entry must carry `address` (empty here):
 * every release's `handle_nameserver` requires the key (network_state.py `@ensure_command_keys(['address'])`,
 * 20.4.1:529, 22.4.2:587, 25.1.4:593) and skips an entry without it with a WARNING and a traceback
 * ("Command missing {'address'}"), losing the search domains; 25.1.4's v1 schema requires it too
 * (schema-network-config-v1.json `anyOf_type_nameserver`). The v1 rendered for each generation:
 *
 * - validates with `validate_cloudconfig_schema(..., strict=True)` on 25.1.4 (the only release of the three
 *   with a v1 schema), as `stages.py` (25.1.4:1096-1103) does at boot;
 * - converts with the generation's own `cloud-init devel net-convert` to ENI, netplan and (22.4 on)
 *   networkd with no warning, the search domains (global, plus an interface's own) arriving as ENI
 *   `dns-search`, netplan `nameservers.search` (static interface: cloud-init's netplan renderer reads DNS from
 *   static subnets only) and networkd `Domains=` (the global domains only, as networkd renders v1 DNS).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { renderNetworkConfigs } from "../../src/render/network";
import type { BootstrapSpec } from "../../src/spec/types";
import { stableYaml } from "../../src/util/serialize";
import { eniStanzaOptions } from "../helpers/eni";
import {
  GENERATIONS,
  runCloudInitIn,
  SCHEMA_SUITES,
  targetOf,
  type Generation,
  validateNetworkSchema,
  workdirPerSuite,
} from "../helpers/chroots";
import { readTree } from "../helpers/read-tree";

/** A static NIC and a DHCP NIC with search domains of its own; no nameserver anywhere. */
const SPEC: BootstrapSpec = {
  hostname: "so",
  dns: { searchDomains: ["example.com"] },
  network: {
    interfaces: [
      { macAddress: "52:54:00:00:00:01", addresses: ["192.0.2.10/24"] },
      { name: "ens4", macAddress: "52:54:00:00:00:02", dhcp4: true, searchDomains: ["corp.example.com"] },
    ],
  },
};

const EXPECTED_ENI: Record<string, string[]> = {
  eth0: ["dns-search example.com"],
  ens4: ["dns-search example.com corp.example.com"],
};

describe("network config v1 with search domains and no nameservers on 20.4, 22.4, 25.1 and 26.2", () => {
  const dirOf = workdirPerSuite();

  const v1For = (suite: Generation["suite"]): string => {
    const spec: BootstrapSpec = { ...SPEC, cloudInit: { minVersion: targetOf(suite) } };
    const network = renderNetworkConfigs(spec);
    if (network === undefined) throw new Error("no network");
    return stableYaml(network.v1);
  };

  it.each(SCHEMA_SUITES.map((s) => [s] as const))(
    "%s: passes the network-config v1 schema (strict)",
    (suite) => {
      expect(validateNetworkSchema(suite, 1, v1For(suite))).toEqual({
        netplan: false,
        validated: true,
        error: null,
        logged: [],
      });
    },
  );

  const table = GENERATIONS.flatMap((g) =>
    (g.cloudInit.startsWith("20.") ? ["eni", "netplan"] : ["eni", "netplan", "networkd"]).map(
      (output) => [g.cloudInit, output, g.suite] as const,
    ),
  );

  it.each(table)(
    "%s: net-convert to %s with no warning, the search domains arriving",
    (_v, output, suite) => {
      const dir = dirOf(suite);
      writeFileSync(join(dir.host, "v1.yaml"), v1For(suite));
      const r = runCloudInitIn(suite, [
        ...["devel", "net-convert", "-p", `${dir.inside}/v1.yaml`, "-k", "yaml", "-D", "debian"],
        ...["-O", output, "-d", `${dir.inside}/${output}`],
        ...["-m", "eth0,52:54:00:00:00:01", "-m", "ens4,52:54:00:00:00:02"],
      ]);
      expect(r.stderr).not.toMatch(/WARNING|DEPRECAT|Traceback/);
      expect(r.status).toBe(0);
      const tree = readTree(join(dir.host, output));
      if (output === "eni") {
        const stanzas = eniStanzaOptions(tree.get("etc/network/interfaces.d/50-cloud-init") ?? "");
        for (const [name, lines] of Object.entries(EXPECTED_ENI)) {
          expect({ name, options: stanzas.get(name) }).toEqual({
            name,
            options: expect.arrayContaining(lines) as unknown,
          });
        }
      } else if (output === "netplan") {
        const doc = parse(tree.get("etc/netplan/50-cloud-init.yaml") ?? "") as {
          network: { ethernets: Record<string, { nameservers?: { search?: string[] } }> };
        };
        expect(doc.network.ethernets.eth0?.nameservers?.search).toEqual(["example.com"]);
      } else {
        for (const [name, domains] of [
          ["eth0", "example.com"],
          // networkd writes a subnet's dns_search for static subnets only (networkd.py 25.1.4:204), else the
          // global search domains (parse_dns, 25.1.4:233-246): the DHCP NIC's own domain is not there.
          ["ens4", "example.com"],
        ]) {
          const text = tree.get(`etc/systemd/network/10-cloud-init-${name}.network`) ?? "";
          expect({ name, domains: /^Domains=(.*)$/m.exec(text)?.[1] }).toEqual({ name, domains });
        }
      }
    },
  );
});
