/**
 * Each DNS server of a NIC once, from a config drive's `network_data.json`, on four cloud-init generations
 * (Debian's 20.4.1, 22.4.2, 25.1.4, 26.2 in chroots): the chroot's own `cloud-init devel net-convert` converts
 * the document to every renderer the release has, and each nameserver list it writes must hold the NIC's
 * servers (the global ones, then its own) each once.
 *
 * 25.1 and later make every network's `services` the `dns_nameservers` of the subnet it becomes
 * (helpers/openstack.py 25.1.4:664-680). Their netplan and NetworkManager renderers join the servers of all of a
 * device's subnets without removing repeats (netplan.py `_extract_addresses`; network_manager.py
 * `render_interface`, 25.1.4:426-441), so servers listed on every network of a NIC came out once per network:
 * `dns=10.0.2.3;10.0.2.3;` in the keyfile of the trixie NetworkManager boot (test/vm/boot-proof.test.ts), each
 * server twice in netplan's `nameservers`. The library lists them on the NIC's first network only.
 */
import { parse } from "yaml";
import type { BootstrapSpec } from "../../src/spec/types";
import { cloudInitAtLeast, GENERATIONS, workdirPerSuite } from "../helpers/chroots";
import { convertNetworkDataJson, writeNetworkDataJson } from "../helpers/net-convert-in-chroot";
import { networkdValues } from "../conformance/network-expected";

const MAC0 = "52:54:00:00:0d:01";
const MAC1 = "52:54:00:00:0d:02";

/** A static dual-stack NIC (four networks: two addresses of each family) and a DHCPv4 + SLAAC NIC. */
const SPEC: BootstrapSpec = {
  hostname: "dns-once",
  dns: { nameservers: ["192.0.2.53"], searchDomains: ["example.com"] },
  network: {
    interfaces: [
      {
        name: "eth0",
        macAddress: MAC0,
        addresses: ["192.0.2.10/24", "192.0.2.11/24", "2001:db8:10::10/64", "2001:db8:10::11/64"],
        gateway4: "192.0.2.1",
        gateway6: "2001:db8:10::1",
        nameservers: ["2001:db8::53", "192.0.2.54"],
      },
      { name: "eth1", macAddress: MAC1, dhcp4: true, slaac: true, nameservers: ["198.51.100.53"] },
    ],
  },
};

/** The static NIC's servers as the spec gives them: the global ones, then its own. */
const ETH0_SERVERS = ["192.0.2.53", "2001:db8::53", "192.0.2.54"];

/** Every nameserver list a renderer wrote for `device`, each as written (one per family for NetworkManager). */
function nameserverLists(renderer: string, files: ReadonlyMap<string, string>, device: string): string[][] {
  if (renderer === "netplan") {
    const doc = parse(files.get("etc/netplan/50-cloud-init.yaml") ?? "") as {
      network?: { ethernets?: Record<string, { nameservers?: { addresses?: string[] } }> };
    };
    const addresses = doc.network?.ethernets?.[device]?.nameservers?.addresses;
    return addresses === undefined ? [] : [addresses];
  }
  if (renderer === "network-manager") {
    const keyfile =
      files.get(`etc/NetworkManager/system-connections/cloud-init-${device}.nmconnection`) ?? "";
    return ["ipv4", "ipv6"].flatMap((family) =>
      (networkdValues(keyfile, family).dns ?? []).map((v) => v.split(";").filter((s) => s !== "")),
    );
  }
  // networkd: one list a `DNS=` line. The renderer writes the global servers on a line of their own beside
  // the subnets' line (networkd.py `parse_dns`, 25.1.4:232-248), whatever the document: such a server is on both.
  const network = files.get(`etc/systemd/network/10-cloud-init-${device}.network`) ?? "";
  return (networkdValues(network, "Network").DNS ?? []).map((v) => v.split(" "));
}

/** The renderers of a release that write one nameserver list per device or family (ENI writes one per stanza). */
function renderersOf(suite: (typeof GENERATIONS)[number]["suite"]): string[] {
  return [
    "netplan",
    ...(cloudInitAtLeast(suite, "21.2") ? ["networkd"] : []),
    ...(cloudInitAtLeast(suite, "22.3") ? ["network-manager"] : []),
  ];
}

describe("network_data.json: every renderer writes each of a NIC's DNS servers once, on 20.4, 22.4, 25.1 and 26.2", () => {
  const dirOf = workdirPerSuite();
  const written = new Set<string>();

  it.each(
    GENERATIONS.flatMap((g) =>
      renderersOf(g.suite).map((renderer) => [g.cloudInit, renderer, g.suite] as const),
    ),
  )(
    "%s: net-convert to %s lists the static NIC's servers exactly, and no server twice",
    (_v, renderer, suite) => {
      const dir = dirOf(suite);
      if (!written.has(suite)) {
        writeNetworkDataJson(suite, SPEC, dir);
        written.add(suite);
      }
      const r = convertNetworkDataJson(
        suite,
        dir,
        renderer,
        [
          { name: "eth0", mac: MAC0 },
          { name: "eth1", mac: MAC1 },
        ],
        `out-dns-${renderer}`,
      );
      expect(r.stderr).not.toMatch(/WARNING|DEPRECAT|Traceback/);
      expect(r.status).toBe(0);
      for (const device of ["eth0", "eth1"]) {
        for (const list of nameserverLists(renderer, r.files, device))
          expect({ device, list }).toEqual({ device, list: [...new Set(list)] });
      }
      // Sorted and once each: NetworkManager writes a list per family, networkd one more for the global servers.
      const servers = new Set(nameserverLists(renderer, r.files, "eth0").flat());
      expect([...servers].sort()).toEqual([...ETH0_SERVERS].sort());
    },
  );
});
