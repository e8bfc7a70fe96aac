/**
 * NoCloud seed files (`cidata` volume, `nocloud-net` HTTP seed, or /var/lib/cloud/seed/nocloud):
 * `user-data` (gzip when the spec asks), `meta-data` (always: a seed without it is silently ignored),
 * `network-config` (the delivered network config YAML: v2, or v1 where cloud-init would bind a v2 route
 * wrongly, network-delivery.ts) when the spec has a network, `vendor-data` when present.
 */
import { deliveredNetworkConfig } from "./network-delivery";
import { encodeUserData } from "./mime";
import type { RenderedDocuments } from "./types";

/** Renders the NoCloud seed files as file name -> bytes. */
export function renderNoCloudFiles(docs: RenderedDocuments): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  files.set("meta-data", Buffer.from(docs.metaData, "utf8"));
  if (docs.network !== undefined)
    files.set("network-config", Buffer.from(deliveredNetworkConfig(docs.network).yaml, "utf8"));
  files.set("user-data", encodeUserData(docs));
  if (docs.vendorData !== undefined) files.set("vendor-data", Buffer.from(docs.vendorData, "utf8"));
  return files;
}
