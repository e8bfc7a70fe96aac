/**
 * Bonds, VLANs and bridges on four cloud-init generations (Debian's 20.4.1, 22.4.2, 25.1.4, 26.2 in chroots):
 * each fixture rendered for that generation (`cloudInit.minVersion`, so the route forms are the ones it
 * reads without a deprecation), as v1, v2 and network_data.json, converted by the chroot's own
 * `cloud-init devel net-convert` to every output it has, must carry the spec's topology and addresses with
 * no warning. 20.4's net-convert has no networkd output (its `-O` choices: eni, netplan, sysconfig).
 */
import { cloudInitAtLeast, GENERATIONS, runInChroot, workdirPerSuite } from "../helpers/chroots";
import { DeviceOutput, deviceCases, expectConversion } from "../conformance/network-devices-check";

const outputsOf = (cloudInit: string): DeviceOutput[] =>
  cloudInit.startsWith("20.") ? ["netplan", "eni"] : ["netplan", "eni", "networkd"];

const table = GENERATIONS.flatMap((g) =>
  deviceCases(g.cloudInit).flatMap((c) =>
    outputsOf(g.cloudInit).map((o) => [g.cloudInit, c.name, c.source, o, g.suite, c] as const),
  ),
);

describe("cloud-init devel net-convert of bonds, VLANs and bridges on 20.4, 22.4, 25.1 and 26.2", () => {
  const dirOf = workdirPerSuite();

  it.each(table)(
    "%s: %s as %s converted to %s carries the spec's devices",
    (_v, _n, _s, output, suite, c) => {
      const dir = dirOf(suite);
      expectConversion(
        c,
        output,
        (argv) => runInChroot(suite, ["/usr/bin/python3", ...argv]),
        dir,
        cloudInitAtLeast(suite, "25.2"),
        cloudInitAtLeast(suite, "25.1"),
      );
    },
  );
});
