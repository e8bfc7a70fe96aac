/** Problems as Pulumi errors (kept apart from `problems.ts` so the spec layer never loads the SDK). */
import * as pulumi from "@pulumi/pulumi";
import type { SpecProblem } from "./problems";

/** Prefixes each problem's path with `prefix.` (an empty path becomes the prefix itself). */
export function prefixProblems(prefix: string, problems: readonly SpecProblem[]): SpecProblem[] {
  return problems.map((p) => ({
    path: p.path === "" ? prefix : p.path.startsWith("[") ? `${prefix}${p.path}` : `${prefix}.${p.path}`,
    message: p.message,
    ...(p.remedy === undefined ? {} : { remedy: p.remedy }),
  }));
}

/**
 * A platform's problems with full paths: those of the spec on the platform (`bootstrap.` paths) as they
 * are, those of its arguments prefixed with its key (`networks[0]` -> `openstack.networks[0]`).
 */
export function platformProblems(key: string, problems: readonly SpecProblem[]): SpecProblem[] {
  return problems.flatMap((p) => (/^bootstrap(\.|\[|$)/.test(p.path) ? [p] : prefixProblems(key, [p])));
}

/**
 * One `pulumi.InputPropertiesError` for all problems (the engine prints each property path and reason).
 * `prefix` names the argument the paths are relative to (`bootstrap`, `vsphere`), or "" when already full;
 * `subject` what was given them, for the heading (`Invalid NoCloudSeedIso arguments:`).
 */
export function inputPropertiesError(
  problems: readonly SpecProblem[],
  prefix = "",
  subject = "BootstrappedVm",
): pulumi.InputPropertiesError {
  const full = prefix === "" ? [...problems] : prefixProblems(prefix, problems);
  const lines = full.map((p) => `  ${p.path}: ${p.message}`);
  return new pulumi.InputPropertiesError({
    message: `Invalid ${subject} arguments:\n${lines.join("\n")}`,
    errors: full.map((p) => ({ propertyPath: p.path, reason: p.message })),
  });
}
