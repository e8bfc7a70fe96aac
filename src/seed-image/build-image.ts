/**
 * Seed image bytes from the provider's file list, through the project's ISO 9660 writer
 * (Rock Ridge + Joliet, deterministic: the same files give the same bytes).
 *
 * The dynamic provider loads this module by its file path at run time (`image-builder-loader.ts`) instead
 * of capturing it in its serialized closure: Pulumi's closure serializer does not carry `Date` objects or
 * class field initializers, both of which the ISO writer uses.
 */
import { buildConfigDriveIso, buildNoCloudIso } from "../iso";
import { seedFileTree } from "./seed-files";
import { SeedFile, SeedImageFormat } from "./types";

/** The files a NoCloud seed may hold. */
const NOCLOUD_FILES = ["meta-data", "network-config", "user-data", "vendor-data"];

/** Builds the ISO image of `files` with the volume label and layout `format` requires. */
export function buildSeedIsoImage(format: SeedImageFormat, files: readonly SeedFile[]): Uint8Array {
  const tree = seedFileTree(files);
  if (format === SeedImageFormat.ConfigDrive) return buildConfigDriveIso(tree);
  const unexpected = [...tree.keys()].filter((path) => !NOCLOUD_FILES.includes(path));
  if (unexpected.length > 0) {
    throw new Error(
      `a NoCloud seed holds only ${NOCLOUD_FILES.join(", ")}; unexpected: ${unexpected.join(", ")}`,
    );
  }
  return buildNoCloudIso({
    userData: tree.get("user-data") ?? "",
    metaData: tree.get("meta-data") ?? "",
    networkConfig: tree.get("network-config"),
    vendorData: tree.get("vendor-data"),
  });
}
