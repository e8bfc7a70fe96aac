/**
 * `stillConfiguring`, the bond boot's check that systemd-networkd finished (test/vm/bond-boot.test.ts), on the
 * reports of the forky bond boots of the fresh CI of aa1e4b7 (4 December 2026; trimmed to `networkctl list` and
 * wait-online's exit code: test/vm/fixtures/networkd-wait-online). There the NoCloud case's VLAN-only NIC
 * (`nic2`, no addressing, rendered without `accept-ra: false`) stayed `configuring` and
 * `systemd-networkd-wait-online --timeout=60` exited 1; the config-drive case (no such NIC) finished.
 * And on a trunk bond (the same forky boots with the bond's address and default route removed, ce1f7d4, 4 December
 * 2026, an experiment): from NoCloud v2 and from `network_data.json` 26.2 wrote the bond's `.network` without
 * `IPv6AcceptRA=` (v2 bonds lose `accept-ra` in network_state; network_data.json has no such key), the bond
 * stayed `configuring` and wait-online exited 1: the known limit of docs/cloud-init-versions.md.
 * Runs with `npm run test:vm` and needs no guest.
 */
import { join } from "node:path";
import { networkctlStates, stillConfiguring } from "./expectations";
import { GuestReport } from "./guest-report";

const FIXTURES = join(__dirname, "fixtures", "networkd-wait-online");

describe("stillConfiguring", () => {
  it("finds the VLAN-only NIC forky's networkd left configuring, and wait-online's timeout", () => {
    const report = new GuestReport(join(FIXTURES, "forky-nocloud-v2-aa1e4b7"));
    expect(stillConfiguring(report)).toEqual({ waitOnline: "1", configuring: ["nic2"] });
    expect(networkctlStates(report).get("nic3")).toEqual(["enslaved", "configured"]);
    expect(networkctlStates(report).get("vlan200")).toEqual(["routable", "configured"]);
  });

  it("finds nothing where networkd finished", () => {
    const report = new GuestReport(join(FIXTURES, "forky-config-drive-aa1e4b7"));
    expect(stillConfiguring(report)).toEqual({ waitOnline: "0", configuring: [] });
    expect([...networkctlStates(report).keys()]).toEqual(["lo", "uplink0", "uplink1", "bond0", "bond0.100"]);
  });

  it.each(["forky-nocloud-v2-trunk-bond", "forky-config-drive-trunk-bond"])(
    "finds a trunk bond without IPv6AcceptRA= left configuring (%s)",
    (fixture) => {
      const dir = join(FIXTURES, fixture);
      const report = new GuestReport(dir);
      expect(stillConfiguring(report)).toEqual({ waitOnline: "1", configuring: ["bond0"] });
      expect(report.text("10-cloud-init-bond0.network")).not.toMatch(/^IPv6AcceptRA=/m);
    },
  );
});
