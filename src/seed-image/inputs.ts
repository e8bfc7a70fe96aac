/**
 * Pure builders of the seed-image provider's inputs: spec -> rendered documents -> sorted file list.
 * No I/O, no resources: the same spec gives the same inputs, so `pulumi preview` shows no spurious diff.
 */
import { renderAll, renderValidSpec } from "../render/render-all";
import { renderNoCloudFiles } from "../render/nocloud";
import { renderConfigDriveTree } from "../render/config-drive";
import type { RenderedDocuments } from "../render/types";
import type { BootstrapSpec } from "../spec/types";
import { seedFilesFromTree, RenderedTree } from "./seed-files";
import { PLAIN_SEED_FILE_MODE, SECRET_SEED_FILE_MODE, SeedImageFormat, SeedIsoInputs } from "./types";

export interface NoCloudSeedIsoOptions {
  /** Where the ISO is written. */
  path: string;
  /** MACs the platform assigned, by interface index (fill in interfaces matched by position). */
  assignedMacAddresses?: readonly (string | undefined)[];
  /**
   * Permission bits of the ISO file. Default: `0o600` when the documents hold a password hash, private
   * key or secret file (the image carries them readable), else `0o644`.
   */
  fileMode?: number;
}

/** The file mode: the one asked for, else owner-only when the documents hold secrets. */
export function seedFileMode(containsSecrets: boolean, asked?: number): number {
  return asked ?? (containsSecrets ? SECRET_SEED_FILE_MODE : PLAIN_SEED_FILE_MODE);
}

export interface ConfigDriveSeedIsoOptions extends NoCloudSeedIsoOptions {
  /** Also write the `flat_injected`-style legacy network file `openstack/content/0000`. Default false. */
  legacyNetworkFile?: boolean;
  /** Write `openstack/latest/network_data.json`. Default true. */
  networkDataJson?: boolean;
}

/** Inputs plus what the resource must know to mark them secret. */
export interface RenderedSeedIso {
  inputs: SeedIsoInputs;
  /** The documents hold a password hash or private key: the inputs must travel as a Pulumi secret. */
  containsSecrets: boolean;
  documents: RenderedDocuments;
}

/** Renders a NoCloud seed (`cidata`) for `spec`. Throws `SpecValidationError` for an invalid spec. */
export function renderNoCloudSeedIso(spec: BootstrapSpec, opts: NoCloudSeedIsoOptions): RenderedSeedIso {
  return noCloudSeed(renderAll(spec, { assignedMacAddresses: opts.assignedMacAddresses }), opts);
}

/**
 * `renderNoCloudSeedIso` for a spec that `validateSpec` has already accepted: the same seed, without
 * validating the spec a second time (`renderValidSpec`).
 */
export function renderValidNoCloudSeedIso(spec: BootstrapSpec, opts: NoCloudSeedIsoOptions): RenderedSeedIso {
  return noCloudSeed(renderValidSpec(spec, { assignedMacAddresses: opts.assignedMacAddresses }), opts);
}

function noCloudSeed(documents: RenderedDocuments, opts: NoCloudSeedIsoOptions): RenderedSeedIso {
  const files = seedFilesFromTree(renderNoCloudFiles(documents) as RenderedTree);
  return {
    inputs: {
      path: opts.path,
      format: SeedImageFormat.NoCloud,
      files,
      fileMode: seedFileMode(documents.containsSecrets, opts.fileMode),
    },
    containsSecrets: documents.containsSecrets,
    documents,
  };
}

/** Renders a config-drive v2 seed (`config-2`) for `spec`. Throws `SpecValidationError` for an invalid spec. */
export function renderConfigDriveSeedIso(
  spec: BootstrapSpec,
  opts: ConfigDriveSeedIsoOptions,
): RenderedSeedIso {
  return configDriveSeed(spec, renderAll(spec, { assignedMacAddresses: opts.assignedMacAddresses }), opts);
}

/**
 * `renderConfigDriveSeedIso` for a spec that `validateSpec` has already accepted: the same seed, without
 * validating the spec a second time (`renderValidSpec`). The drive's network is still checked.
 */
export function renderValidConfigDriveSeedIso(
  spec: BootstrapSpec,
  opts: ConfigDriveSeedIsoOptions,
): RenderedSeedIso {
  return configDriveSeed(
    spec,
    renderValidSpec(spec, { assignedMacAddresses: opts.assignedMacAddresses }),
    opts,
  );
}

function configDriveSeed(
  spec: BootstrapSpec,
  documents: RenderedDocuments,
  opts: ConfigDriveSeedIsoOptions,
): RenderedSeedIso {
  const tree = renderConfigDriveTree(spec, documents, {
    assignedMacAddresses: opts.assignedMacAddresses,
    legacyNetworkFile: opts.legacyNetworkFile ?? false,
    networkDataJson: opts.networkDataJson ?? true,
  });
  return {
    inputs: {
      path: opts.path,
      format: SeedImageFormat.ConfigDrive,
      files: seedFilesFromTree(tree as RenderedTree),
      fileMode: seedFileMode(documents.containsSecrets, opts.fileMode),
    },
    containsSecrets: documents.containsSecrets,
    documents,
  };
}

/** The provider's inputs for a NoCloud seed ISO of `spec` at `opts.path`. */
export function noCloudSeedIsoInputs(spec: BootstrapSpec, opts: NoCloudSeedIsoOptions): SeedIsoInputs {
  return renderNoCloudSeedIso(spec, opts).inputs;
}

/** The provider's inputs for a config-drive v2 seed ISO of `spec` at `opts.path`. */
export function configDriveSeedIsoInputs(
  spec: BootstrapSpec,
  opts: ConfigDriveSeedIsoOptions,
): SeedIsoInputs {
  return renderConfigDriveSeedIso(spec, opts).inputs;
}
