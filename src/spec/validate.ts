/**
 * The spec's own rules, checked on plain values (TypeScript, YAML or JSON) before anything is rendered:
 * structure (keys, types, enums, required fields) from the generated JSON Schema, then semantic checks
 * written by hand. `extraCloudConfig` conflicts need the renderers, so the complete check,
 * `validateSpec`, sits one layer up in `src/render/validate-spec.ts`.
 */
import type { SpecProblem } from "../core/problems";
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
import { checkCloudConfigPasswords, checkRootPassword, checkUsers } from "./validate-users";
import { isObject, PlainObject, ProblemList } from "./validate-util";
import { yamlValueProblems } from "./validate-yaml-values";

/** The spec's fields of raw cloud-config. */
const ESCAPE_HATCHES = ["extraCloudConfig", "vendorCloudConfig"] as const;

function checkEscapeHatches(spec: PlainObject, problems: ProblemList): void {
  for (const field of ESCAPE_HATCHES) {
    const config = spec[field];
    if (!isObject(config)) continue;
    if ("network" in config) {
      problems.add(
        `${field}.network`,
        "cloud-init does not read network config from user-data or vendor-data; describe it in `network`",
      );
    }
    checkCloudConfigPasswords(config, field, problems);
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

/** What the spec's own rules find in `input`. */
export interface SpecRuleCheck {
  /** Every problem, in a stable order; empty when the rules hold. */
  problems: SpecProblem[];
  /** True when `input` has the spec's structure, so the renderers can run on it (semantics aside). */
  renderable: boolean;
}

/** Checks `input` against the spec's structure and semantic rules (not `extraCloudConfig` conflicts). */
export function checkSpecRules(input: unknown): SpecRuleCheck {
  if (!isObject(input)) {
    return {
      problems: [{ path: "", message: "the bootstrap spec must be a mapping with at least `hostname`" }],
      renderable: false,
    };
  }
  // Structure: the schema's, and cloud-config passed through that YAML can hold (a program may put any
  // JavaScript value there; the renderers cannot write one that is not).
  const structural = [
    ...validateAgainstSchema(input),
    ...ESCAPE_HATCHES.flatMap((field) => yamlValueProblems(input[field], field)),
  ];
  const problems = new ProblemList();
  checkSemantics(input, problems);
  return { problems: [...structural, ...problems.items], renderable: structural.length === 0 };
}
