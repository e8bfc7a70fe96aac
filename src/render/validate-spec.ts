/**
 * The complete check of a spec: the spec's own rules (`src/spec/validate.ts`), then the conflicts of
 * `extraCloudConfig` with the cloud-config the spec renders. It sits in the render layer because finding
 * a conflict means rendering; everything above (component, CLI, seed images) validates through here.
 */
import { SpecValidationError, type SpecProblem } from "../core/problems";
import type { BootstrapSpec } from "../spec/types";
import { parseCloudInitVersion } from "../spec/cloud-init-version";
import { checkSpecRules } from "../spec/validate";
import { isObject, str } from "../spec/validate-util";
import { renderSpecCloudConfig } from "./cloud-config";
import { mergeExtraCloudConfig } from "./merge";

/** Stand-in hash for the conflict check: the real one is slow and never compared. */
const PLACEHOLDER_HASH = (): string => "$6$placeholder$placeholder";

/** Every problem of `input` as a spec, in a stable order; empty when it is valid. */
export function validateSpec(input: unknown): SpecProblem[] {
  const { problems, renderable } = checkSpecRules(input);
  // Conflicts need a renderable spec: one that is structurally right (semantic problems do not matter),
  // with a target the renderer can read (what it renders depends on the release).
  if (!renderable || !isObject(input) || !isObject(input.extraCloudConfig) || !knownTarget(input))
    return problems;
  const rendered = renderSpecCloudConfig(input as unknown as BootstrapSpec, PLACEHOLDER_HASH);
  return [...problems, ...mergeExtraCloudConfig(rendered, input.extraCloudConfig).conflicts];
}

/** Whether `spec`'s target is the default or a release number (else `checkSpecRules` has said so). */
function knownTarget(spec: Record<string, unknown>): boolean {
  const text = isObject(spec.cloudInit) ? str(spec.cloudInit.minVersion) : undefined;
  return text === undefined || parseCloudInitVersion(text) !== undefined;
}

/** Returns `input` typed as a spec, or throws `SpecValidationError` listing every problem. */
export function assertValidSpec(input: unknown): BootstrapSpec {
  const problems = validateSpec(input);
  if (problems.length > 0) throw new SpecValidationError(problems);
  return input as BootstrapSpec;
}
