/**
 * `SeedIsoFile` (`bootstrapped-vm:index:SeedIsoFile`): the seed ISO writer as a custom resource of the
 * `bootstrapped-vm` provider plugin. The plugin's BootstrappedVm (what Python, Go, .NET and YAML programs
 * construct) registers it instead of the dynamic `NoCloudSeedIso`/`ConfigDriveSeedIso`: a dynamic provider
 * started by the engine for a non-Node program has no node_modules (pulumi/pulumi#5455). The plugin serves
 * its check/diff/create/read/update/delete with the same code as the dynamic provider (seed-iso-ops.ts).
 *
 * `SeedIsoWriter` is how the component chooses: the dynamic resources for Node.js programs (no plugin needed),
 * `SeedIsoFile` inside the plugin.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigDriveSeedIso, NoCloudSeedIso } from "./resources";
import {
  configDriveSeedIsoRendering,
  noCloudSeedIsoRendering,
  type ConfigDriveSeedIsoArgs,
  type NoCloudSeedIsoArgs,
  type SeedRendering,
} from "./seed-iso-rendering";
import { secretDigests, seedIsoRegistration } from "./seed-iso-registration";
import { SeedImageFormat, type SeedFile } from "./types";

/** The custom resource's type token (frozen: renaming it would replace every seed ISO). */
export const SEED_ISO_FILE_TYPE = "bootstrapped-vm:index:SeedIsoFile";

/** `SeedIsoFile`'s inputs: the rendered files, not the spec (the component renders it). */
export interface SeedIsoFileArgs {
  path: pulumi.Input<string>;
  format: pulumi.Input<SeedImageFormat>;
  files: pulumi.Input<pulumi.Input<SeedFile>[]>;
  fileMode?: pulumi.Input<number | undefined>;
}

/** A seed ISO written to a local file by the provider plugin (see the file comment). */
export class SeedIsoFile extends pulumi.CustomResource {
  /** Where the ISO is. */
  declare public readonly path: pulumi.Output<string>;
  /** `nocloud` or `configDrive`. */
  declare public readonly format: pulumi.Output<SeedImageFormat>;
  /** Hex SHA-256 of the ISO file; a secret when the documents hold a password hash or private key. */
  declare public readonly sha256: pulumi.Output<string>;
  /** Size of the ISO file in bytes. */
  declare public readonly size: pulumi.Output<number>;
  /** SHA-256 of the rendered documents the image holds; a secret when they hold secrets. */
  declare public readonly documentsHash: pulumi.Output<string>;
  /** Permission bits of the ISO file (`0o600` by default when it holds secrets). */
  declare public readonly fileMode: pulumi.Output<number>;

  constructor(name: string, args: SeedIsoFileArgs, opts?: pulumi.CustomResourceOptions) {
    const props: pulumi.Inputs = { ...args, documentsHash: undefined, sha256: undefined, size: undefined };
    super(SEED_ISO_FILE_TYPE, name, props, opts);
  }
}

/** A seed ISO resource, whichever way it is written (they have the same outputs). */
export type SeedIso = NoCloudSeedIso | ConfigDriveSeedIso | SeedIsoFile;

/** Registers the resource that writes a component's seed ISO. */
export interface SeedIsoWriter {
  noCloud(name: string, args: NoCloudSeedIsoArgs, opts?: pulumi.CustomResourceOptions): SeedIso;
  configDrive(name: string, args: ConfigDriveSeedIsoArgs, opts?: pulumi.CustomResourceOptions): SeedIso;
}

/** Node.js programs: the dynamic resources (no plugin binary needed). */
export const dynamicSeedIsoWriter: SeedIsoWriter = {
  noCloud: (name, args, opts) => new NoCloudSeedIso(name, args, opts),
  configDrive: (name, args, opts) => new ConfigDriveSeedIso(name, args, opts),
};

function seedIsoFile(
  format: SeedImageFormat,
  name: string,
  args: NoCloudSeedIsoArgs,
  rendering: SeedRendering,
  opts: pulumi.CustomResourceOptions | undefined,
): SeedIsoFile {
  const registration = seedIsoRegistration(format, args.path, rendering, args.fileMode, opts);
  const resource = new SeedIsoFile(name, registration.props as SeedIsoFileArgs, registration.opts);
  secretDigests(resource, registration.containsSecrets);
  return resource;
}

/** Inside the provider plugin: the plugin's own `SeedIsoFile` (same inputs, same secrecy). */
export const pluginSeedIsoWriter: SeedIsoWriter = {
  // The user gave the arguments to the component (`SeedIsoFile` is its child): errors head with its name.
  noCloud: (name, args, opts) =>
    seedIsoFile(SeedImageFormat.NoCloud, name, args, noCloudSeedIsoRendering(args, "BootstrappedVm"), opts),
  configDrive: (name, args, opts) =>
    seedIsoFile(
      SeedImageFormat.ConfigDrive,
      name,
      args,
      configDriveSeedIsoRendering(args, "BootstrappedVm"),
      opts,
    ),
};
