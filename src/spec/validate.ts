/**
 * Validation of a spec given as plain values (TypeScript, YAML or JSON), before anything is rendered.
 * Reports every problem at once: structure (keys, types, enums, required fields) from the generated
 * JSON Schema, then semantic checks written by hand, then `extraCloudConfig` conflicts.
 */
import { mergeExtraCloudConfig } from "../render/merge";
import { renderSpecCloudConfig } from "../render/cloud-config";
import { SpecProblem, SpecValidationError } from "./problems";
import { BootstrapSpec } from "./types";
import { validateAgainstSchema } from "./validate-schema";
import { checkContent } from "./validate-content";
import { checkCloudInitTarget } from "./validate-cloud-init";
import {
  checkDefaultUserKeys,
  checkHostname,
  checkInstanceId,
  checkSystemSettings,
} from "./validate-identity";
import { checkDns, checkNetwork } from "./validate-network";
import { checkText } from "./validate-text";
import { checkRootPassword, checkUsers } from "./validate-users";
import { isObject, PlainObject, ProblemList } from "./validate-util";

/** Stand-in hash for the conflict check: the real one is slow and never compared. */
const PLACEHOLDER_HASH = (): string => "$6$placeholder$placeholder";

function checkEscapeHatches(spec: PlainObject, problems: ProblemList): void {
  for (const field of ["extraCloudConfig", "vendorCloudConfig"] as const) {
    const config = spec[field];
    if (isObject(config) && "network" in config) {
      problems.add(
        `${field}.network`,
        "cloud-init does not read network config from user-data or vendor-data; describe it in `network`",
      );
    }
  }
}

function checkSemantics(spec: PlainObject, problems: ProblemList): void {
  checkHostname(spec, problems);
  checkInstanceId(spec, problems);
  checkSystemSettings(spec, problems);
  checkDefaultUserKeys(spec, problems);
  checkRootPassword(spec, problems);
  checkUsers(spec, problems);
  checkDns(spec, problems);
  checkNetwork(spec, problems);
  checkContent(spec, problems);
  checkEscapeHatches(spec, problems);
  checkText(spec, problems);
  checkCloudInitTarget(spec, problems);
}

/** Every problem of `input` as a spec, in a stable order; empty when it is valid. */
export function validateSpec(input: unknown): SpecProblem[] {
  if (!isObject(input)) {
    return [{ path: "", message: "the bootstrap spec must be a mapping with at least `hostname`" }];
  }
  const structural = validateAgainstSchema(input);
  const problems = new ProblemList();
  checkSemantics(input, problems);
  const all = [...structural, ...problems.items];
  // Conflicts need a renderable spec: one that is structurally right (semantic problems do not matter).
  if (structural.length === 0 && isObject(input.extraCloudConfig)) {
    const rendered = renderSpecCloudConfig(input as unknown as BootstrapSpec, PLACEHOLDER_HASH);
    all.push(...mergeExtraCloudConfig(rendered, input.extraCloudConfig).conflicts);
  }
  return all;
}

/** Returns `input` typed as a spec, or throws `SpecValidationError` listing every problem. */
export function assertValidSpec(input: unknown): BootstrapSpec {
  const problems = validateSpec(input);
  if (problems.length > 0) throw new SpecValidationError(problems);
  return input as BootstrapSpec;
}
