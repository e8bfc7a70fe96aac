/** The render API: pure functions from a validated spec to cloud-init documents. */
export { renderAll } from "./render-all";
export { renderSpecCloudConfig } from "./cloud-config";
export type { PasswordHasher } from "./cloud-config";
export { mergeExtraCloudConfig } from "./merge";
export type { MergeResult } from "./merge";
export { encodeUserData, MERGE_TYPE, mimeBoundary, renderMultipart } from "./mime";
export type { UserDataPart } from "./mime";
export { renderUserData, renderVendorData, userDataParts, cloudConfigText } from "./user-data";
export { renderMetaData } from "./meta-data";
export type { MetaDataInput } from "./meta-data";
export { hashPassword, passwordSalt } from "./password";
export { specContainsSecrets } from "./secrets";
export type { NetworkConfigV1, NetworkConfigV2, RenderedDocuments, RenderOptions } from "./types";
export { renderNetworkConfigs, resolveInterfaces } from "./network";
export type { ResolvedInterface } from "./network";
export { renderNetworkV1 } from "./network-v1";
export { renderNetworkV2 } from "./network-v2";
export { deliveredNetworkConfig, misboundV2Routes } from "./network-delivery";
export type { DeliveredNetworkConfig, MisboundRoute } from "./network-delivery";
export { renderNetworkDataJson } from "./network-data-json";
export type { NetworkDataJson } from "./network-data-json";
export { renderEni } from "./eni";
export {
  renderConfigDriveTree,
  OPENSTACK_METADATA_VERSIONS,
  EC2_METADATA_VERSIONS,
  LEGACY_NETWORK_CONTENT_PATH,
} from "./config-drive";
export type { ConfigDriveOptions } from "./config-drive";
export {
  renderGuestinfo,
  checkGuestinfoSizes,
  GuestinfoEncoding,
  GuestinfoSizeError,
  GUESTINFO_VALUE_LIMIT,
} from "./guestinfo";
export type { GuestinfoOptions, GuestinfoSizeProblem } from "./guestinfo";
export { renderVappProperties } from "./vapp";
export { renderNoCloudFiles } from "./nocloud";
