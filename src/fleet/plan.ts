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

function isDeferred(value: unknown): boolean {
  return pulumi.Output.isInstance(value) || isPromiseLike(value);
}

/**
 * Plans the fleet. Throws one `InputPropertiesError` (paths under `fleet.`) listing every problem:
 * exhausted or overlapping pools, shared base addresses, bad patterns, unknown variables, duplicates.
 * Outputs and Promises in the base spec (a password from `config.requireSecret`, a key from another
 * resource) go to every member as they are, except in the network, which the plan is made from.
 */
export function planFleet(base: BootstrapSpec, options: FleetOptions): FleetMember[] {
  const deferred =
    base !== null && typeof base === "object" && !isDeferred(base)
      ? deferredValues((base as { network?: unknown }).network, "base.network")
      : deferredValues(base, "base");
  if (deferred.length > 0) {
    throw fleetError(
      deferred.map((path) => ({
        path,
        message:
          "is an Output or Promise, and the fleet's members (their addresses and NICs) are planned from the " +
          "base spec's network before any resource exists (docs/fleets.md); give the value itself, per-member " +
          "values through `variables` or `addressPools`, or a `BootstrappedVm` of its own for a VM whose " +
          "network comes from another resource",
      })),
    );
  }
  const { members, problems } = planFleetMembers(base, options, isDeferred);
  if (problems.length > 0) throw fleetError(problems);
  return members;
}
