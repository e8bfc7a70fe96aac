/**
 * Resolving the spec's nested Inputs, and telling how far secret inputs reach.
 *
 * `pulumi.output(value)` resolves Outputs and Promises nested anywhere in a plain object, and marks
 * the whole result secret when any nested value is secret. That is safe but coarse: one secret
 * password would hide the network config and meta-data too. `secretReach` looks at where the secret
 * values sit: a secret that only feeds user-data (passwords, files, scripts, ...) makes user-data
 * secret; a secret in a field that also reaches meta-data or the network config keeps everything secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { isPromiseLike } from "../core/known";
import type { Maybe } from "../core/maybe";
import { nestedInputs, secretTexts, type SecretTexts } from "../core/secrets";
import { SPEC_FREE_FORM_MAPS, SPEC_FREE_FORM_TREES, type BootstrapSpec } from "../spec/types";

/** Which documents a secret input value reaches. */
export type SecretReach = "none" | "userData" | "all";

/** Top-level spec fields whose values reach meta-data, network config or vendor-data, not only user-data. */
const FIELDS_BEYOND_USER_DATA = new Set([
  "hostname",
  "domain",
  "instanceIdPolicy",
  "instanceId",
  "defaultUserSshAuthorizedKeys",
  "network",
  "dns",
  "metadata",
  "vendorCloudConfig",
]);

/** What the spec's secret inputs are: how far they reach, and the strings they resolve to. */
export interface SecretInputs {
  /** Which documents they reach (see the file comment). */
  reach: pulumi.Output<SecretReach>;
  /**
   * Every string inside a secret Output or Promise, the keys of a secret `metadata` map and those below the
   * top level of secret cloud-config (`extraCloudConfig`, `vendorCloudConfig`), for messages to leave out
   * (`redactSecretTexts`). Not itself secret: it must not make the resolved spec secret (`reach`
   * decides that).
   */
  texts: pulumi.Output<SecretTexts>;
}

/** The spec's secret inputs (one walk over its Outputs and Promises serves both answers). */
export function secretInputs(bootstrap: pulumi.Input<BootstrapSpec>): SecretInputs {
  const nested = nestedInputs(bootstrap);
  const reach = nested.secret.then((secret): SecretReach => {
    const reaches = nested.inputs.map(({ field }, i): SecretReach => {
      if (secret[i] !== true) return "none";
      return field !== "" && !FIELDS_BEYOND_USER_DATA.has(field) ? "userData" : "all";
    });
    if (reaches.includes("all")) return "all";
    return reaches.includes("userData") ? "userData" : "none";
  });
  return {
    reach: pulumi.output(reach),
    texts: secretTexts(nested, SPEC_FREE_FORM_MAPS, SPEC_FREE_FORM_TREES),
  };
}

/**
 * The spec with every nested Input resolved, for rendering: secret only when a secret input reaches
 * beyond user-data (the rendered documents then say `containsSecrets` instead, see `BootstrappedVm`).
 * `onSecretTexts` gets the strings the secret inputs resolved to (and the keys of a secret `metadata` map and
 * of secret cloud-config below its top level) before the spec resolves, so that whatever fails on the
 * resolved spec can keep them out of its messages (`redactSecretTexts`).
 */
export function resolveForRendering(
  bootstrap: pulumi.Input<BootstrapSpec>,
  secrets: SecretInputs,
  onSecretTexts: (texts: SecretTexts) => void,
): pulumi.Output<BootstrapSpec> {
  const plain = pulumi.unsecret(pulumi.output(bootstrap) as pulumi.Output<BootstrapSpec>);
  return pulumi.all([secrets.reach, plain, secrets.texts]).apply(([r, spec, texts]) => {
    onSecretTexts(texts);
    return r === "all" ? pulumi.secret(spec) : pulumi.output(spec);
  }) as pulumi.Output<BootstrapSpec>;
}

/** The value at `path` in a plain value (undefined where the path leaves it). */
function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * The spec's value at `path`, secret as `spec` is (when a secret input reaches beyond user-data). Where the
 * inputs on the way to it are plain, it is resolved on its own, so a value unknown elsewhere in the spec
 * (a password from a resource a preview has not created) leaves it known; else it is taken from `spec`.
 */
export function specValueAt(
  bootstrap: pulumi.Input<BootstrapSpec>,
  spec: Maybe<BootstrapSpec>,
  reach: Maybe<SecretReach>,
  path: readonly (string | number)[],
): Maybe<unknown> {
  if (!pulumi.Output.isInstance(spec)) return valueAt(spec, path);
  let node: unknown = bootstrap;
  for (const key of path) {
    if (pulumi.Output.isInstance(node) || isPromiseLike(node)) return spec.apply((s) => valueAt(s, path));
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return pulumi
    .all([pulumi.output(node), reach])
    .apply(([value, r]) => (r === "all" ? pulumi.secret(value) : value));
}

/** `T` with a Pulumi Input allowed at every level (objects, arrays, values). */
export type DeepInput<T> = T extends string | number | boolean | undefined | null
  ? pulumi.Input<T>
  : T extends readonly (infer E)[]
    ? pulumi.Input<DeepInput<E>[]>
    : T extends object
      ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
      : pulumi.Input<T>;

/**
 * Types a spec whose values may be Inputs anywhere (an address from another resource, a secret from
 * config) as the component's `bootstrap` argument. Identity at run time: the component resolves the
 * nested Inputs itself, and sees which fields are secret (wrapping the whole spec in `pulumi.output`
 * instead makes Pulumi treat every document as secret when any value is).
 */
export function bootstrapSpec(spec: DeepInput<BootstrapSpec>): BootstrapSpec {
  return spec as unknown as BootstrapSpec;
}
