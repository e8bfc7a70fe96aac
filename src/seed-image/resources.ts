/**
 * `NoCloudSeedIso` and `ConfigDriveSeedIso`: Pulumi resources that write a seed ISO for a bootstrap spec to a
 * local file during `pulumi up` (never during preview) and remove it on destroy.
 *
 * The spec is rendered in the program (inside an `apply`, so `Input`s anywhere in it are resolved first:
 * seed-iso-rendering.ts); the provider receives the rendered documents — as a Pulumi secret when they hold a
 * password hash or private key (seed-iso-registration.ts) — and builds the image itself, so the state never
 * holds image bytes.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  configDriveSeedIsoRendering,
  noCloudSeedIsoRendering,
  type ConfigDriveSeedIsoArgs,
  type NoCloudSeedIsoArgs,
  type SeedRendering,
} from "./seed-iso-rendering";
import { secretDigests, seedIsoRegistration } from "./seed-iso-registration";
import { seedIsoProvider } from "./provider";
import { SeedImageFormat } from "./types";

/** Module part of the resources' type tokens: `pulumi-nodejs:dynamic/bootstrapped-vm:<Type>`. */
const DYNAMIC_MODULE = "bootstrapped-vm";

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
