/**
 * Route metrics in a config drive's `network_data.json`, on four cloud-init generations (Debian's 20.4.1,
 * 22.4.2, 25.1.4, 26.2 in chroots): the tree rendered for that generation, its `openstack/latest/network_data.json`
 * converted by the chroot's own `cloud-init devel net-convert` (convert_net_json, then network_state) to
 * ENI, netplan and networkd (not in 20.4) must give every route of the spec its metric, 0 included.
 *
 * Nova writes no route metric, but its schema has room for one (no `additionalProperties: false` on a route,
 * doc/api_schemas/network_data.json) and cloud-init keeps it: convert_net_json copies a network's routes
 * (20.4.1 and 22.4.2 as they are; 25.1.4 keeps `network`, `destination`, `netmask`, `gateway`, `metric`),
 * `_normalize_route` keeps the integer, and the renderers write it. The converted network config also
 * passes 25.1.4's network config schema, which the guest checks at boot.
 */
import { parse } from "yaml";
import type { BootstrapSpec } from "../../src/spec/types";
import { eniStanzaOptions } from "../helpers/eni";
import { GENERATIONS, runPythonIn, workdirPerSuite } from "../helpers/chroots";
import {
  convertNetworkDataJson,
  networkDataJsonFor,
  writeNetworkDataJson,
} from "../helpers/net-convert-in-chroot";

/** A dual-stack NIC with routes of both families, one of metric 0, and a DHCP NIC with a metric route. */
const SPEC: BootstrapSpec = {
  hostname: "rm",
  network: {
    interfaces: [
      {
        name: "eth0",
        macAddress: "52:54:00:00:00:01",
        addresses: ["192.0.2.10/24", "2001:db8::10/64"],
        gateway4: "192.0.2.1",
        routes: [
          { to: "10.0.0.0/8", via: "192.0.2.2", metric: 100 },
          { to: "172.16.0.0/12", via: "192.0.2.3", metric: 0 },
          { to: "2001:db8:1::/48", via: "2001:db8::1", metric: 300 },
        ],
      },
      {
        name: "eth1",
        macAddress: "52:54:00:00:00:02",
        dhcp4: true,
        routes: [{ to: "198.51.100.0/24", via: "203.0.113.1", metric: 20 }],
      },
    ],
  },
};

/** Each renderer's routes, as `<to> via <via> metric <m>`, by device. */
const EXPECTED: Record<string, string[]> = {
  eth0: [
    "10.0.0.0/8 via 192.0.2.2 metric 100",
    "172.16.0.0/12 via 192.0.2.3 metric 0",
    "2001:db8:1::/48 via 2001:db8::1 metric 300",
  ],
  eth1: ["198.51.100.0/24 via 203.0.113.1 metric 20"],
};

/**
 * Routes of ENI `post-up route add` lines (`-net 10.0.0.0/8 gw 192.0.2.2 metric 100`), or from 25.3 with
 * `ip` installed `post-up ip [-family inet6] route add` lines (`10.0.0.0/8 via 192.0.2.2 metric 100`), by
 * device.
 */
function eniRoutes(eni: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, options] of eniStanzaOptions(eni)) {
    out[name] = options.flatMap((o) => {
      const m =
        /^post-up route add (?:-A inet6 )?(?:-net )?(\S+) gw (\S+)(?: metric (\d+))? \|\| true$/.exec(o) ??
        /^post-up ip (?:-family inet6 )?route add (\S+) via (\S+)(?: metric (\d+))? \|\| true$/.exec(o);
      if (m === null || m[1] === "default") return [];
      return [`${m[1]} via ${m[2]}${m[3] === undefined ? "" : ` metric ${m[3]}`}`];
    });
  }
  return out;
}

/** Routes of cloud-init's netplan YAML, by device. */
function netplanRoutes(text: string): Record<string, string[]> {
  const doc = parse(text) as {
    network: { ethernets: Record<string, { routes?: { to: string; via: string; metric?: number }[] }> };
  };
  const out: Record<string, string[]> = {};
  for (const [name, entry] of Object.entries(doc.network.ethernets)) {
    out[name] = (entry.routes ?? [])
      .filter((r) => !r.to.endsWith("/0"))
      .map((r) => `${r.to} via ${r.via}${r.metric === undefined ? "" : ` metric ${r.metric}`}`);
  }
  return out;
}

/** Routes of networkd `[Route]` sections, for one `.network` file. */
function networkdRoutes(text: string): string[] {
  return text
    .split(/^\[Route\]$/m)
    .slice(1)
    .flatMap((section) => {
      const key = (k: string): string | undefined => new RegExp(`^${k}=(.*)$`, "m").exec(section)?.[1];
      const to = key("Destination") ?? "";
      if (to.endsWith("/0")) return [];
      const metric = key("Metric");
      return [`${to} via ${key("Gateway") ?? ""}${metric === undefined ? "" : ` metric ${metric}`}`];
    });
}

/** The routes of the spec's devices (ENI also has `lo`), sorted. */
const sortAll = (r: Record<string, string[]>): Record<string, string[]> =>
  Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, [...(r[k] ?? [])].sort()]));

describe("network_data.json: route metrics reach the guest on 20.4, 22.4, 25.1 and 26.2", () => {
  const dirOf = workdirPerSuite();

  it.each(GENERATIONS.map((g) => [g.cloudInit, g.suite] as const))(
    "%s: net-convert to ENI, netplan and networkd writes every route with its metric",
    (_version, suite) => {
      const dir = dirOf(suite);
      writeNetworkDataJson(suite, SPEC, dir);
      const renderers = suite === "bullseye" ? ["eni", "netplan"] : ["eni", "netplan", "networkd"];
      for (const renderer of renderers) {
        const r = convertNetworkDataJson(suite, dir, renderer, [
          { name: "eth0", mac: "52:54:00:00:00:01" },
          { name: "eth1", mac: "52:54:00:00:00:02" },
        ]);
        expect({ renderer, stderr: r.stderr }).toEqual({
          renderer,
          stderr: expect.not.stringMatching(/WARNING|DEPRECAT|Traceback/) as unknown,
        });
        expect(r.status).toBe(0);
        const files = r.files;
        const routes =
          renderer === "eni"
            ? eniRoutes(files.get("etc/network/interfaces.d/50-cloud-init") ?? "")
            : renderer === "netplan"
              ? netplanRoutes(files.get("etc/netplan/50-cloud-init.yaml") ?? "")
              : Object.fromEntries(
                  ["eth0", "eth1"].map((n) => [
                    n,
                    networkdRoutes(files.get(`etc/systemd/network/10-cloud-init-${n}.network`) ?? ""),
                  ]),
                );
        // cloud-init's netplan renderer reads routes of static subnets only (netplan.py `_extract_addresses`,
        // 20.4.1-25.1.4): a DHCP-only NIC's routes are lost there whatever the document (docs/cloud-init-versions.md,
        // Known limits).
        const expected = renderer === "netplan" ? { ...EXPECTED, eth1: [] } : EXPECTED;
        expect({ renderer, routes: sortAll(routes) }).toEqual({ renderer, routes: sortAll(expected) });
      }
    },
  );

  it("25.1.4: the network config converted from it passes the network config schema", () => {
    const json = networkDataJsonFor("trixie", SPEC);
    const script = `
import json, sys
from cloudinit.config.schema import SchemaType, validate_cloudconfig_schema
from cloudinit.sources.helpers import openstack
v1 = openstack.convert_net_json(json.loads(sys.stdin.read()), known_macs={})
print(json.dumps(validate_cloudconfig_schema(config=v1, schema_type=SchemaType.NETWORK_CONFIG, strict=True)))
`;
    const r = runPythonIn("trixie", script, { input: json.toString("utf8") });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim().split("\n").pop()).toBe("true");
  });
});
