/**
 * The name a NIC known by MAC only gets from a config drive's `network_data.json` and from network config v2,
 * on four cloud-init generations (Debian's 20.4.1, 22.4.2, 25.1.4, 26.2 in chroots): the chroot's own
 * `cloud-init devel net-convert` converts the document once with the NIC under the kernel's name (`eth1`) and
 * once under udev's predictable name (`ens5`), the two names the local stage can read in a guest where udev
 * renames the NIC late (docs/cloud-init-versions.md, Known limits).
 *
 * The rendered network must not depend on which of the two it read: a network_data.json link without `name`
 * is named after the device found with its MAC (helpers/openstack.py `convert_net_json`, 26.2:756-781), and
 * from 22.2 on so is a v2 entry without `set-name` (network_state.py `handle_ethernets`, 26.2:728-761). That
 * name goes into the networkd file's `[Match]`, so the file of the earlier read names no device once udev has
 * renamed the NIC (the forky boot of the CI of 1b7933e: NIC down). With the link's `name` and the entry's
 * `set-name` (`eth<i>` when the spec gives none), every read gives the same files, for the name cloud-init
 * renames the NIC to.
 */
import type { BootstrapSpec } from "../../src/spec/types";
import { GENERATIONS, workdirPerSuite } from "../helpers/chroots";
import {
  convertNetwork,
  NetworkSource,
  writeNetworkConfigV2,
  writeNetworkDataJson,
} from "../helpers/net-convert-in-chroot";
import { eniStanzaOptions } from "../helpers/eni";
import { parseNetworkdSections } from "../conformance/network-expected";

const NAMED_MAC = "52:54:00:00:0a:01";
const MAC_ONLY = "52:54:00:00:0a:02";

/** A named NIC and a NIC known by MAC only (the boot proof's kind), both static. */
const SPEC: BootstrapSpec = {
  hostname: "names",
  network: {
    interfaces: [
      { name: "uplink", macAddress: NAMED_MAC, addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" },
      { macAddress: MAC_ONLY, addresses: ["198.51.100.10/24"] },
    ],
  },
};

/** The converted output of one renderer as `device -> what names it`. */
function namesOf(renderer: string, files: Map<string, string>): Record<string, string> {
  if (renderer === "eni") {
    const eni = files.get("etc/network/interfaces.d/50-cloud-init") ?? "";
    return Object.fromEntries(
      [...eniStanzaOptions(eni).keys()].filter((n) => n !== "lo").map((n) => [n, "iface"]),
    );
  }
  const out: Record<string, string> = {};
  for (const [path, text] of files) {
    const m = /^etc\/systemd\/network\/10-cloud-init-(.+)\.network$/.exec(path);
    if (m?.[1] === undefined) continue;
    const match = parseNetworkdSections(text).find((section) => section.name === "Match")?.entries ?? [];
    out[m[1]] = match
      .filter(([key]) => key === "Name" || key === "MACAddress")
      .map(([key, value]) => `${key}=${value}`)
      .sort()
      .join(" ");
  }
  return out;
}

const SOURCES: readonly NetworkSource[] = ["network_data.json", "v2"];

describe("a NIC known by MAC only gets the document's name, whatever name cloud-init reads", () => {
  const dirOf = workdirPerSuite();
  const written = new Set<string>();

  it.each(GENERATIONS.flatMap((g) => SOURCES.map((source) => [g.cloudInit, source, g.suite] as const)))(
    "%s: net-convert of %s gives the same files with the NIC read as eth1 or as ens5, naming it eth1",
    (_version, source, suite) => {
      const dir = dirOf(suite);
      // 20.4 has no networkd renderer; its Debian image renders ENI.
      const renderer = suite === "bullseye" ? "eni" : "networkd";
      if (!written.has(suite)) {
        writeNetworkDataJson(suite, SPEC, dir);
        writeNetworkConfigV2(suite, SPEC, dir);
        written.add(suite);
      }
      const convert = (read: string): Record<string, string> => {
        const r = convertNetwork(
          suite,
          dir,
          source,
          renderer,
          [
            { name: "uplink", mac: NAMED_MAC },
            { name: read, mac: MAC_ONLY },
          ],
          `out-${source}-${read}`,
        );
        expect({ read, status: r.status, stderr: r.stderr }).toEqual({
          read,
          status: 0,
          stderr: expect.not.stringMatching(/WARNING|DEPRECAT|Traceback/) as unknown,
        });
        return namesOf(renderer, r.files);
      };
      const expected =
        renderer === "eni"
          ? { uplink: "iface", eth1: "iface" }
          : {
              uplink: `MACAddress=${NAMED_MAC} Name=uplink`,
              eth1: `MACAddress=${MAC_ONLY} Name=eth1`,
            };
      expect(convert("eth1")).toEqual(expected);
      expect(convert("ens5")).toEqual(expected);
    },
  );
});
