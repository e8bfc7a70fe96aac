import { assignNicMacs, VMWARE_MANUAL_MAC, vmwareStaticMac } from "../../src/platforms/vsphere/mac";

describe("vmwareStaticMac", () => {
  it("derives the same MAC from the same VM name and NIC index on every run", () => {
    expect(vmwareStaticMac("web-01", 0)).toBe(vmwareStaticMac("web-01", 0));
    expect(vmwareStaticMac("web-01", 1)).toBe(vmwareStaticMac("web-01", 1));
  });

  it("stays in VMware's manual range 00:50:56:00:00:00-00:50:56:3F:FF:FF", () => {
    for (let i = 0; i < 500; i++) {
      const mac = vmwareStaticMac(`vm-${i}`, i % 4);
      expect(mac).toMatch(VMWARE_MANUAL_MAC);
      expect(parseInt(mac.split(":")[3] ?? "ff", 16)).toBeLessThanOrEqual(0x3f);
    }
  });

  it("gives different VMs and different NICs different MACs", () => {
    const macs = new Set<string>();
    for (let vm = 0; vm < 100; vm++)
      for (let nic = 0; nic < 4; nic++) macs.add(vmwareStaticMac(`vm-${vm}`, nic));
    expect(macs.size).toBe(400);
  });

  it("skips a MAC that is already taken", () => {
    const first = vmwareStaticMac("web-01", 0);
    const next = vmwareStaticMac("web-01", 0, new Set([first]));
    expect(next).not.toBe(first);
    expect(next).toMatch(VMWARE_MANUAL_MAC);
  });
});

describe("assignNicMacs", () => {
  it("keeps a user MAC, assigns static MACs to position-matched NICs and leaves the rest to vSphere", () => {
    const macs = assignNicMacs("web-01", ["00:50:56:00:AA:01", undefined, undefined], [true, true, false]);
    expect(macs).toEqual([
      { macAddress: "00:50:56:00:aa:01", useStaticMac: true },
      { macAddress: vmwareStaticMac("web-01", 1, new Set(["00:50:56:00:aa:01"])), useStaticMac: true },
      { useStaticMac: false },
    ]);
  });
});
