/**
 * Every rendered document of a spec as readable text, for `diff`: encoded transports (guestinfo
 * base64/gzip, vApp base64) are decoded, JSON is pretty-printed with sorted keys, documents that
 * repeat another one byte for byte (guestinfo.userdata, config-drive user_data) are left out.
 */
import { gunzipSync } from "../util/zlib";
import { parse as parseYaml } from "yaml";
import type { BootstrapSpec } from "../spec/types";
import type { RenderedDocuments } from "../render/types";
import { configDriveTree, guestinfoKeys, vappProperties, type FormatFlags } from "./formats";
import { deliveredNetworkConfig } from "../render/network-delivery";
import { networkV2Yaml } from "../render/network-yaml";
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

/** The documents of one transport, or why its format refuses the spec (what `render --format` throws). */
function transportDocuments(documents: () => [string, string][]): [string, string][] | { refused: unknown } {
  try {
    return documents();
  } catch (err) {
    return { refused: err };
  }
}

/**
 * Every document a guest can receive from this spec, as ordered (name, text) pairs (absent documents are
 * ""), each transport's documents rendered by its format's own code with `flags` (`render`'s options): the
 * config drive (`configdrive-*`), the guestinfo keys (`guestinfo`), the vApp properties (`vapp`). After
 * each transport's documents, or in their place where its format refuses the spec, the document
 * `refusal(format name, error or undefined)`: so both sides of a diff have it at the same place.
 */
export function reviewDocuments(
  spec: BootstrapSpec,
  docs: RenderedDocuments,
  flags: FormatFlags,
  refusal: (format: string, err: unknown) => [string, string],
): [string, string][] {
  const documents: [string, string][] = [
    ["user-data", docs.userData],
    ["meta-data", docs.metaData],
    ["vendor-data", docs.vendorData ?? ""],
    ["network-config (v2)", docs.network ? networkV2Yaml(docs.network.v2) : ""],
    ["network-config (v1)", docs.network ? stableYaml(docs.network.v1) : ""],
  ];
  const transports: [string, () => [string, string][]][] = [
    [
      "configdrive",
      () => {
        const tree = configDriveTree(spec, docs, flags);
        return [...tree.keys()]
          .sort()
          .filter(
            (path) =>
              (path.startsWith("openstack/latest/") && path !== "openstack/latest/user_data") ||
              path.startsWith("openstack/content/"),
          )
          .map((path) => {
            const text = asText(tree.get(path) as Uint8Array);
            return [`config-drive ${path}`, path.endsWith(".json") ? prettyJsonText(text) : text];
          });
      },
    ],
    [
      "guestinfo",
      () => {
        const guestinfo = guestinfoKeys(spec, docs, flags);
        const metadata = guestinfo["guestinfo.metadata"];
        const decoded =
          metadata === undefined
            ? ""
            : readableGuestinfoMetadata(
                decodeGuestinfoValue(metadata, guestinfo["guestinfo.metadata.encoding"]),
              );
        return [
          ["guestinfo.metadata (decoded)", decoded],
          ["guestinfo keys", guestinfoKeySummary(guestinfo)],
        ];
      },
    ],
    ["vapp", () => [["vApp properties", readableVapp(vappProperties(spec, docs))]]],
  ];
  for (const [format, render] of transports) {
    const rendered = transportDocuments(render);
    if (Array.isArray(rendered)) documents.push(...rendered, refusal(format, undefined));
    else documents.push(refusal(format, rendered.refused));
  }
  return documents;
}

/**
 * The names of both sides' documents in one order: the new side's, each name only the old side has
 * placed after the names it follows there (a transport refused, or a file gone, on the new side).
 */
export function mergedDocumentNames(oldNames: readonly string[], newNames: readonly string[]): string[] {
  const inNew = new Set(newNames);
  const inOld = new Set(oldNames);
  const names: string[] = [];
  let i = 0;
  const flushOldUntil = (stop: number) => {
    for (; i < stop; i++) if (!inNew.has(oldNames[i] as string)) names.push(oldNames[i] as string);
  };
  for (const name of newNames) {
    if (inOld.has(name)) {
      const at = oldNames.indexOf(name, i);
      if (at >= 0) {
        flushOldUntil(at);
        i = at + 1;
      }
    }
    names.push(name);
  }
  flushOldUntil(oldNames.length);
  return names;
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
