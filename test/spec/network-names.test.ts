/**
 * The naming and reference rules the validator and every renderer share (src/spec/network-names.ts).
 */
import { defaultVlanName, nicGuestNames, nicIndex } from "../../src/spec/network-names";

const NICS = [
  { name: "lan", macAddress: "52:54:00:00:E0:01" },
  { macAddress: "52:54:00:00:e0:02" },
  { name: "52:54:00:00:e0:02" },
];

describe("nicIndex", () => {
  it("finds a NIC by its name before any NIC by its MAC", () => {
    expect(nicIndex(NICS, "lan")).toBe(0);
    expect(nicIndex(NICS, "52:54:00:00:e0:02")).toBe(2);
  });

  it("finds a NIC by its MAC in any case", () => {
    expect(nicIndex(NICS, "52:54:00:00:e0:01")).toBe(0);
    expect(nicIndex(NICS, "52:54:00:00:E0:02")).toBe(1);
  });

  it("gives -1 for a reference no NIC answers to", () => {
    expect(nicIndex(NICS, "eth1")).toBe(-1);
    expect(nicIndex([], "lan")).toBe(-1);
  });
});

describe("nicGuestNames", () => {
  it("names an unnamed NIC eth<i>, skipping names the spec or its devices already use", () => {
    expect(nicGuestNames(["eth1", undefined, undefined], ["eth2"])).toEqual(["eth1", "eth3", "eth4"]);
    expect(nicGuestNames([undefined, "wan"])).toEqual(["eth0", "wan"]);
  });

  it("names a VLAN without a name <link name>.<id>", () => {
    const [link] = nicGuestNames([undefined]);
    expect(defaultVlanName(link ?? "", 5)).toBe("eth0.5");
  });
});
