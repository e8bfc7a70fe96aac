/**
 * A NIC given no addressing (no DHCP, SLAAC or static address) that is no bond member or bridge port, such as a
 * VLAN's link, refuses router advertisements: `accept-ra: false` in v2 and in its v1 `physical` entry. Without
 * it, systemd-networkd keeps such a link `configuring` until an advertisement arrives, and
 * `systemd-networkd-wait-online` (which cloud-init 26.2's network stage waits for) times out on a segment
 * without IPv6 routers: forky's bond boot, 4 December 2026 (src/render/network-common.ts
 * `refusesRouterAdvertisements`). Each generation's renderers are checked by
 * test/generations/net-convert-devices.test.ts; the boot by test/vm/bond-boot.test.ts.
 */
import { renderNetworkConfigs } from "../../src/render/network";
import type { BootstrapSpec } from "../../src/spec/types";
import { LACP_BRIDGE_SPEC, MAC_ONLY_LINKS_SPEC, UNADDRESSED_DNS_SPEC } from "./network-devices-fixtures";

/** `accept-ra` of every v2 ethernet and every v1 physical entry, by name (absent: undefined). */
function acceptRa(spec: BootstrapSpec): { v1: Record<string, unknown>; v2: Record<string, unknown> } {
  const configs = renderNetworkConfigs(spec);
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

describe("router advertisements of NICs without addressing", () => {
  it("are refused on a VLAN's link, not on bond members", () => {
    // eth0 and eth1 are bond0's members; eth2 carries VLAN 200 only.
    expect(acceptRa(LACP_BRIDGE_SPEC)).toEqual({
      v1: { eth0: undefined, eth1: undefined, eth2: false },
      v2: { eth0: undefined, eth1: undefined, eth2: false },
    });
  });

  it("are refused on a VLAN's link with DNS of its own, not on a bridge port or an addressed NIC", () => {
    expect(acceptRa(UNADDRESSED_DNS_SPEC)).toEqual({
      v1: { eth0: false, eth1: undefined },
      v2: { eth0: false, eth1: undefined },
    });
    // MAC-only NICs: the first has an address and carries a VLAN, the second is br0's port.
    const macOnly = acceptRa(MAC_ONLY_LINKS_SPEC);
    expect(Object.values(macOnly.v1)).toEqual([undefined, undefined]);
    expect(Object.values(macOnly.v2)).toEqual([undefined, undefined]);
  });

  it("are left to the kernel with DHCP or a static address, and accepted with SLAAC", () => {
    const spec = (iface: Record<string, unknown>): BootstrapSpec => ({
      hostname: "h",
      network: { interfaces: [{ name: "eth0", ...iface }] },
    });
    expect(acceptRa(spec({ dhcp4: true }))).toEqual({ v1: { eth0: undefined }, v2: { eth0: undefined } });
    expect(acceptRa(spec({ dhcp6: true }))).toEqual({ v1: { eth0: undefined }, v2: { eth0: undefined } });
    expect(acceptRa(spec({ addresses: ["192.0.2.5/24"] }))).toEqual({
      v1: { eth0: undefined },
      v2: { eth0: undefined },
    });
    expect(acceptRa(spec({ slaac: true })).v2).toEqual({ eth0: true });
    expect(acceptRa(spec({})).v2).toEqual({ eth0: false });
  });

  it("are not refused on a bond, VLAN or bridge without addressing, in v1 or v2", () => {
    // network_state builds a v2 bond's, VLAN's or bridge's v1 command without `accept-ra` (26.2
    // network_state.py `_handle_bond_bridge`, `handle_vlans`): a limit, documented in docs/cloud-init-versions.md.
    const configs = renderNetworkConfigs(UNADDRESSED_DNS_SPEC);
    expect(configs?.v2.bonds?.bond0?.["accept-ra"]).toBe(undefined);
    expect(configs?.v1.config.some((e) => e.type !== "physical" && "accept-ra" in e)).toBe(false);
  });
});
