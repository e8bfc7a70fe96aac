/**
 * Deterministic static MAC addresses for vSphere NICs.
 *
 * vSphere accepts a static MAC (`useStaticMac: true`) only in VMware's manually assigned range
 * 00:50:56:00:00:00-00:50:56:3F:FF:FF: 22 bits, 4,194,304 addresses. The address is derived from
 * the Pulumi project, the stack, the component's name, the VM name and the NIC index (SHA-256, the
 * low 22 bits), so the same VM in the same stack gets the same MACs on every run, `web` in two stacks
 * (or two projects) gets different ones, and the network config can match its NICs by MAC.
 *
 * 22 bits are few: among 5,000 derived MACs two collide with probability 1 - e^(-5000²/2^23) ≈ 95%
 * (birthday bound). So every MAC of one program is recorded in `ProgramMacs`: a derived MAC that an
 * earlier NIC of the program holds is skipped (the next attempt is taken), and a MAC the user gave
 * that another NIC of the program holds is an error naming both property paths. Across programs
 * (another project, or VMs not made by this library) nothing can be checked: see docs/vsphere.md.
 */
import type { SpecProblem } from "../../core/problems";
import { sha256Hex } from "../../util/hash";

/** VMware's manual range: the OUI 00:50:56 and a fourth octet of 00-3F. */
export const VMWARE_MANUAL_MAC = /^00:50:56:[0-3][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/;

/** What a derived MAC is scoped to besides the VM name: the Pulumi project and stack. */
export interface MacScope {
  readonly project: string;
  readonly stack: string;
}

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
  const { project, stack } = owner.scope;
  const seed = [project, stack, owner.component, owner.vmName, String(nicIndex)].join("\0");
  for (let attempt = 0; ; attempt++) {
    const hex = sha256Hex(`bootstrapped-vm/mac/v2\0${seed}\0${attempt}`);
    const bits = parseInt(hex.slice(0, 6), 16) & 0x3fffff;
    const octets = [(bits >> 16) & 0x3f, (bits >> 8) & 0xff, bits & 0xff];
    const mac = `00:50:56:${octets.map((o) => o.toString(16).padStart(2, "0")).join(":")}`;
    if (!taken.has(mac)) return mac;
  }
}

/**
 * The MACs of one program (one Node.js process running one stack), by MAC: who holds it. A
 * component's entries are replaced when it assigns again (a component name is unique in a program,
 * Pulumi refuses duplicate URNs), so the registry never blames a component for its own MACs.
 */
export class ProgramMacs {
  private readonly byMac = new Map<string, { owner: string; path: string }>();

  /** The MAC is held by a NIC of another component than `owner`. */
  heldByOther(mac: string, owner: string): { owner: string; path: string } | undefined {
    const held = this.byMac.get(mac);
    return held !== undefined && held.owner !== owner ? held : undefined;
  }

  /** Forgets `owner`'s MACs (before it assigns again). */
  release(owner: string): void {
    for (const [mac, held] of this.byMac) if (held.owner === owner) this.byMac.delete(mac);
  }

  hold(mac: string, owner: string, path: string): void {
    this.byMac.set(mac, { owner, path });
  }
}

/** The registry of this process, keyed by project and stack (a test may run several under mocks). */
const programs = new Map<string, ProgramMacs>();

export function programMacs(scope: MacScope): ProgramMacs {
  const key = `${scope.project}\0${scope.stack}`;
  let found = programs.get(key);
  if (found === undefined) {
    found = new ProgramMacs();
    programs.set(key, found);
  }
  return found;
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
  program.release(owner.component);
  const problems: SpecProblem[] = [];
  const own = new Map<string, number>();
  userMacs.forEach((user, i) => {
    if (user === undefined) return;
    const mac = user.toLowerCase();
    const mine = own.get(mac);
    const other = program.heldByOther(mac, owner.component);
    const clash = mine !== undefined ? nicPath(owner, mine) : other?.path;
    if (clash !== undefined) {
      problems.push({
        path: `vsphere.networkInterfaces[${i}].macAddress`,
        message: `${mac} is also the MAC of ${clash}; two NICs of one program must not share a MAC. Give one of them another address in 00:50:56:00:00:00-00:50:56:3F:FF:FF, or leave macAddress unset for a derived one.`,
      });
    }
    own.set(mac, i);
  });
  const taken = {
    has: (mac: string) => own.has(mac) || program.heldByOther(mac, owner.component) !== undefined,
  };
  const macs = userMacs.map((user, i): NicMac => {
    if (user !== undefined) return { macAddress: user.toLowerCase(), useStaticMac: true };
    if (!positional[i]) return { useStaticMac: false };
    const mac = vmwareStaticMac(owner, i, taken);
    own.set(mac, i);
    return { macAddress: mac, useStaticMac: true };
  });
  if (problems.length === 0) {
    for (const [mac, i] of own) program.hold(mac, owner.component, nicPath(owner, i));
  }
  return { macs, problems };
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
