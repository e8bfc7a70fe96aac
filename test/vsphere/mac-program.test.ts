/**
 * Static MACs across a whole Pulumi program: the same program in two stacks, a 5,000-NIC fleet, and
 * a MAC two components of one program claim. vSphere accepts static MACs only in VMware's manual
 * range 00:50:56:00:00:00-00:50:56:3F:FF:FF (22 bits), so derived MACs must be checked program-wide.
 */
import * as pulumi from "@pulumi/pulumi";

interface Nic {
  macAddress?: string;
}
const vms = new Map<string, Nic[]>();

/** Mocks for `stack`: records each VM's NICs by resource name. */
function setStack(stack: string): void {
  vms.clear();
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        if (args.type === "vsphere:index/virtualMachine:VirtualMachine")
          vms.set(args.name, (args.inputs as { networkInterfaces?: Nic[] }).networkInterfaces ?? []);
        return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    "shop",
    stack,
    false,
  );
}

setStack("dev");
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../src/component") as typeof import("../../src/component");
/* eslint-enable @typescript-eslint/no-require-imports */
import type { BootstrapSpec } from "../../src/spec/types";
import { thrownInputPropertiesError } from "../helpers/input-properties-error";

const spec = (nics: number): BootstrapSpec => ({
  hostname: "web",
  network: { interfaces: Array.from({ length: nics }, () => ({ dhcp4: true })) },
});
const vsphere = (nics: number, vmName: string) => ({
  name: vmName,
  resourcePoolId: "resgroup-8",
  transport: "vapp" as never,
  clone: { templateUuid: "4217c5a0-template" },
  networkInterfaces: Array.from({ length: nics }, (_, i) => ({ networkId: `network-${i}` })),
});

async function macsOf(name: string): Promise<string[]> {
  for (let i = 0; i < 2000 && !vms.has(name); i++) await new Promise((r) => setTimeout(r, 2));
  return (vms.get(name) ?? []).map((n) => n.macAddress ?? "");
}

describe("static MACs of a mocks program", () => {
  it("differ between two stacks of the same program (the stack is part of the derivation)", async () => {
    setStack("dev");
    new BootstrappedVm("web", { bootstrap: spec(2), vsphere: vsphere(2, "web") });
    const dev = await macsOf("web-vm");
    setStack("prod");
    new BootstrappedVm("web", { bootstrap: spec(2), vsphere: vsphere(2, "web") });
    const prod = await macsOf("web-vm");
    expect(dev).toHaveLength(2);
    expect(prod).toHaveLength(2);
    expect(dev.filter((m) => prod.includes(m))).toEqual([]);
    setStack("dev");
    new BootstrappedVm("web", { bootstrap: spec(2), vsphere: vsphere(2, "web") });
    expect(await macsOf("web-vm")).toEqual(dev);
  });

  // The 5,000-NIC fleet runs against the program registry in mac.test.ts (1,250 components under
  // mocks take minutes on a shared CI machine); here the component itself, with the worst case: every
  // member has the same VM name (in different folders), so only the component name tells them apart.
  it("gives 50 VMs of one program with the same VM name and 4 NICs each 200 distinct MACs", async () => {
    setStack("fleet");
    const names = Array.from({ length: 50 }, (_, i) => `member-${i}`);
    for (const n of names) new BootstrappedVm(n, { bootstrap: spec(4), vsphere: vsphere(4, "web") });
    const all = (await Promise.all(names.map((n) => macsOf(`${n}-vm`)))).flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
  });

  it("refuses at preview a MAC that a NIC of another component holds, naming both property paths", () => {
    setStack("dup");
    const mac = "00:50:56:12:34:56";
    const nic = { networkId: "network-0", macAddress: mac };
    new BootstrappedVm("a", {
      bootstrap: spec(1),
      vsphere: { ...vsphere(1, "a"), networkInterfaces: [nic] },
    });
    const err = thrownInputPropertiesError(
      () =>
        new BootstrappedVm("b", {
          bootstrap: spec(2),
          vsphere: { ...vsphere(2, "b"), networkInterfaces: [{ networkId: "network-1" }, nic] },
        }),
    );
    expect(err.errors.map((e) => e.propertyPath)).toEqual(["vsphere.networkInterfaces[1].macAddress"]);
    expect(err.errors[0]?.reason).toContain(
      `${mac} is also the MAC of a: vsphere.networkInterfaces[0].macAddress`,
    );
  });
});
