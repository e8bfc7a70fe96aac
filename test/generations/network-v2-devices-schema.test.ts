/**
 * Network config v2 with bonds, VLANs and bridges against cloud-init 25.1.4's own network-config v2 schema,
 * and through each generation's `devel net-convert`. Every bond, VLAN and bridge fixture (together: every
 * bond parameter we write — mode, mii-monitor-interval, lacp-rate, transmit-hash-policy, primary — bridge
 * `stp` and `forward-delay`, VLAN `id` and `link`, routes, MTU), rendered for 20.4, 22.4 and 25.1:
 *
 * - validates with `validate_cloudconfig_schema(..., strict=True)` in the trixie chroot, which has no
 *   netplan, so cloud-init checks its own schema (config/schema.py 25.1.4:706-716) as `stages.py`
 *   (25.1.4:1096-1103) does at boot on a guest without netplan, where a failure is logged as WARNING
 *   "network-config-v2 failed schema validation!" and `cloud-init status` reports degraded;
 * - converts on the generation it targets (20.4.1, 22.4.2, 25.1.4) to netplan and ENI (and networkd from
 *   22.4) with no warning, the bonding options arriving as the spec gives them (network-devices-check.ts).
 */
import {
  cloudInitAtLeast,
  GENERATIONS,
  runInChroot,
  SCHEMA_SUITES,
  validateNetworkSchema,
  workdirPerSuite,
} from "../helpers/chroots";
import { DeviceOutput, deviceCases, expectConversion } from "../conformance/network-devices-check";

const outputsOf = (cloudInit: string): DeviceOutput[] =>
  cloudInit.startsWith("20.") ? ["netplan", "eni"] : ["netplan", "eni", "networkd"];

const table = GENERATIONS.flatMap((g) =>
  deviceCases(g.target)
    .filter((c) => c.source === "v2")
    .map((c) => [g.cloudInit, c.name, g.suite, c] as const),
);

describe("network config v2 with bonds, VLANs and bridges: 25.1.4's schema, and net-convert on 20.4, 22.4, 25.1, 26.2", () => {
  const dirOf = workdirPerSuite();

  it.each(table)(
    "%s: %s v2 passes 25.1.4's network-config v2 schema (strict) and converts with its bond options",
    (cloudInit, _n, suite, c) => {
      for (const schemaSuite of SCHEMA_SUITES) {
        expect({ schemaSuite, ...validateNetworkSchema(schemaSuite, 2, c.text) }).toEqual({
          schemaSuite,
          netplan: false,
          validated: true,
          error: null,
          logged: [],
        });
      }

      const dir = dirOf(suite);
      for (const output of outputsOf(cloudInit)) {
        expectConversion(
          c,
          output,
          (argv) => runInChroot(suite, ["/usr/bin/python3", ...argv]),
          dir,
          cloudInitAtLeast(suite, "25.2"),
          cloudInitAtLeast(suite, "25.1"),
        );
      }
    },
  );
});
