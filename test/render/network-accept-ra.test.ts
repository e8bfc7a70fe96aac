/**
 * A NIC given no addressing (no DHCP, SLAAC or static address) that is no bond member or bridge port, such as a
 * VLAN's link, refuses router advertisements: `accept-ra: false` in v2 and in its v1 `physical` entry. Without
 * it, systemd-networkd keeps such a link `configuring` until an advertisement arrives, and
 * `systemd-networkd-wait-online` (which cloud-init 26.2's network stage waits for) times out on a segment
 * without IPv6 routers: forky's bond boot, 4 December 2026 (src/render/network-common.ts
 * `refusesRouterAdvertisements`). The same for a bond, VLAN or bridge without addressing that is no bridge port
 * (a trunk bond; a bridge for guests). v1 carries it where the target's v1 schema and every later one allow it:
 * on a NIC from 24.2, on a bond, VLAN or bridge from 26.1. Each generation's renderers are checked by
 * test/generations/net-convert-devices.test.ts; the boot by test/vm/bond-boot.test.ts.
 */
import { renderNetworkConfigs } from "../../src/render/network";
import type { BootstrapSpec } from "../../src/spec/types";
import {
  LACP_BRIDGE_SPEC,
  MAC_ONLY_LINKS_SPEC,
  TRUNK_SPEC,
  UNADDRESSED_DNS_SPEC,
} from "./network-devices-fixtures";

/** `accept-ra` of every v2 ethernet and every v1 physical entry, by name (absent: undefined). */
function acceptRa(
  spec: BootstrapSpec,
  minVersion?: string,
): { v1: Record<string, unknown>; v2: Record<string, unknown> } {
  const configs = renderNetworkConfigs(
    minVersion === undefined ? spec : { ...spec, cloudInit: { minVersion } },
  );
  if (configs === undefined) throw new Error("no network");
  const v1 = Object.fromEntries(
    configs.v1.config
      .filter((e) => e.type === "physical")
      .map((e) => [String(e.name), (e as Record<string, unknown>)["accept-ra"]]),
  );
  const v2 = Object.fromEntries(
    Object.entries(configs.v2.ethernets ?? {}).map(([key, e]) => [key, e["accept-ra"]]),
  );
  return { v1, v2 };
}

describe("router advertisements of devices without addressing", () => {
  it("are refused on a VLAN's link, not on bond members; in v1 from 24.2", () => {
    // eth0 and eth1 are bond0's members; eth2 carries VLAN 200 only.
    const none = { eth0: undefined, eth1: undefined, eth2: undefined };
    const refused = { eth0: undefined, eth1: undefined, eth2: false };
    expect(acceptRa(LACP_BRIDGE_SPEC)).toEqual({ v1: none, v2: refused });
    expect(acceptRa(LACP_BRIDGE_SPEC, "24.1").v1).toEqual(none);
    expect(acceptRa(LACP_BRIDGE_SPEC, "24.2")).toEqual({ v1: refused, v2: refused });
  });

  it("are refused on a VLAN's link with DNS of its own, not on a bridge port or an addressed NIC", () => {
    expect(acceptRa(UNADDRESSED_DNS_SPEC, "26.2")).toEqual({
      v1: { eth0: false, eth1: undefined },
      v2: { eth0: false, eth1: undefined },
    });
    // MAC-only NICs: the first has an address and carries a VLAN, the second is br0's port.
    const macOnly = acceptRa(MAC_ONLY_LINKS_SPEC, "26.2");
    expect(Object.values(macOnly.v1)).toEqual([undefined, undefined]);
    expect(Object.values(macOnly.v2)).toEqual([undefined, undefined]);
  });

  it("are left to the kernel with DHCP or a static address, and accepted with SLAAC", () => {
    const spec = (iface: Record<string, unknown>): BootstrapSpec => ({
      hostname: "h",
      network: { interfaces: [{ name: "eth0", ...iface }] },
    });
    const untouched = { v1: { eth0: undefined }, v2: { eth0: undefined } };
    expect(acceptRa(spec({ dhcp4: true }), "26.2")).toEqual(untouched);
    expect(acceptRa(spec({ dhcp6: true }), "26.2")).toEqual(untouched);
    expect(acceptRa(spec({ addresses: ["192.0.2.5/24"] }), "26.2")).toEqual(untouched);
    expect(acceptRa(spec({ slaac: true })).v2).toEqual({ eth0: true });
    expect(acceptRa(spec({})).v2).toEqual({ eth0: false });
  });

  it("are refused on a trunk bond and a bridge for guests, not on the VLAN that is the bridge's port", () => {
    const configs = (minVersion?: string) =>
      renderNetworkConfigs(
        minVersion === undefined ? TRUNK_SPEC : { ...TRUNK_SPEC, cloudInit: { minVersion } },
      );
    const v2 = configs()?.v2;
    expect({
      bond0: v2?.bonds?.bond0?.["accept-ra"],
      "bond0.100": v2?.vlans?.["bond0.100"]?.["accept-ra"],
      "bond0.300": v2?.vlans?.["bond0.300"]?.["accept-ra"],
      br300: v2?.bridges?.br300?.["accept-ra"],
    }).toEqual({ bond0: false, "bond0.100": undefined, "bond0.300": undefined, br300: false });
    const v1 = (minVersion: string): Record<string, unknown> =>
      Object.fromEntries(
        (configs(minVersion)?.v1.config ?? []).map((e) => [
          String(e.name),
          (e as Record<string, unknown>)["accept-ra"],
        ]),
      );
    const devices = ["eth0", "eth1", "bond0", "bond0.100", "bond0.300", "br300"];
    // 25.1.4's v1 schema refuses `accept-ra` on a bond, VLAN or bridge; 26.1's allows it.
    expect(v1("25.1")).toEqual(Object.fromEntries(devices.map((d) => [d, undefined])));
    expect(v1("26.1")).toEqual({
      ...Object.fromEntries(devices.map((d) => [d, undefined])),
      bond0: false,
      br300: false,
    });
  });

  it("are refused on a bond and a VLAN that only have DNS of their own", () => {
    const configs = renderNetworkConfigs(UNADDRESSED_DNS_SPEC);
    expect(configs?.v2.bonds?.bond0?.["accept-ra"]).toBe(false);
    expect(configs?.v2.vlans?.["eth0.20"]?.["accept-ra"]).toBe(false);
    expect(configs?.v2.vlans?.["eth0.10"]?.["accept-ra"]).toBe(undefined);
  });
});
