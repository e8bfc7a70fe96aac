/**
 * What a seed ISO resource registers of its rendering: its inputs (the rendered files, a secret when they
 * hold secrets, and the file mode), its options (the digests stored encrypted when they may be of secrets),
 * and digest outputs that are secrets in the program, too. Shared by the dynamic resources (resources.ts)
 * and the provider plugin's `SeedIsoFile` (seed-iso-file.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type { RenderedSeedIso } from "./inputs";
import type { SeedRendering } from "./seed-iso-rendering";
import { SECRET_SEED_FILE_MODE, SeedImageFormat } from "./types";

/**
 * The ISO's mode: the one asked for; else owner-only when the documents hold secrets (the builders'
 * default) or the spec held a secret Input (the rendered seed is then a secret Output). Never secret itself.
 */
function seedIsoFileMode(
  rendered: pulumi.Output<RenderedSeedIso>,
  asked: pulumi.Input<number> | undefined,
): pulumi.Output<number | undefined> {
  const secretInput = pulumi.output(pulumi.isSecret(rendered));
  return pulumi.unsecret(
    pulumi
      .all([rendered, secretInput, asked])
      .apply(([r, secret, mode]) => mode ?? (secret ? SECRET_SEED_FILE_MODE : r.inputs.fileMode)),
  );
}

/** The outputs that are digests of the documents: secrets when the documents hold secrets. */
const DIGEST_OUTPUTS = ["sha256", "documentsHash"] as const;

/** What a seed ISO resource registers: its inputs, its options, and whether the documents hold secrets. */
export interface SeedIsoRegistration {
  props: pulumi.Inputs;
  opts: pulumi.CustomResourceOptions | undefined;
  containsSecrets: pulumi.Output<boolean>;
}

/**
 * The inputs of a seed ISO resource (path, format, the rendered files — a secret when they hold secrets —
 * and the file mode) and its options, for the dynamic resources and the plugin's `SeedIsoFile`.
 */
export function seedIsoRegistration(
  format: SeedImageFormat,
  path: pulumi.Input<string>,
  { rendered, knownContainsSecrets }: SeedRendering,
  fileMode: pulumi.Input<number> | undefined,
  opts: pulumi.CustomResourceOptions | undefined,
): SeedIsoRegistration {
  const props: pulumi.Inputs = {
    path,
    format,
    files: rendered.apply((r) => (r.containsSecrets ? pulumi.secret(r.inputs.files) : r.inputs.files)),
    fileMode: seedIsoFileMode(rendered, fileMode),
    documentsHash: undefined,
    sha256: undefined,
    size: undefined,
  };
  // The engine stores the digests encrypted (`additionalSecretOutputs`) when the documents hold secrets.
  // Resource options are fixed at construction: when the spec still holds Outputs then, whether the
  // documents will hold secrets is not known yet, so the digests are stored encrypted in any case.
  const secretOpts: pulumi.CustomResourceOptions | undefined =
    knownContainsSecrets === false
      ? opts
      : { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...DIGEST_OUTPUTS] };
  return { props, opts: secretOpts, containsSecrets: rendered.apply((r) => r.containsSecrets) };
}

/**
 * Makes the digest outputs secrets in the program, too (and when the documents were Outputs at
 * construction): an apply over documents holding secrets is a secret.
 */
export function secretDigests(
  resource: pulumi.CustomResource,
  containsSecrets: pulumi.Output<boolean>,
): void {
  const outputs = resource as unknown as Record<(typeof DIGEST_OUTPUTS)[number], pulumi.Output<string>>;
  for (const key of DIGEST_OUTPUTS) {
    const output = outputs[key];
    Object.defineProperty(resource, key, {
      value: pulumi.all([containsSecrets, output]).apply(([s, v]) => (s ? pulumi.secret(v) : v)),
      enumerable: true,
    });
  }
}
