/**
 * MAC addresses of the VM's NICs (pure but for the program's MAC registry). The network config must match
 * each NIC: an interface with a `macAddress` in the spec gets that MAC on its NIC; an interface the spec
 * matches by position (neither `name` nor `macAddress`) gets a static MAC derived from the Pulumi project,
 * the stack, the component name and its position, so the documents (uploaded before the VM exists) can
 * name it, and `web` in a dev and a prod stack (or two projects) on one bridge get different MACs. An
 * interface matched by `name` leaves the MAC to Proxmox. Every MAC is recorded program-wide as vSphere's
 * are (`../program-macs.ts`): a derived MAC avoids those of the program's other components, and a spec MAC
 * another component's NIC holds is refused.
 */
import type { SpecProblem } from "../../core/problems";
import type { BootstrapSpec } from "../../spec/types";
import { assignProgramMacs, derivedMac, programMacs, type MacScope, type ProgramMacs } from "../program-macs";

/** Who assigns: the component (unique in a program) and its project and stack. */
export interface ProxmoxMacOwner {
  readonly scope: MacScope;
  readonly component: string;
}

/**
 * A locally administered unicast MAC (`02:xx:xx:xx:xx:xx`: the 0x02 bit of the first octet set, the
 * multicast bit clear) from SHA-256 over the project, stack, component name and NIC index, avoiding
 * `taken`. The VM name is left out: it may be unknown in a preview, and the MAC must not be.
 */
export function proxmoxMac(
  owner: ProxmoxMacOwner,
  index: number,
  taken: { has(mac: string): boolean } = new Set<string>(),
): string {
  return derivedMac(
    "bootstrapped-vm/proxmox-mac/v2",
    owner.scope,
    [owner.component, String(index)],
    (hex) => `02:${(hex.slice(0, 10).match(/../g) as string[]).join(":")}`,
    taken,
  );
}

/**
 * The MAC for each spec interface's NIC (undefined: Proxmox chooses), lower case, recorded in the
 * program's registry; or, with nothing recorded, the problems: a spec MAC that another NIC of the
 * component or of the program holds (`bootstrap.network.interfaces[i].macAddress`, naming the other).
 */
export function nicMacAddresses(
  spec: BootstrapSpec,
  owner: ProxmoxMacOwner,
  program: ProgramMacs = programMacs(owner.scope),
): { macs: (string | undefined)[]; problems: SpecProblem[] } {
  const interfaces = spec.network?.interfaces ?? [];
  return assignProgramMacs(
    {
      component: owner.component,
      userMacs: interfaces.map((i) => i.macAddress),
      derive: interfaces.map((i) => i.name === undefined && i.macAddress === undefined),
      deriveMac: (i, taken) => proxmoxMac(owner, i, taken),
      holderPath: (i) =>
        `${owner.component}: proxmox.networkDevices[${i}] (bootstrap.network.interfaces[${i}])`,
      problemPath: (i) => `bootstrap.network.interfaces[${i}].macAddress`,
      remedy: "Give one of them another address, or leave macAddress (and name) unset for a derived one.",
    },
    program,
  );
}
