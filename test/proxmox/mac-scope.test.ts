/**
 * Proxmox derived MACs across stacks, projects and the components of one program. A dev and a prod stack
 * of one project (or two projects) may put `web` on one bridge: its derived MACs must differ. The same
 * component in the same stack keeps its MACs (the network config and the VM agree run after run). Within
 * one program a MAC the spec gives that another component's NIC holds is refused, as on vSphere.
 */
import { createHash } from "node:crypto";
import { registered, unwrapSecrets, valueOf } from "../component/mock-harness";
import { thrownInputPropertiesError } from "../helpers/input-properties-error";
import { installProxmoxMocks } from "./mocks";
import type { BootstrapSpec } from "../../src/spec/types";

installProxmoxMocks();
// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component/bootstrapped-vm";

type Interfaces = NonNullable<BootstrapSpec["network"]>["interfaces"];
const spec = (interfaces: Interfaces): BootstrapSpec => ({ hostname: "web-01", network: { interfaces } });
const byPosition: Interfaces = [
  { addresses: ["192.168.10.21/24"], gateway4: "192.168.10.1" },
  { dhcp4: true },
];
const proxmox = (nics: number) => ({
  nodeName: "pve",
  snippetsDatastoreId: "local",
  clone: { vmId: 9000 },
  networkDevices: Array.from({ length: nics }, () => ({ bridge: "vmbr0" })),
});

/**
 * The derivation docs/proxmox.md gives, computed here on its own: `02:` and the first 5 bytes of the
 * SHA-256 of "bootstrapped-vm/proxmox-mac/v2", project, stack, component, NIC index and attempt 0, NUL-joined.
 */
function documentedMac(project: string, stack: string, component: string, index: number): string {
  const seed = ["bootstrapped-vm/proxmox-mac/v2", project, stack, component, String(index), "0"].join("\0");
  const hex = createHash("sha256").update(seed).digest("hex");
  return `02:${(hex.slice(0, 10).match(/../g) as string[]).join(":")}`;
}

/** The MACs of `web`'s NICs (and its network-config) when deployed in this project and stack. */
async function macsIn(
  project: string,
  stack: string,
  name = "web",
): Promise<{ macs: string[]; network: string }> {
  const recorder = installProxmoxMocks(project, stack);
  const vm = new BootstrappedVm(name, { bootstrap: spec(byPosition), proxmox: proxmox(2) });
  await valueOf(vm.deliveredTo);
  const devices = (await registered(recorder, `${name}-vm`)).inputs.networkDevices as {
    macAddress: string;
  }[];
  const file = await registered(recorder, `${name}-network-config`);
  const network = (unwrapSecrets(file.inputs) as { sourceRaw: { data: string } }).sourceRaw.data;
  return { macs: devices.map((d) => d.macAddress), network };
}

describe("proxmox derived MACs", () => {
  it("differ between two stacks of one project and between two projects", async () => {
    const dev = await macsIn("proj", "dev");
    const prod = await macsIn("proj", "prod");
    const other = await macsIn("other", "dev");
    for (const { macs } of [dev, prod, other]) {
      expect(macs).toHaveLength(2);
      for (const mac of macs) expect(mac).toMatch(/^02(:[0-9a-f]{2}){5}$/);
    }
    const all = [...dev.macs, ...prod.macs, ...other.macs];
    expect(new Set(all).size).toBe(6);
    // The network config of each stack matches its own NICs.
    for (const { macs, network } of [dev, prod, other]) {
      for (const mac of macs) expect(network).toContain(`macaddress: ${mac}`);
    }
  });

  it("are the same for the same project, stack and component on every run", async () => {
    const first = await macsIn("proj", "dev");
    const again = await macsIn("proj", "dev");
    expect(again).toEqual(first);
    expect(first.macs).toEqual([0, 1].map((i) => documentedMac("proj", "dev", "web", i)));
    expect((await macsIn("proj", "dev", "db")).macs).not.toEqual(first.macs);
  });

  it("refuses at preview a spec MAC that a NIC of another component of the program holds, naming both", () => {
    installProxmoxMocks("proj", "dup");
    const mac = "52:54:00:12:34:56";
    new BootstrappedVm("a", { bootstrap: spec([{ macAddress: mac, dhcp4: true }]), proxmox: proxmox(1) });
    const err = thrownInputPropertiesError(
      () =>
        new BootstrappedVm("b", {
          bootstrap: spec([{ dhcp4: true }, { macAddress: mac.toUpperCase(), dhcp4: true }]),
          proxmox: proxmox(2),
        }),
    );
    expect(err.errors.map((e) => e.propertyPath)).toEqual(["bootstrap.network.interfaces[1].macAddress"]);
    expect(err.errors[0]?.reason).toContain(
      `${mac} is also the MAC of a: proxmox.networkDevices[0] (bootstrap.network.interfaces[0])`,
    );
  });
});
