/**
 * The Proxmox NIC MAC plan (pure, with an explicit program registry): derivation scope, format, and the
 * program-wide registry it shares with vSphere (`src/platforms/program-macs.ts`).
 */
import { ProgramMacs } from "../../src/platforms/program-macs";
import { nicMacAddresses, proxmoxMac } from "../../src/platforms/proxmox/nics";
import type { BootstrapSpec } from "../../src/spec/types";

const owner = (component: string, stack = "dev", project = "shop") => ({
  scope: { project, stack },
  component,
});
const spec = (interfaces: NonNullable<BootstrapSpec["network"]>["interfaces"]): BootstrapSpec => ({
  hostname: "h",
  network: { interfaces },
});

describe("proxmoxMac", () => {
  it("is a locally administered unicast MAC, the same for the same project, stack, component and index", () => {
    for (let i = 0; i < 200; i++) {
      const mac = proxmoxMac(owner(`vm-${i}`), i % 4);
      expect(mac).toMatch(/^02(:[0-9a-f]{2}){5}$/);
      expect(proxmoxMac(owner(`vm-${i}`), i % 4)).toBe(mac);
    }
  });

  it("differs by stack, project, component and index", () => {
    const base = proxmoxMac(owner("web"), 0);
    expect(proxmoxMac(owner("web", "prod"), 0)).not.toBe(base);
    expect(proxmoxMac(owner("web", "dev", "blog"), 0)).not.toBe(base);
    expect(proxmoxMac(owner("db"), 0)).not.toBe(base);
    expect(proxmoxMac(owner("web"), 1)).not.toBe(base);
  });
});

describe("nicMacAddresses", () => {
  it("keeps spec MACs (lower case), derives for position-matched interfaces and leaves named ones to Proxmox", () => {
    const program = new ProgramMacs();
    const { macs, problems } = nicMacAddresses(
      spec([
        { macAddress: "52:54:00:AA:BB:CC", dhcp4: true },
        { dhcp4: true },
        { name: "eth2", dhcp4: true },
      ]),
      owner("web"),
      program,
    );
    expect(problems).toEqual([]);
    expect(macs).toEqual(["52:54:00:aa:bb:cc", proxmoxMac(owner("web"), 1), undefined]);
  });

  it("skips a derived MAC another component of the program holds", () => {
    const program = new ProgramMacs();
    const wanted = proxmoxMac(owner("web"), 0);
    program.hold(wanted, "other", "other: proxmox.networkDevices[0]");
    const { macs } = nicMacAddresses(spec([{ dhcp4: true }]), owner("web"), program);
    expect(macs[0]).toMatch(/^02(:[0-9a-f]{2}){5}$/);
    expect(macs[0]).not.toBe(wanted);
    expect(macs[0]).toBe(proxmoxMac(owner("web"), 0, new Set([wanted])));
  });

  it("does not blame a component for its own MACs when it assigns again", () => {
    const program = new ProgramMacs();
    const s = spec([{ macAddress: "52:54:00:00:00:01", dhcp4: true }, { dhcp4: true }]);
    const first = nicMacAddresses(s, owner("web"), program);
    expect(nicMacAddresses(s, owner("web"), program)).toEqual(first);
    expect(first.problems).toEqual([]);
  });
});
