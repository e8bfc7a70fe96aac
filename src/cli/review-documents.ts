/**
 * Every rendered document of a spec as readable text, for `diff`: encoded transports (guestinfo
 * base64/gzip, vApp base64) are decoded, JSON is pretty-printed with sorted keys, documents that
 * repeat another one byte for byte (guestinfo.userdata, config-drive user_data) are left out.
 */
import { gunzipSync } from "../util/zlib";
import { parse as parseYaml } from "yaml";
import type { BootstrapSpec } from "../spec/types";
import type { RenderedDocuments } from "../render/types";
import { renderConfigDriveTree, renderGuestinfo, renderVappProperties } from "../render";
import { deliveredNetworkConfig } from "../render/network-delivery";
import { stableJson, stableYaml } from "../util/serialize";

/** Decodes a guestinfo value as cloud-init's DataSourceVMware does for its `.encoding`. */
export function decodeGuestinfoValue(value: string, encoding: string | undefined): string {
  const enc = (encoding ?? "").trim().toLowerCase();
  if (enc === "gzip+base64" || enc === "gz+b64")
    return gunzipSync(Buffer.from(value, "base64")).toString("utf8");
  if (enc === "base64" || enc === "b64") return Buffer.from(value, "base64").toString("utf8");
  return value;
}

function prettyJsonText(text: string): string {
  try {
    return `${stableJson(JSON.parse(text), 2)}\n`;
  } catch {
    return text;
  }
}

function asText(data: string | Uint8Array): string {
  return typeof data === "string" ? data : Buffer.from(data).toString("utf8");
}

/** guestinfo.metadata decoded (JSON, the network config inside as a mapping), as sorted YAML. */
function readableGuestinfoMetadata(text: string): string {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch {
    return text;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return text;
  return stableYaml(value);
}

/** A summary of the extraConfig keys: encoding and encoded size of each value (for size-limit review). */
function guestinfoKeySummary(extraConfig: Record<string, string>): string {
  return Object.keys(extraConfig)
    .filter((k) => !k.endsWith(".encoding"))
    .sort()
    .map(
      (k) =>
        `${k}: ${extraConfig[`${k}.encoding`] ?? "plain"}, ${Buffer.byteLength(extraConfig[k] ?? "")} bytes\n`,
    )
    .join("");
}

function readableVapp(props: Record<string, string>): string {
  const shown: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) {
    if (k === "user-data") shown[k] = `(base64 of user-data, ${v.length} characters)`;
    else if (k === "network-config")
      shown[k] = `(base64, decoded:)\n${Buffer.from(v, "base64").toString("utf8")}`;
    else shown[k] = v;
  }
  return stableYaml(shown);
}

/** Ordered (name, text) pairs of every document a guest can receive from this spec. Absent documents are "". */
export function reviewDocuments(
  spec: BootstrapSpec,
  docs: RenderedDocuments,
  macs: readonly string[] = [],
): [string, string][] {
  const out: [string, string][] = [
    ["user-data", docs.userData],
    ["meta-data", docs.metaData],
    ["vendor-data", docs.vendorData ?? ""],
    ["network-config (v2)", docs.network ? stableYaml(docs.network.v2) : ""],
    ["network-config (v1)", docs.network ? stableYaml(docs.network.v1) : ""],
  ];
  const tree = renderConfigDriveTree(spec, docs, { legacyNetworkFile: true, assignedMacAddresses: macs });
  for (const path of [...tree.keys()].sort()) {
    const inLatest = path.startsWith("openstack/latest/") && path !== "openstack/latest/user_data";
    if (!inLatest && !path.startsWith("openstack/content/")) continue;
    const text = asText(tree.get(path) as Uint8Array);
    out.push([`config-drive ${path}`, path.endsWith(".json") ? prettyJsonText(text) : text]);
  }
  const guestinfo = renderGuestinfo(docs, {});
  const metadata = guestinfo["guestinfo.metadata"];
  out.push([
    "guestinfo.metadata (decoded)",
    metadata === undefined
      ? ""
      : readableGuestinfoMetadata(decodeGuestinfoValue(metadata, guestinfo["guestinfo.metadata.encoding"])),
  ]);
  out.push(["guestinfo keys", guestinfoKeySummary(guestinfo)]);
  out.push(["vApp properties", readableVapp(renderVappProperties(docs))]);
  return out;
}

/**
 * The review documents each `render` format carries, for `diff --format`: a format's documents are the
 * ones a guest deployed that way receives (user-data stands for the copies the transports repeat:
 * config-drive `user_data`, `guestinfo.userdata`, the vApp `user-data`). `vmware-seeder` has none: its
 * files are the same for every spec.
 */
type DocumentSelector = (document: string, deliveredNetwork: ReadonlySet<string>) => boolean;

const FORMAT_DOCUMENTS: Readonly<Record<string, DocumentSelector>> = {
  "nocloud-iso": (d, net) => ["user-data", "meta-data", "vendor-data"].includes(d) || net.has(d),
  "nocloud-dir": (d, net) => ["user-data", "meta-data", "vendor-data"].includes(d) || net.has(d),
  "configdrive-iso": (d) => d === "user-data" || d.startsWith("config-drive "),
  "configdrive-dir": (d) => d === "user-data" || d.startsWith("config-drive "),
  guestinfo: (d) =>
    ["user-data", "vendor-data", "guestinfo.metadata (decoded)", "guestinfo keys"].includes(d),
  vapp: (d) => d === "user-data" || d === "vApp properties",
  "user-data": (d) => d === "user-data",
  "network-config": (d, net) => net.has(d),
};

/**
 * The review name of the network config the guest is given (`network-config (v2)`, or `(v1)` where
 * network-delivery.ts picks v1), or undefined without a network.
 */
export function deliveredNetworkDocument(docs: RenderedDocuments): string | undefined {
  return docs.network && `network-config (v${deliveredNetworkConfig(docs.network).version})`;
}

/**
 * Whether `document` (a `reviewDocuments` name) belongs to a format, given the delivered network documents
 * (`deliveredNetworkDocument` of both sides); undefined for a format without documents.
 */
export function formatDocuments(format: string): DocumentSelector | undefined {
  return Object.prototype.hasOwnProperty.call(FORMAT_DOCUMENTS, format)
    ? FORMAT_DOCUMENTS[format]
    : undefined;
}
