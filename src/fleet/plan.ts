/**
 * Fleet planning for the component: `planFleetMembers` (plan-members.ts, pure) with every problem
 * thrown as one `InputPropertiesError`, paths under `fleet.`.
 */
import * as pulumi from "@pulumi/pulumi";
import { inputPropertiesError } from "../core/errors";
import type { SpecProblem } from "../core/problems";
import type { BootstrapSpec } from "../spec/types";
import { planFleetMembers, type FleetMember, type FleetOptions } from "./plan-members";

export type { FleetAddressPool, FleetMember, FleetOptions } from "./plan-members";

/** One `InputPropertiesError` for all problems, paths under `fleet.`. */
function fleetError(problems: readonly SpecProblem[]): pulumi.InputPropertiesError {
  return inputPropertiesError(problems, "fleet", "fleet");
}

/**
 * Plans the fleet. Throws one `InputPropertiesError` (paths under `fleet.`) listing every problem:
 * exhausted or overlapping pools, shared base addresses, bad patterns, unknown variables, duplicates.
 */
export function planFleet(base: BootstrapSpec, options: FleetOptions): FleetMember[] {
  const { members, problems } = planFleetMembers(base, options);
  if (problems.length > 0) throw fleetError(problems);
  return members;
}
