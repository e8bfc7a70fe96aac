/**
 * `render SPEC --fleet PLAN --out-dir DIR`: one base spec times a fleet plan (the `FleetOptions` of
 * `createFleet`, as a YAML or JSON file), planned by the same pure code the component uses
 * (src/fleet/plan-members.ts): every member gets its host name, its pool addresses and its variables,
 * then is validated and rendered like any spec. Problems name the file they are in: plan problems
 * `PLAN:LINE:COL:`, base spec problems `SPEC:LINE:COL:`, a member's problems the base spec's line
 * with the member's host name.
 */
import { closestMatch, type SpecProblem } from "../core/problems";
import { planFleetMembers, type FleetMember, type FleetOptions } from "../fleet/plan-members";
import type { BootstrapSpec } from "../spec/types";
import { InputError } from "./errors";
import { acceptSpecPlacing, problemLines, readSpecFile } from "./load-spec";

const PLAN_MAPPING =
  "a fleet plan must be a mapping of count, hostname, addressPools, variables and commonVariables";

const PLAN_KEYS = ["count", "hostname", "addressPools", "variables", "commonVariables"];
const POOL_KEYS = ["cidr", "gateway", "reserved", "start", "interfaceIndex"];

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isStringMap(value: unknown): boolean {
  return isMapping(value) && Object.values(value).every((v) => typeof v === "string");
}

/** Unknown fields, each with the field it most likely means (`hostnames` -> `hostname`), as a spec's are. */
function checkKeys(value: Record<string, unknown>, known: readonly string[], path: string): SpecProblem[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const meant = closestMatch(key, known);
      return {
        path: path === "" ? key : `${path}.${key}`,
        message:
          meant === undefined
            ? `is not a fleet plan field; use ${known.join(", ")}`
            : `is not a fleet plan field; did you mean \`${meant}\`? (fields: ${known.join(", ")})`,
      };
    });
}

function checkPool(pool: unknown, path: string): SpecProblem[] {
  if (!isMapping(pool))
    return [{ path, message: "must be a mapping with `cidr` (and gateway, reserved, start)" }];
  const problems = checkKeys(pool, POOL_KEYS, path);
  for (const key of ["cidr", "gateway", "start"]) {
    if (pool[key] !== undefined && typeof pool[key] !== "string")
      problems.push({ path: `${path}.${key}`, message: "must be a string" });
  }
  const reserved = pool.reserved;
  if (reserved !== undefined && !(Array.isArray(reserved) && reserved.every((r) => typeof r === "string")))
    problems.push({ path: `${path}.reserved`, message: "must be a list of addresses, ranges or CIDRs" });
  if (pool.interfaceIndex !== undefined && typeof pool.interfaceIndex !== "number")
    problems.push({ path: `${path}.interfaceIndex`, message: "must be a number" });
  return problems;
}

/** The plan's own shape: fields, types; the planner checks values (counts, pools, patterns). */
function checkPlanShape(plan: Record<string, unknown>): SpecProblem[] {
  const problems = checkKeys(plan, PLAN_KEYS, "");
  if (plan.count === undefined)
    problems.push({ path: "", message: "`count` is required (members, 1-10000)" });
  else if (typeof plan.count !== "number") problems.push({ path: "count", message: "must be a number" });
  if (typeof plan.hostname !== "string")
    problems.push(
      plan.hostname === undefined
        ? { path: "", message: "`hostname` is required: a pattern such as `web-%{n:3}`" }
        : { path: "hostname", message: "must be a pattern such as `web-%{n:3}`" },
    );
  if (plan.addressPools !== undefined) {
    if (!Array.isArray(plan.addressPools)) problems.push({ path: "addressPools", message: "must be a list" });
    else plan.addressPools.forEach((pool, i) => problems.push(...checkPool(pool, `addressPools[${i}]`)));
  }
  if (plan.variables !== undefined) {
    if (!Array.isArray(plan.variables)) problems.push({ path: "variables", message: "must be a list" });
    else
      plan.variables.forEach((vars, i) => {
        if (!isStringMap(vars))
          problems.push({ path: `variables[${i}]`, message: "must map names to strings" });
      });
  }
  if (plan.commonVariables !== undefined && !isStringMap(plan.commonVariables))
    problems.push({ path: "commonVariables", message: "must map names to strings" });
  return problems;
}

/** A fleet member and its spec, validated. */
export interface PlannedSpec {
  hostname: string;
  spec: BootstrapSpec;
}

/** A planned fleet: the base spec as read (for problem positions) and its members, not yet validated. */
export interface PlannedFleet {
  base: Record<string, unknown>;
  /** The plan as read (for the positions of problems with a member's host name). */
  plan: Record<string, unknown>;
  members: FleetMember[];
}

/**
 * Reads the base spec and the plan and plans the fleet; throws one `InputError` with every plan or
 * base spec problem. The members are validated one by one with `acceptMember`.
 */
export function planFleet(specPath: string, planPath: string): PlannedFleet {
  const base = readSpecFile(specPath) as Record<string, unknown>;
  const plan = readSpecFile(planPath, PLAN_MAPPING, "fleet plan") as Record<string, unknown>;
  const shape = checkPlanShape(plan);
  if (shape.length > 0) throw new InputError(problemLines(plan, shape));
  const { members, problems } = planFleetMembers(
    base as unknown as BootstrapSpec,
    plan as unknown as FleetOptions,
  );
  if (problems.length > 0) {
    // `base.` paths are the spec's; the others are the plan's.
    const inBase = problems.filter((p) => p.path === "base" || p.path.startsWith("base."));
    const inPlan = problems.filter((p) => !inBase.includes(p));
    const basePaths = inBase.map((p) => ({ path: p.path.replace(/^base\.?/, ""), message: p.message }));
    throw new InputError([...problemLines(plan, inPlan), ...problemLines(base, basePaths)]);
  }
  return { base, plan, members };
}

/**
 * Validates one member; throws `InputError` with its problems placed in the base spec, those with its host
 * name at the plan's `hostname` pattern.
 */
export function acceptMember(fleet: PlannedFleet, member: FleetMember): PlannedSpec {
  try {
    // A member's host name comes from the plan's pattern: its problems are placed there.
    const placedBy = (problem: SpecProblem) => (problem.path === "hostname" ? fleet.plan : fleet.base);
    return { hostname: member.hostname, spec: acceptSpecPlacing(member.spec, placedBy) };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError(
      err.lines.map((line) => `${line} (fleet member ${member.index}, ${member.hostname})`),
    );
  }
}

/**
 * Reads the base spec and the plan, plans the fleet and validates every member. Throws one
 * `InputError` with every problem; a member's problems are reported for the first invalid member only
 * (the same problem would repeat for every member).
 */
export function planFleetSpecs(specPath: string, planPath: string): PlannedSpec[] {
  const fleet = planFleet(specPath, planPath);
  return fleet.members.map((member) => acceptMember(fleet, member));
}
