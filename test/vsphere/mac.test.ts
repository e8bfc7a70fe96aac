import {
  assignNicMacs,
  ProgramMacs,
  VMWARE_MANUAL_MAC,
  vmwareStaticMac,
  type MacOwner,
} from "../../src/platforms/vsphere/mac";

const owner = (component: string, stack = "dev", vmName = component): MacOwner => ({
  scope: { project: "shop", stack },
  component,
  vmName,
});

describe("vmwareStaticMac", () => {
  it("derives the same MAC from the same project, stack, component, VM name and NIC index on every run", () => {
    expect(vmwareStaticMac(owner("web-01"), 0)).toBe(vmwareStaticMac(owner("web-01"), 0));
    expect(vmwareStaticMac(owner("web-01"), 1)).toBe(vmwareStaticMac(owner("web-01"), 1));
  });

  it("gives `web` in two stacks, or in two projects, different MACs", () => {
    expect(vmwareStaticMac(owner("web", "dev"), 0)).not.toBe(vmwareStaticMac(owner("web", "prod"), 0));
    const otherProject = { ...owner("web"), scope: { project: "blog", stack: "dev" } };
    expect(vmwareStaticMac(otherProject, 0)).not.toBe(vmwareStaticMac(owner("web"), 0));
  });

  it("stays in VMware's manual range 00:50:56:00:00:00-00:50:56:3F:FF:FF", () => {
    for (let i = 0; i < 500; i++) {
      const mac = vmwareStaticMac(owner(`vm-${i}`), i % 4);
      expect(mac).toMatch(VMWARE_MANUAL_MAC);
      expect(parseInt(mac.split(":")[3] ?? "ff", 16)).toBeLessThanOrEqual(0x3f);
    }
  });

  it("skips a MAC that is already taken", () => {
    const first = vmwareStaticMac(owner("web-01"), 0);
    const next = vmwareStaticMac(owner("web-01"), 0, new Set([first]));
    expect(next).not.toBe(first);
    expect(next).toMatch(VMWARE_MANUAL_MAC);
  });
});

describe("assignNicMacs", () => {
  it("keeps a user MAC, assigns static MACs to position-matched NICs and leaves the rest to vSphere", () => {
    const program = new ProgramMacs();
    const { macs, problems } = assignNicMacs(
      owner("web-01"),
      ["00:50:56:00:AA:01", undefined, undefined],
      [true, true, false],
      program,
    );
    expect(problems).toEqual([]);
    expect(macs).toEqual([
      { macAddress: "00:50:56:00:aa:01", useStaticMac: true },
      { macAddress: vmwareStaticMac(owner("web-01"), 1, new Set(["00:50:56:00:aa:01"])), useStaticMac: true },
      { useStaticMac: false },
    ]);
  });

  it("gives a 5,000-NIC fleet of one program 5,000 distinct MACs, although 22 bits make raw collisions likely", () => {
    // Birthday bound: 5,000 draws from 2^22 collide with probability 1 - e^(-5000^2/2^23) ≈ 95%.
    const program = new ProgramMacs();
    const raw = new Set<string>();
    const assigned = new Set<string>();
    for (let vm = 0; vm < 1250; vm++) {
      const o = owner(`member-${vm}`);
      for (let nic = 0; nic < 4; nic++) raw.add(vmwareStaticMac(o, nic));
      const { macs, problems } = assignNicMacs(
        o,
        [undefined, undefined, undefined, undefined],
        [true, true, true, true],
        program,
      );
      expect(problems).toEqual([]);
      for (const m of macs) assigned.add(m.macAddress as string);
    }
    expect(raw.size).toBeLessThan(5000);
    expect(assigned.size).toBe(5000);
  });

  it("refuses a user MAC another component of the program holds, naming both property paths", () => {
    const program = new ProgramMacs();
    const a = assignNicMacs(owner("a"), ["00:50:56:01:02:03"], [false], program);
    expect(a.problems).toEqual([]);
    const b = assignNicMacs(owner("b"), [undefined, "00:50:56:01:02:03"], [false, false], program);
    expect(b.problems).toEqual([
      {
        path: "vsphere.networkInterfaces[1].macAddress",
        message: expect.stringContaining("a: vsphere.networkInterfaces[0].macAddress") as string,
      },
    ]);
  });

  it("refuses the same user MAC on two NICs of one VM, and lets a component assign again without blaming itself", () => {
    const program = new ProgramMacs();
    const twice = assignNicMacs(
      owner("a"),
      ["00:50:56:01:02:03", "00:50:56:01:02:03"],
      [false, false],
      program,
    );
    expect(twice.problems.map((p) => p.path)).toEqual(["vsphere.networkInterfaces[1].macAddress"]);
    expect(assignNicMacs(owner("c"), ["00:50:56:01:02:04"], [false], program).problems).toEqual([]);
    expect(assignNicMacs(owner("c"), ["00:50:56:01:02:04"], [false], program).problems).toEqual([]);
  });
});
