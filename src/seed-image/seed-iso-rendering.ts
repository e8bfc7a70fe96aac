/**
 * What a seed ISO resource makes of its arguments: the spec checked (and, for a config drive, the network
 * the drive can carry), then the documents rendered, now when every argument is a plain value (errors are
 * thrown before anything is registered), else once the Inputs resolve. Shared by the dynamic resources
 * (resources.ts) and the provider plugin's `SeedIsoFile` (seed-iso-file.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { inputPropertiesError, redactSecretTexts } from "../core/errors";
import { isKnown } from "../core/known";
import { rewordProblem, SpecValidationError } from "../core/problems";
import { nestedInputs, secretTexts } from "../core/secrets";
import { configDriveRefusals, knownNetworkOptions, seedWording } from "./wording";
import { SPEC_FREE_FORM_MAPS, SPEC_FREE_FORM_TREES, type BootstrapSpec } from "../spec/types";
import { validateSpec } from "../render/validate-spec";
import type { ConfigDriveNetworkOptions } from "../render/config-drive-network";
import { renderValidConfigDriveSeedIso, renderValidNoCloudSeedIso, RenderedSeedIso } from "./inputs";

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

/** The spec's problems (`validateSpec`) as one `InputPropertiesError` with `bootstrap.` paths. */
function validateSeedSpec(spec: unknown, subject: string): void {
  const problems = validateSpec(spec);
  if (problems.length > 0) throw inputPropertiesError(problems, "bootstrap", subject);
}

/**
 * A missing spec, or the spec's problems, as one `InputPropertiesError` with `bootstrap.` paths. Checked in
 * the constructor when the spec holds no unresolved Inputs (so `pulumi preview` stops before registering
 * anything), else when the Inputs resolve. Returns whether it validated the spec: the renderer is then
 * given a valid one and does not validate it again.
 */
function checkSpec(spec: unknown, subject: string): boolean {
  if (spec === undefined || spec === null) {
    throw inputPropertiesError(
      [{ path: "bootstrap", message: "The bootstrap spec is required." }],
      "",
      subject,
    );
  }
  if (!isKnown(spec)) return false;
  validateSeedSpec(spec, subject);
  return true;
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
  // The problems found then quote the values they are about: those of secret Inputs are redacted, and the
  // keys of the spec's secret free-form maps (`metadata`) and trees (cloud-config below its top level), which
  // their paths name.
  const texts = secretTexts(
    nestedInputs(args),
    SPEC_FREE_FORM_MAPS.map((map) => ["spec", ...map]),
    SPEC_FREE_FORM_TREES.map((tree) => ["spec", ...tree]),
  );
  const rendered = pulumi.all([pulumi.output(args), texts]).apply(([values, secrets]) => {
    try {
      return render(() => fn(values as pulumi.Unwrap<A>), subject);
    } catch (err) {
      throw pulumi.InputPropertiesError.isInstance(err)
        ? redactSecretTexts(err, secrets.texts, secrets.keys, secrets.treeKeys)
        : err;
    }
  }) as unknown as pulumi.Output<RenderedSeedIso>;
  return { rendered };
}

/**
 * The rendering of a `NoCloudSeedIso` (spec checked first, once: in the constructor when it is known, else
 * once it resolves). `subject`: what the user gave the arguments to, for the errors' heading (the resource
 * itself; the component inside the provider plugin).
 */
export function noCloudSeedIsoRendering(args: NoCloudSeedIsoArgs, subject = "NoCloudSeedIso"): SeedRendering {
  const specChecked = checkSpec(args.bootstrap, subject);
  return renderWhenKnown(
    { path: args.path, spec: args.bootstrap, macs: args.assignedMacAddresses },
    ({ path, spec, macs }) => {
      if (!specChecked) validateSeedSpec(spec, subject);
      return renderValidNoCloudSeedIso(spec as BootstrapSpec, {
        path,
        assignedMacAddresses: macs as string[] | undefined,
      });
    },
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
 * The rendering of a `ConfigDriveSeedIso` (spec checked first, once, as for `noCloudSeedIsoRendering`;
 * `subject` as there). The drive's network is checked in the constructor when the spec and both network
 * options are plain values, else once they resolve (the spec validated first: the rules take a valid one).
 */
export function configDriveSeedIsoRendering(
  args: ConfigDriveSeedIsoArgs,
  subject = "ConfigDriveSeedIso",
): SeedRendering {
  const specChecked = checkSpec(args.bootstrap, subject);
  const options = knownNetworkOptions(args);
  const networkChecked = specChecked && options !== undefined;
  if (networkChecked) checkConfigDriveNetwork(args.bootstrap as BootstrapSpec, options, subject);
  return renderWhenKnown(
    {
      path: args.path,
      spec: args.bootstrap,
      macs: args.assignedMacAddresses,
      legacyNetworkFile: args.legacyNetworkFile,
      networkDataJson: args.networkDataJson,
    },
    ({ path, spec, macs, legacyNetworkFile, networkDataJson }) => {
      if (!specChecked) checkSpec(spec, subject);
      if (!networkChecked) {
        checkConfigDriveNetwork(spec as BootstrapSpec, { legacyNetworkFile, networkDataJson }, subject);
      }
      return renderValidConfigDriveSeedIso(spec as BootstrapSpec, {
        path,
        assignedMacAddresses: macs as string[] | undefined,
        legacyNetworkFile,
        networkDataJson,
      });
    },
    subject,
  );
}
