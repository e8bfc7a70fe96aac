/**
 * `NoCloudSeedIso` and `ConfigDriveSeedIso`: Pulumi resources that write a seed ISO for a bootstrap spec to a
 * local file during `pulumi up` (never during preview) and remove it on destroy.
 *
 * The spec is rendered in the program (inside an `apply`, so `Input`s anywhere in it are resolved first); the
 * provider receives the rendered documents — as a Pulumi secret when they hold a password hash or private
 * key — and builds the image itself, so the state never holds image bytes.
 */
import * as pulumi from "@pulumi/pulumi";
import { inputPropertiesError, redactSecretTexts } from "../core/errors";
import { isKnown } from "../core/known";
import { rewordProblem, SpecValidationError } from "../core/problems";
import { nestedInputs, secretTexts } from "../core/secrets";
import { configDriveRefusals, knownNetworkOptions, seedWording } from "./wording";
import type { BootstrapSpec } from "../spec/types";
import { validateSpec } from "../render/validate-spec";
import type { ConfigDriveNetworkOptions } from "../render/config-drive-network";
import { renderConfigDriveSeedIso, renderNoCloudSeedIso, RenderedSeedIso } from "./inputs";
import { seedIsoProvider } from "./provider";
import { SECRET_SEED_FILE_MODE, SeedImageFormat } from "./types";

/** Module part of the resources' type tokens: `pulumi-nodejs:dynamic/bootstrapped-vm:<Type>`. */
const DYNAMIC_MODULE = "bootstrapped-vm";

export interface NoCloudSeedIsoArgs {
  /** Where the ISO is written on the machine running `pulumi up` (relative: to its working directory). */
  path: pulumi.Input<string>;
  /** The spec; `Input`s nested anywhere in it are resolved before rendering. */
  bootstrap: pulumi.Input<BootstrapSpec>;
  /** MACs assigned by the platform, by interface index (for interfaces the spec matches by position). */
  assignedMacAddresses?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Permission bits of the ISO file. Default `0o600` (owner only) when the documents hold a password
   * hash, private key or secret file, or the spec holds a secret Input; else `0o644`. Give `0o644` (or
   * `0o640` with a group) when another user, e.g. a hypervisor's, must read the image.
   */
  fileMode?: pulumi.Input<number>;
}

export interface ConfigDriveSeedIsoArgs extends NoCloudSeedIsoArgs {
  /** Also write the `flat_injected`-style legacy ENI file `openstack/content/0000`. Default false. */
  legacyNetworkFile?: pulumi.Input<boolean>;
  /** Write `openstack/latest/network_data.json`. Default true. */
  networkDataJson?: pulumi.Input<boolean>;
}

/**
 * Spec problems as one `InputPropertiesError` with `bootstrap.` paths. Checked in the constructor when the
 * spec holds no unresolved Inputs (so `pulumi preview` stops before registering anything), else when the
 * Inputs resolve.
 */
function checkSpec(spec: unknown, subject: string): void {
  if (spec === undefined || spec === null) {
    throw inputPropertiesError(
      [{ path: "bootstrap", message: "The bootstrap spec is required." }],
      "",
      subject,
    );
  }
  if (!isKnown(spec)) return;
  const problems = validateSpec(spec);
  if (problems.length > 0) throw inputPropertiesError(problems, "bootstrap", subject);
}

/** These resources' terms: `NoCloudSeedIso` and their `assignedMacAddresses`. */
const seedIsoWording = seedWording("`NoCloudSeedIso`", "assignedMacAddresses");

function render<T>(fn: () => T, subject: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SpecValidationError) {
      throw inputPropertiesError(
        err.problems.map((p) => rewordProblem(p, seedIsoWording)),
        "bootstrap",
        subject,
      );
    }
    throw err;
  }
}

/** The rendered seed, and whether its documents hold secrets when that is known at construction. */
export interface SeedRendering {
  rendered: pulumi.Output<RenderedSeedIso>;
  knownContainsSecrets?: boolean;
}

/**
 * Renders now when every argument is a plain value (errors are thrown from the constructor, before
 * anything is registered), else once the Inputs resolve (nested Inputs resolved; secret stays secret;
 * the strings of secret Inputs left out of the errors' messages, `redactSecretTexts`).
 */
function renderWhenKnown<A extends Record<string, unknown>>(
  args: A,
  fn: (values: pulumi.Unwrap<A>) => RenderedSeedIso,
  subject: string,
): SeedRendering {
  if (Object.values(args).every(isKnown)) {
    const now = render(() => fn(args as pulumi.Unwrap<A>), subject);
    return {
      rendered: pulumi.output(now) as unknown as pulumi.Output<RenderedSeedIso>,
      knownContainsSecrets: now.containsSecrets,
    };
  }
  // The problems found then quote the values they are about: those of secret Inputs are redacted.
  const texts = secretTexts(nestedInputs(args));
  const rendered = pulumi.all([pulumi.output(args), texts]).apply(([values, secrets]) => {
    try {
      return render(() => fn(values as pulumi.Unwrap<A>), subject);
    } catch (err) {
      throw pulumi.InputPropertiesError.isInstance(err) ? redactSecretTexts(err, secrets) : err;
    }
  }) as unknown as pulumi.Output<RenderedSeedIso>;
  return { rendered };
}

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
 * and the file mode) and its options, for the dynamic resources below and the plugin's `SeedIsoFile`.
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

/**
 * The rendering of a `NoCloudSeedIso` (spec checked first). `subject`: what the user gave the arguments
 * to, for the errors' heading (the resource itself; the component inside the provider plugin).
 */
export function noCloudSeedIsoRendering(args: NoCloudSeedIsoArgs, subject = "NoCloudSeedIso"): SeedRendering {
  checkSpec(args.bootstrap, subject);
  return renderWhenKnown(
    { path: args.path, spec: args.bootstrap, macs: args.assignedMacAddresses },
    ({ path, spec, macs }) =>
      renderNoCloudSeedIso(spec as BootstrapSpec, {
        path,
        assignedMacAddresses: macs as string[] | undefined,
      }),
    subject,
  );
}

/**
 * What a config drive with these options refuses of a valid `spec`'s network (`configDriveRefusals`) as
 * one `InputPropertiesError`: the spec's problems under `bootstrap.` in these resources' words, then the
 * options' at the argument that chose them (`networkDataJson`, `legacyNetworkFile`).
 */
function checkConfigDriveNetwork(
  spec: BootstrapSpec,
  options: ConfigDriveNetworkOptions,
  subject: string,
): void {
  const problems = configDriveRefusals(spec, options, seedIsoWording);
  if (problems.length > 0) throw inputPropertiesError(problems, "", subject);
}

/**
 * The rendering of a `ConfigDriveSeedIso` (spec checked first; `subject` as for `noCloudSeedIsoRendering`).
 * The drive's network is checked in the constructor when the spec and both network options are plain
 * values, else once they resolve (the spec validated first: the rules take a valid one).
 */
export function configDriveSeedIsoRendering(
  args: ConfigDriveSeedIsoArgs,
  subject = "ConfigDriveSeedIso",
): SeedRendering {
  checkSpec(args.bootstrap, subject);
  const options = knownNetworkOptions(args);
  const checkedNow = isKnown(args.bootstrap) && options !== undefined;
  if (checkedNow) checkConfigDriveNetwork(args.bootstrap as BootstrapSpec, options, subject);
  return renderWhenKnown(
    {
      path: args.path,
      spec: args.bootstrap,
      macs: args.assignedMacAddresses,
      legacyNetworkFile: args.legacyNetworkFile,
      networkDataJson: args.networkDataJson,
    },
    ({ path, spec, macs, legacyNetworkFile, networkDataJson }) => {
      if (!checkedNow) {
        checkSpec(spec, subject);
        checkConfigDriveNetwork(spec as BootstrapSpec, { legacyNetworkFile, networkDataJson }, subject);
      }
      return renderConfigDriveSeedIso(spec as BootstrapSpec, {
        path,
        assignedMacAddresses: macs as string[] | undefined,
        legacyNetworkFile,
        networkDataJson,
      });
    },
    subject,
  );
}

/** The two dynamic resources' types (`pulumi-nodejs:dynamic/bootstrapped-vm:<type>`). */
type SeedIsoType = "NoCloudSeedIso" | "ConfigDriveSeedIso";

/** The full type token of a seed ISO resource (the dynamic provider's package and module). */
export function seedIsoTypeToken(type: SeedIsoType): string {
  return `pulumi-nodejs:dynamic/${DYNAMIC_MODULE}:${type}`;
}

/**
 * The options with an alias naming the other format's type (same name, same parent). The type is part
 * of the URN, so without it a format switch at one `path` is a new resource and a vanished one: the
 * engine creates the new image, then deletes the old resource at the end of the update, which removes
 * the file just written. With it the engine finds the old resource under the alias, diffs (a format
 * change is an update, `diffSeedIso`) and rewrites the file in place (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go: `getOldResource` looks the URN up, then the aliases, 655-713;
 * `GenerateDeletes` skips an old resource another one claimed by alias, `isOperatedOn` 2242-2252).
 */
function withFormatAlias(
  type: SeedIsoType,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
  const other: SeedIsoType = type === "NoCloudSeedIso" ? "ConfigDriveSeedIso" : "NoCloudSeedIso";
  return { ...opts, aliases: [...(opts?.aliases ?? []), { type: seedIsoTypeToken(other) }] };
}

/** What both seed ISO resources are: the ISO written from the rendered documents, and its outputs. */
abstract class SeedIsoResource extends pulumi.dynamic.Resource {
  /** Where the ISO is. */
  declare public readonly path: pulumi.Output<string>;
  /** Hex SHA-256 of the ISO file; a secret when the documents hold a password hash or private key. */
  declare public readonly sha256: pulumi.Output<string>;
  /** Size of the ISO file in bytes. */
  declare public readonly size: pulumi.Output<number>;
  /** SHA-256 of the rendered documents the image holds; a secret when they hold secrets. */
  declare public readonly documentsHash: pulumi.Output<string>;
  /** Permission bits of the ISO file (`0o600` by default when it holds secrets). */
  declare public readonly fileMode: pulumi.Output<number>;

  protected constructor(
    type: SeedIsoType,
    format: SeedImageFormat,
    name: string,
    path: pulumi.Input<string>,
    rendering: SeedRendering,
    fileMode: pulumi.Input<number> | undefined,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const registration = seedIsoRegistration(format, path, rendering, fileMode, withFormatAlias(type, opts));
    super(seedIsoProvider, name, registration.props, registration.opts, DYNAMIC_MODULE, type);
    secretDigests(this, registration.containsSecrets);
  }
}

/** A NoCloud seed ISO (`cidata`: user-data, meta-data, network-config, vendor-data) written to `path`. */
export class NoCloudSeedIso extends SeedIsoResource {
  constructor(name: string, args: NoCloudSeedIsoArgs, opts?: pulumi.CustomResourceOptions) {
    const rendering = noCloudSeedIsoRendering(args);
    super("NoCloudSeedIso", SeedImageFormat.NoCloud, name, args.path, rendering, args.fileMode, opts);
  }
}

/** A config-drive v2 seed ISO (`config-2`: `openstack/latest/...`) written to `path`. */
export class ConfigDriveSeedIso extends SeedIsoResource {
  constructor(name: string, args: ConfigDriveSeedIsoArgs, opts?: pulumi.CustomResourceOptions) {
    const rendering = configDriveSeedIsoRendering(args);
    super("ConfigDriveSeedIso", SeedImageFormat.ConfigDrive, name, args.path, rendering, args.fileMode, opts);
  }
}
