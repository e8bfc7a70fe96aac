/** In-process ISO 9660 writer (Rock Ridge + Joliet) and the cloud-init seed images built with it. */
export { buildIso9660 } from "./iso9660";
export { buildConfigDriveIso, buildNoCloudIso, CONFIG_DRIVE_LABEL, NOCLOUD_LABEL } from "./seed";
export type { NoCloudDocuments } from "./seed";
export { IsoLimitError } from "./errors";
export type { IsoLimit, IsoProblem } from "./errors";
export { DEFAULT_ISO_TIMESTAMP } from "./types";
export type { IsoFile, IsoOptions } from "./types";
