/**
 * Deterministic static MAC addresses for vSphere NICs.
 *
 * vSphere accepts a static MAC (`useStaticMac: true`) only in VMware's manual range
 * 00:50:56:00:00:00-00:50:56:3F:FF:FF: 22 bits, 4,194,304 addresses. The address is derived from
 * the Pulumi project, the stack, the component's name, the VM name and the NIC index (SHA-256, the
 * low 22 bits; `derivedMac` in `../program-macs.ts`, shared with Proxmox), so the same VM in the same
 * stack gets the same MACs on every run, `web` in two stacks (or two projects) gets different ones, and
 * the network config can match its NICs by MAC.
 *
 * 22 bits are few: among 5,000 derived MACs two collide with probability 1 - e^(-5000²/2^23) ≈ 95%
 * (birthday bound). So every MAC of one program is recorded in `ProgramMacs` (`../program-macs.ts`): a
 * derived MAC that an earlier NIC of the program holds is skipped (the next attempt is taken), and a MAC
 * the user gave that another NIC of the program holds is an error naming both property paths. Across
 * programs (another project, or VMs not made by this library) nothing can be checked: see docs/vsphere.md.
 */
import type { SpecProblem } from "../../core/problems";
import { assignProgramMacs, derivedMac, programMacs, type MacScope, type ProgramMacs } from "../program-macs";

export { ProgramMacs, programMacs, type MacScope } from "../program-macs";

/** VMware's manual range: the OUI 00:50:56 and a fourth octet of 00-3F. */
export const VMWARE_MANUAL_MAC = /^00:50:56:[0-3][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/;

/** Who assigns: the component (its name is the owner in `ProgramMacs`), its scope and its VM name. */
export interface MacOwner {
  readonly scope: MacScope;
  /** The component's name (unique in a program). */
  readonly component: string;
  /** The VM's name in vCenter. */
  readonly vmName: string;
}

/** The static MAC for NIC `nicIndex` of `owner`'s VM, avoiding the ones in `taken`. */
export function vmwareStaticMac(
  owner: MacOwner,
  nicIndex: number,
  taken: { has(mac: string): boolean } = new Set<string>(),
): string {
  return derivedMac(
    "bootstrapped-vm/mac/v2",
    owner.scope,
    [owner.component, owner.vmName, String(nicIndex)],
    (hex) => {
      const bits = parseInt(hex.slice(0, 6), 16) & 0x3fffff;
      const octets = [(bits >> 16) & 0x3f, (bits >> 8) & 0xff, bits & 0xff];
      return `00:50:56:${octets.map((o) => o.toString(16).padStart(2, "0")).join(":")}`;
    },
    taken,
  );
}

/** One entry per vSphere NIC: the MAC it gets and whether it is static. */
export interface NicMac {
  macAddress?: string;
  useStaticMac: boolean;
}

function nicPath(owner: MacOwner, i: number): string {
  return `${owner.component}: vsphere.networkInterfaces[${i}].macAddress`;
}

/**
 * MACs for the VM's NICs. A NIC with a user MAC keeps it (static). A NIC that a position-matched spec
 * interface (no `name`, no `macAddress`) lands on gets a deterministic static MAC that no other NIC of
 * the program holds. Others get none (vSphere assigns one). Returns the problems instead when a user
 * MAC is held by another NIC of this VM or of the program (both paths named).
 */
export function assignNicMacs(
  owner: MacOwner,
  userMacs: readonly (string | undefined)[],
  positional: readonly boolean[],
  program: ProgramMacs = programMacs(owner.scope),
): { macs: NicMac[]; problems: SpecProblem[] } {
  const { macs, problems } = assignProgramMacs(
    {
      component: owner.component,
      userMacs,
      derive: positional,
      deriveMac: (i, taken) => vmwareStaticMac(owner, i, taken),
      holderPath: (i) => nicPath(owner, i),
      problemPath: (i) => `vsphere.networkInterfaces[${i}].macAddress`,
      remedy:
        "Give one of them another address in 00:50:56:00:00:00-00:50:56:3F:FF:FF, or leave macAddress unset for a derived one.",
    },
    program,
  );
  return {
    macs: macs.map((mac): NicMac =>
      mac === undefined ? { useStaticMac: false } : { macAddress: mac, useStaticMac: true },
    ),
    problems,
  };
}

/** Problems with user MACs: vSphere accepts static MACs only in VMware's manual range. */
export function macProblems(nics: readonly unknown[]): SpecProblem[] {
  const problems: SpecProblem[] = [];
  nics.forEach((nic, i) => {
    const mac = (nic as { macAddress?: unknown } | undefined)?.macAddress;
    if (typeof mac === "string" && !VMWARE_MANUAL_MAC.test(mac.toLowerCase())) {
      problems.push({
        path: `networkInterfaces[${i}].macAddress`,
        message: `"${mac}" is outside VMware's manual range 00:50:56:00:00:00-00:50:56:3F:FF:FF, which vSphere requires for static MACs.`,
      });
    }
  });
  return problems;
}
