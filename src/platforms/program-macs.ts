/**
 * Derived MACs and the MACs of one program, shared by the platforms that give a NIC a MAC the network
 * config is written for before the VM exists (vSphere, `vsphere/mac.ts`; Proxmox, `proxmox/nics.ts`).
 *
 * A derived MAC is a SHA-256 over a label (per platform and derivation version), the Pulumi project, the
 * stack and the platform's own parts (the component name, the NIC index, ...), so the same NIC in the
 * same stack gets the same MAC on every run while `web` in two stacks (or two projects) gets different
 * ones: two stacks of one program may share a network (a dev and a prod stack on one bridge or port
 * group). Within one program every MAC is recorded in `ProgramMacs`: a derived MAC that another
 * component's NIC holds is skipped (the next attempt is taken), and a MAC the user gave that another NIC
 * of the program holds is an error naming both property paths. Across programs nothing can be checked.
 */
import * as pulumi from "@pulumi/pulumi";
import type { SpecProblem } from "../core/problems";
import { sha256Hex } from "../util/hash";

/** What a derived MAC is scoped to besides the platform's own parts: the Pulumi project and stack. */
export interface MacScope {
  readonly project: string;
  readonly stack: string;
}

/** The project and stack of the running program. */
export function currentMacScope(): MacScope {
  return { project: pulumi.getProject(), stack: pulumi.getStack() };
}

/**
 * The first MAC, over attempts 0, 1, ..., that `taken` lacks: `toMac` of the hex SHA-256 of
 * `label`, the scope's project and stack, `parts` and the attempt, joined with NUL.
 */
export function derivedMac(
  label: string,
  scope: MacScope,
  parts: readonly string[],
  toMac: (hex: string) => string,
  taken: { has(mac: string): boolean } = new Set<string>(),
): string {
  const seed = [scope.project, scope.stack, ...parts].join("\0");
  for (let attempt = 0; ; attempt++) {
    const mac = toMac(sha256Hex(`${label}\0${seed}\0${attempt}`));
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

/** The registry of the program `scope` names (one for every platform: a MAC is a MAC). */
export function programMacs(scope: MacScope): ProgramMacs {
  const key = `${scope.project}\0${scope.stack}`;
  let found = programs.get(key);
  if (found === undefined) {
    found = new ProgramMacs();
    programs.set(key, found);
  }
  return found;
}

/** How one component's NICs get their MACs (see `assignProgramMacs`). */
export interface MacAssignment {
  /** The component's name: the owner in `ProgramMacs`. */
  readonly component: string;
  /** By NIC: the MAC the user gave, if any. */
  readonly userMacs: readonly (string | undefined)[];
  /** By NIC: whether it gets a derived MAC (when the user gave none). */
  readonly derive: readonly boolean[];
  /** The derived MAC of NIC `index`, avoiding `taken`. */
  deriveMac(index: number, taken: { has(mac: string): boolean }): string;
  /** The path of NIC `index`'s MAC as another component's clash message names it (`web: vsphere.…`). */
  holderPath(index: number): string;
  /** The property path of a clashing user MAC of NIC `index`. */
  problemPath(index: number): string;
  /** What to do about a clash, after "two NICs of one program must not share a MAC." */
  remedy: string;
}

/**
 * MACs for one component's NICs, lower case: a user MAC is kept, a NIC to derive gets a derived MAC that
 * no other NIC of this component or of the program holds, others get none. Returns the problems instead
 * of recording when a user MAC is held by another NIC of this component or of the program.
 */
export function assignProgramMacs(
  a: MacAssignment,
  program: ProgramMacs,
): { macs: (string | undefined)[]; problems: SpecProblem[] } {
  program.release(a.component);
  const problems: SpecProblem[] = [];
  const own = new Map<string, number>();
  a.userMacs.forEach((user, i) => {
    if (user === undefined) return;
    const mac = user.toLowerCase();
    const mine = own.get(mac);
    const other = program.heldByOther(mac, a.component);
    const clash = mine !== undefined ? a.holderPath(mine) : other?.path;
    if (clash !== undefined) {
      problems.push({
        path: a.problemPath(i),
        message: `${mac} is also the MAC of ${clash}; two NICs of one program must not share a MAC. ${a.remedy}`,
      });
    }
    own.set(mac, i);
  });
  const taken = {
    has: (mac: string) => own.has(mac) || program.heldByOther(mac, a.component) !== undefined,
  };
  const macs = a.userMacs.map((user, i) => {
    if (user !== undefined) return user.toLowerCase();
    if (a.derive[i] !== true) return undefined;
    const mac = a.deriveMac(i, taken);
    own.set(mac, i);
    return mac;
  });
  if (problems.length === 0) {
    for (const [mac, i] of own) program.hold(mac, a.component, a.holderPath(i));
  }
  return { macs, problems };
}
