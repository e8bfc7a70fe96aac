/**
 * Bonds, VLANs and bridges through Debian's cloud-init 22.4 (this machine's) `devel net-convert`: network
 * config v1, v2 and network_data.json, each converted to netplan, ENI and networkd, carry exactly the spec's
 * topology (members, bonding options, VLAN ids and links, bridge ports and STP) and each device's
 * addresses, with no warning. The same checks run on 20.4, 22.4 and 25.1 in test/generations.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireCloudInit, runPythonArgs } from "../helpers/cloud-init";
import { DeviceOutput, deviceCases, expectConversion } from "./network-devices-check";

const OUTPUTS: DeviceOutput[] = ["netplan", "eni", "networkd"];
const CASES = deviceCases();
const table = CASES.flatMap((c) => OUTPUTS.map((o) => [c.name, c.source, o, c] as const));

describe("cloud-init devel net-convert (22.4) of bonds, VLANs and bridges", () => {
  let work = "";
  beforeAll(() => {
    requireCloudInit();
    work = mkdtempSync(join(tmpdir(), "bvm-net-devices-"));
  });
  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it.each(table)("%s: %s converted to %s carries the spec's devices", (_name, _source, output, c) => {
    expectConversion(c, output, runPythonArgs, { host: work, inside: work });
  });

  it("converts every fixture from v1 and v2, and network_data.json for those without a bridge or custom names", () => {
    expect(CASES.map((c) => `${c.name}/${c.source}`)).toEqual([
      "bond-vlan/v1",
      "bond-vlan/v2",
      "bond-vlan/network_data.json",
      "lacp-bridge/v1",
      "lacp-bridge/v2",
      "round-robin/v1",
      "round-robin/v2",
      "mac-only-links/v1",
      "mac-only-links/v2",
      "mac-only-primary/v1",
      "mac-only-primary/v2",
      "mac-only-primary/network_data.json",
      "mac-only-vlan/v1",
      "mac-only-vlan/v2",
      "mac-only-vlan/network_data.json",
      "trunk/v1",
      "trunk/v2",
    ]);
  });
});
