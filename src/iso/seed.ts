/**
 * cloud-init seed images: NoCloud (label `cidata`: user-data, meta-data, optional network-config and
 * vendor-data) and config-drive v2 (label `config-2`: the openstack/ and ec2/ tree).
 */
import { IsoLimitError } from "./errors";
import { buildIso9660 } from "./iso9660";
import type { IsoFile } from "./types";

export const NOCLOUD_LABEL = "cidata";
export const CONFIG_DRIVE_LABEL = "config-2";

export interface NoCloudDocuments {
  userData: string | Uint8Array;
  /** Required and non-empty: cloud-init silently ignores a seed without meta-data. */
  metaData: string | Uint8Array;
  networkConfig?: string | Uint8Array;
  vendorData?: string | Uint8Array;
}

function bytes(doc: string | Uint8Array): Uint8Array {
  return typeof doc === "string" ? Buffer.from(doc, "utf8") : doc;
}

/** A NoCloud seed ISO (volume label `cidata`) that cloud-init's NoCloud datasource reads. */
export function buildNoCloudIso(docs: NoCloudDocuments, opts: { timestamp?: Date } = {}): Buffer {
  if (docs.metaData === undefined || bytes(docs.metaData).length === 0) {
    throw new IsoLimitError([
      {
        limit: "missing-document",
        path: "metaData",
        message:
          "meta-data is empty; cloud-init ignores a NoCloud seed without meta-data. Give at least `instance-id: <id>`",
      },
    ]);
  }
  const files: IsoFile[] = [
    { path: "meta-data", data: bytes(docs.metaData) },
    { path: "user-data", data: bytes(docs.userData ?? "") },
  ];
  if (docs.networkConfig !== undefined)
    files.push({ path: "network-config", data: bytes(docs.networkConfig) });
  if (docs.vendorData !== undefined) files.push({ path: "vendor-data", data: bytes(docs.vendorData) });
  return buildIso9660(files, { volumeId: NOCLOUD_LABEL, timestamp: opts.timestamp });
}

/**
 * A config-drive v2 ISO (volume label `config-2`) from the tree `renderConfigDriveTree` produces:
 * paths such as `openstack/latest/meta_data.json`, `openstack/content/0000`, `ec2/latest/meta-data.json`.
 */
export function buildConfigDriveIso(
  tree: ReadonlyMap<string, Uint8Array>,
  opts: { timestamp?: Date } = {},
): Buffer {
  return buildIso9660(tree, { volumeId: CONFIG_DRIVE_LABEL, timestamp: opts.timestamp });
}
