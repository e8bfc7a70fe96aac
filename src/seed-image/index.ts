/** Local seed images: NoCloud (`cidata`) and config-drive v2 (`config-2`) ISOs written during `pulumi up`. */
export { SeedImageFormat, SeedFileEncoding } from "./types";
export type { SeedFile, SeedIsoInputs, SeedIsoOutputs } from "./types";
export {
  noCloudSeedIsoInputs,
  configDriveSeedIsoInputs,
  renderNoCloudSeedIso,
  renderConfigDriveSeedIso,
} from "./inputs";
export type { NoCloudSeedIsoOptions, ConfigDriveSeedIsoOptions, RenderedSeedIso } from "./inputs";
export { seedIsoProvider } from "./provider";
export { NoCloudSeedIso, ConfigDriveSeedIso } from "./resources";
export type { NoCloudSeedIsoArgs, ConfigDriveSeedIsoArgs } from "./seed-iso-rendering";
export { buildSeedIsoImage } from "./build-image";
