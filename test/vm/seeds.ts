/**
 * Seed images for the boot proof, made by the library's public API exactly as `pulumi up` makes them:
 * the pure input builders render the spec, and `seedIsoProvider.create` (the dynamic provider's create,
 * which the engine calls during `pulumi up`) writes the ISO.
 */
import {
  renderConfigDriveSeedIso,
  renderNoCloudSeedIso,
  RenderedSeedIso,
  SeedIsoOutputs,
  seedIsoProvider,
} from "../../src/seed-image";
import type { RenderedDocuments } from "../../src/render/types";
import type { BootstrapSpec } from "../../src/spec/types";

export enum SeedKind {
  /** NoCloud `cidata` ISO: user-data, meta-data, network-config. */
  NoCloud = "nocloud",
  /** Config drive `config-2` with `openstack/latest/network_data.json`. */
  ConfigDriveNetworkData = "config-drive-network-data",
  /** Config drive `config-2` with only the flat_injected-style `openstack/content/0000` network file. */
  ConfigDriveLegacyNetwork = "config-drive-legacy-network",
}

/** The datasource cloud-init must report for each seed kind. */
export const EXPECTED_DATASOURCE: Record<SeedKind, string> = {
  [SeedKind.NoCloud]: "DataSourceNoCloud",
  [SeedKind.ConfigDriveNetworkData]: "DataSourceConfigDrive",
  [SeedKind.ConfigDriveLegacyNetwork]: "DataSourceConfigDrive",
};

export interface WrittenSeed {
  path: string;
  kind: SeedKind;
  /** The documents the library rendered (instance-id, cloud-config with the password hash, ...). */
  documents: RenderedDocuments;
  /** Paths of the files inside the image. */
  files: string[];
  outputs: SeedIsoOutputs;
}

function render(kind: SeedKind, spec: BootstrapSpec, path: string): RenderedSeedIso {
  switch (kind) {
    case SeedKind.NoCloud:
      return renderNoCloudSeedIso(spec, { path });
    case SeedKind.ConfigDriveNetworkData:
      return renderConfigDriveSeedIso(spec, { path, networkDataJson: true, legacyNetworkFile: false });
    case SeedKind.ConfigDriveLegacyNetwork:
      return renderConfigDriveSeedIso(spec, { path, networkDataJson: false, legacyNetworkFile: true });
  }
}

/** Renders `spec` for `kind` and writes the seed ISO to `path` through the seed-image provider. */
export async function writeSeed(kind: SeedKind, spec: BootstrapSpec, path: string): Promise<WrittenSeed> {
  const rendered = render(kind, spec, path);
  const created = await seedIsoProvider.create(rendered.inputs);
  return {
    path,
    kind,
    documents: rendered.documents,
    files: rendered.inputs.files.map((f) => f.path),
    outputs: created.outs as SeedIsoOutputs,
  };
}
