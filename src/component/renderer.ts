/**
 * Rendering the component's spec: once per set of render options when the spec is known (the
 * validation at construction, the platform's size checks and its deployment share the documents),
 * inside an `apply` when values are still Outputs.
 */
import type * as pulumi from "@pulumi/pulumi";
import { renderAll, renderValidSpec } from "../render/render-all";
import type { RenderOptions, RenderedDocuments } from "../render/types";
import { rewordProblem, SpecValidationError } from "../core/problems";
import { libraryWording, type Wording } from "../core/remedy";
import type { BootstrapSpec } from "../spec/types";
import { inputPropertiesError } from "../core/errors";
import type { SecretReach } from "./inputs";
import { allMaybe, isOutput, mapMaybe, type Maybe } from "../core/maybe";
import { lateCheck } from "../platforms/platform";

/** Renders one component's spec. */
export type SpecRenderer = (options?: Maybe<RenderOptions>) => Maybe<RenderedDocuments>;

/**
 * Renders a resolved spec. Spec problems found now (values that were Outputs at construction) become
 * an `InputPropertiesError` with `bootstrap.` paths; a secret input reaching user-data marks the
 * documents as containing secrets.
 */
function renderChecked(
  spec: BootstrapSpec,
  options: RenderOptions,
  reach: SecretReach,
  validated: boolean,
  wording: Wording,
): RenderedDocuments {
  let docs: RenderedDocuments;
  try {
    docs = validated ? renderValidSpec(spec, options) : renderAll(spec, options);
  } catch (err) {
    if (err instanceof SpecValidationError) {
      throw inputPropertiesError(
        err.problems.map((p) => rewordProblem(p, wording)),
        "bootstrap",
      );
    }
    throw err;
  }
  return reach === "userData" && !docs.containsSecrets ? { ...docs, containsSecrets: true } : docs;
}

/**
 * A renderer for `spec`. With known values it returns plain documents, rendered at most once per
 * distinct options (errors are thrown at once); otherwise an Output whose failure is first passed to
 * `onAsyncError` (which rethrows). `validated`: the spec has passed `validateSpec` already. `wording`:
 * the platform's terms for the ways out of the problems a render finds.
 */
export function specRenderer(
  spec: Maybe<BootstrapSpec>,
  reach: Maybe<SecretReach>,
  onAsyncError: (err: unknown) => never,
  validated = false,
  wording: Wording = libraryWording,
): SpecRenderer {
  const known = new Map<string, RenderedDocuments>();
  return (options) => {
    const inputs = allMaybe<[BootstrapSpec, SecretReach, RenderOptions]>([spec, reach, options ?? {}]);
    if (isOutput(inputs)) {
      return mapMaybe(inputs, ([s, r, o]) =>
        lateCheck({ fail: onAsyncError }, () => renderChecked(s, o, r, validated, wording)),
      ) as pulumi.Output<RenderedDocuments>;
    }
    const [s, r, o] = inputs;
    const key = JSON.stringify(o);
    let docs = known.get(key);
    if (docs === undefined) {
      docs = renderChecked(s, o, r, validated, wording);
      known.set(key, docs);
    }
    return docs;
  };
}
