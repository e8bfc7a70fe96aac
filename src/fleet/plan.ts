/**
 * Fleet planning for the component: `planFleetMembers` (plan-members.ts, pure) with every problem
 * thrown as one `InputPropertiesError`, paths under `fleet.`.
 */
import * as pulumi from "@pulumi/pulumi";
import { inputPropertiesError } from "../core/errors";
import { joinPath, type SpecProblem } from "../core/problems";
import { isPromiseLike } from "../core/known";
import type { BootstrapSpec } from "../spec/types";
import { planFleetMembers, type FleetMember, type FleetOptions } from "./plan-members";

export type { FleetAddressPool, FleetMember, FleetOptions } from "./plan-members";

/** One `InputPropertiesError` for all problems, paths under `fleet.`. */
function fleetError(problems: readonly SpecProblem[]): pulumi.InputPropertiesError {
  return inputPropertiesError(problems, "fleet", "fleet");
}

/** The paths (under `path`) of the Outputs and Promises in `value`. */
function deferredValues(value: unknown, path: string): string[] {
  if (pulumi.Output.isInstance(value) || isPromiseLike(value)) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => deferredValues(v, joinPath(path, i)));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => deferredValues(v, joinPath(path, k)));
  }
  return [];
}

/**
 * Plans the fleet. Throws one `InputPropertiesError` (paths under `fleet.`) listing every problem:
 * exhausted or overlapping pools, shared base addresses, bad patterns, unknown variables, duplicates.
 */
export function planFleet(base: BootstrapSpec, options: FleetOptions): FleetMember[] {
  const deferred = deferredValues(base, "base");
  if (deferred.length > 0) {
    throw fleetError(
      deferred.map((path) => ({
        path,
        message:
          "is an Output or Promise, and the base spec must be plain data: the fleet's members (host names, " +
          "addresses) are planned from it before any resource exists (docs/fleets.md); give the value itself, " +
          "per-member values through `variables` or `addressPools`, and values from other resources in " +
          "`platformFor` or in a `BootstrappedVm` of its own",
      })),
    );
  }
  const { members, problems } = planFleetMembers(base, options);
  if (problems.length > 0) throw fleetError(problems);
  return members;
}
