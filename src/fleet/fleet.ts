/**
 * `createFleet`: N `BootstrappedVm`s from one base spec (see `planFleet` for what each member gets).
 *
 * Each member is its own component with its own documents, delivered to its own VM: no shared bootstrap
 * address (no metadata server that every VM must reach), and no ordering between members (no `dependsOn`
 * chain), so the engine creates them in parallel. Problems surface at preview, before any resource exists.
 */
import type * as pulumi from "@pulumi/pulumi";
import { BootstrappedVm } from "../component/bootstrapped-vm";
import type { BootstrappedVmArgs } from "../component/args";
import type { BootstrapSpec } from "../spec/types";
import { FleetMember, FleetOptions, planFleet } from "./plan";

export interface FleetArgs extends FleetOptions {
  /**
   * The spec every member starts from. Its network must be plain (the members' addresses and NICs are
   * planned from it); elsewhere Outputs and Promises (`bootstrapSpec({...})`) go to every member as they are.
   */
  base: BootstrapSpec;
}

/** One member of a created fleet. */
export interface FleetVm {
  member: FleetMember;
  vm: BootstrappedVm;
}

/**
 * Creates one `BootstrappedVm` per member, named `${name}-${hostname}`. `platformFor(member)` returns the
 * member's platform arguments (everything but `bootstrap`), e.g. its vSphere VM name and NICs.
 */
export function createFleet(
  name: string,
  args: FleetArgs,
  platformFor: (member: FleetMember) => Omit<BootstrappedVmArgs, "bootstrap">,
  opts?: pulumi.ComponentResourceOptions,
): FleetVm[] {
  const { base, ...options } = args;
  return planFleet(base, options).map((member) => ({
    member,
    vm: new BootstrappedVm(
      `${name}-${member.hostname}`,
      { ...platformFor(member), bootstrap: member.spec },
      opts,
    ),
  }));
}
