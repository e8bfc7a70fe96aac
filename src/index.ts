/**
 * bootstrapped-vm: one platform-neutral description of a VM's first boot, rendered into exactly the
 * cloud-init data each platform needs and delivered the way that platform delivers it.
 *
 * Layers, lowest first (README, Architecture): shared core (`util/`, `core/`) -> spec (`spec/`) -> pure
 * renderers (`render/`, `iso/`, `seeder/`) -> what carries documents (`providers/`, `seed-image/`) ->
 * platforms (`platforms/`) -> the component (`component/`) -> `fleet/`, `plugin/`, `cli/`.
 */

// ---- the spec
export * from "./spec/types";
export { validateSpec, assertValidSpec } from "./render/validate-spec";
export { SpecValidationError } from "./core/problems";
export type { SpecProblem } from "./core/problems";

// ---- pure renderers
export {
  renderAll,
  encodeUserData,
  hashPassword,
  renderNetworkConfigs,
  resolveInterfaces,
  renderNetworkV1,
  renderNetworkV2,
  deliveredNetworkConfig,
  renderNetworkDataJson,
  renderEni,
  renderConfigDriveTree,
  renderGuestinfo,
  checkGuestinfoSizes,
  GuestinfoEncoding,
  GuestinfoSizeError,
  GUESTINFO_VALUE_LIMIT,
  renderVappProperties,
  renderNoCloudFiles,
} from "./render";
// What the per-format network renderers take (renderNetworkV1/V2, renderNetworkDataJson, renderEni).
export { resolveNetworkDevices } from "./render/network-devices";
export type { NetworkDevices } from "./render/network-devices";
export type {
  RenderedDocuments,
  RenderOptions,
  NetworkConfigV1,
  NetworkConfigV2,
  ResolvedInterface,
  DeliveredNetworkConfig,
  NetworkDataJson,
  ConfigDriveOptions,
  GuestinfoOptions,
} from "./render";

// ---- ISO 9660 (Rock Ridge + Joliet) seed images, in-process
export {
  buildIso9660,
  buildNoCloudIso,
  buildConfigDriveIso,
  IsoLimitError,
  DEFAULT_ISO_TIMESTAMP,
  NOCLOUD_LABEL,
  CONFIG_DRIVE_LABEL,
} from "./iso";
export type { IsoFile, IsoOptions, IsoLimit, IsoProblem, NoCloudDocuments } from "./iso";

// ---- the component and its platforms
export { BootstrappedVm, BOOTSTRAPPED_VM_TYPE, OnChange, bootstrapSpec } from "./component";
export type { BootstrappedVmArgs, DeepInput, PlatformKey } from "./component";
export type { Platform, PlatformContext, PlatformDeployment, KnownArgs } from "./platforms/platform";
export {
  VsphereTransport,
  GuestinfoRedact,
  vmwareStaticMac,
  VMWARE_MANUAL_MAC,
  DEFAULT_SEED_DIRECTORY,
} from "./platforms/vsphere";
export type {
  VsphereArgs,
  VsphereCdrom,
  VsphereClone,
  VsphereDisk,
  VsphereGuestinfoOptions,
  VsphereNetworkInterface,
  VsphereNocloudIsoOptions,
  VsphereVapp,
  MacOwner,
  MacScope,
} from "./platforms/vsphere";
export type { OpenstackArgs, OpenstackNetworkArgs } from "./platforms/openstack/args";
export { NOVA_USER_DATA_LIMIT } from "./platforms/openstack/user-data";
export { CONTENT_HASH_METADATA_KEY } from "./platforms/openstack/metadata";
export type { SeedImageArgs } from "./platforms/seed-image";
export type {
  ProxmoxArgs,
  ProxmoxCloneArgs,
  ProxmoxDiskArgs,
  ProxmoxNetworkDeviceArgs,
} from "./platforms/proxmox/args";

// ---- local seed images (dynamic providers)
export {
  NoCloudSeedIso,
  ConfigDriveSeedIso,
  seedIsoProvider,
  noCloudSeedIsoInputs,
  configDriveSeedIsoInputs,
  SeedImageFormat,
  SeedFileEncoding,
} from "./seed-image";
export type {
  NoCloudSeedIsoArgs,
  ConfigDriveSeedIsoArgs,
  SeedIsoInputs,
  SeedIsoOutputs,
  SeedFile,
} from "./seed-image";

// ---- fleets
export { createFleet, planFleet, parsePool, allocateFromPool } from "./fleet";
export type {
  FleetArgs,
  FleetVm,
  FleetOptions,
  FleetMember,
  FleetAddressPool,
  AddressPool,
  ParsedPool,
} from "./fleet";

// ---- template-side helper for old vSphere images
export {
  renderVmwareSeederFiles,
  SEEDER_PATH,
  SEEDER_DROP_IN_PATH,
  SEEDER_DATASOURCE_CFG_PATH,
} from "./seeder/vmware-seeder";
