/**
 * VMware guestinfo (VM advanced settings / extraConfig) for cloud-init's DataSourceVMware (21.3+):
 * `guestinfo.metadata`, `guestinfo.userdata`, `guestinfo.vendordata`, each with `<key>.encoding`.
 *
 * metadata is JSON with `instance-id`, `local-hostname`, `public-keys-data`, `redact` and the delivered
 * network config (v2, or v1 where cloud-init would bind a v2 route wrongly: network-delivery.ts) as the
 * mapping `network` (DataSourceVMware's `process_metadata` takes a mapping as the
 * network config as it is; an encoded string would need `network.encoding` and a second decoding, and
 * gzip inside the gzipped metadata compresses badly). v2 is what 22.4 and netplan images render best.
 *
 * Each value is encoded `gzip+base64` by default, or `base64` when that is smaller (`auto`), and must fit
 * VMware's 64 KiB per-value ceiling after encoding; a value that does not fit even as gzip+base64 is
 * rejected with a `GuestinfoSizeError` naming the key and its size.
 */
import { gzipSync } from "../util/zlib";
import { presortedJson } from "../util/serialize";
import { encodeUserData } from "./mime";
import { deliveredNetworkConfig } from "./network-delivery";
import { sortedNetworkDocument } from "./network-yaml";
import type { RenderedDocuments } from "./types";
import type { BootstrapSpec } from "../spec/types";
import { atLeast, GUESTINFO_SINCE, targetCloudInit, targetWords } from "../spec/cloud-init-version";
import { remedyProblem, type SpecProblem } from "../core/problems";
import { libraryWording, wordRemedy, type Remedy, type Wording } from "../core/remedy";

export { GUESTINFO_SINCE } from "../spec/cloud-init-version";

/** Encoding of guestinfo values (`guestinfo.*.encoding`). */
export enum GuestinfoEncoding {
  /** gzip+base64, or base64 when that is smaller. */
  Auto = "auto",
  GzipBase64 = "gzip+base64",
  Base64 = "base64",
}

/**
 * Default ceiling of one encoded guestinfo value, in bytes (64 KiB). Conservative, not a proven hard
 * limit: open-vm-tools caps only guest->host messages at 64 KiB (`GUESTMSG_MAX_IN_SIZE`,
 * lib/include/guest_msg_def.h:105-109), and the `info-get` request is small; its reply (host->guest)
 * is received into a buffer grown to the announced size (lib/message/message.c:395-408). The VMX side
 * is closed source. Raise it per render with `valueLimit` (docs/vsphere.md).
 */
export const GUESTINFO_VALUE_LIMIT = 65536;

export interface GuestinfoOptions {
  /** Ask cloud-init to blank `guestinfo.userdata` after reading it (`redact`). Default true. */
  redactUserData?: boolean;
  /** How values are encoded. Default `auto`. */
  encoding?: GuestinfoEncoding;
  /** The keys metadata `redact` lists; overrides `redactUserData` when given. */
  redactKeys?: readonly ("userdata" | "vendordata")[];
  /** Largest encoded value in bytes. Default `GUESTINFO_VALUE_LIMIT`. */
  valueLimit?: number;
}

/** One value over the per-value ceiling. */
export interface GuestinfoSizeProblem {
  key: string;
  /** Bytes after encoding. */
  size: number;
  limit: number;
}

/** A value over the ceiling as a problem: what to shrink, or where the documents fit instead. */
export function guestinfoSizeRemedy(p: GuestinfoSizeProblem): Remedy {
  return {
    fact: `${p.key} would be ${p.size} bytes after gzip+base64, over the ${p.limit}-byte guestinfo value limit`,
    ways: [
      { kind: "text", text: "shrink the spec (download large files in runcmd)" },
      { kind: "guestinfoLimit" },
      { kind: "carrier", carriers: ["nocloud"] },
    ],
  };
}

/** Thrown when a guestinfo value cannot fit the per-value ceiling even as gzip+base64. */
export class GuestinfoSizeError extends Error {
  constructor(readonly problems: readonly GuestinfoSizeProblem[]) {
    super(problems.map((p) => wordRemedy(guestinfoSizeRemedy(p), libraryWording)).join("\n"));
    this.name = "GuestinfoSizeError";
  }

  /** Each value over the ceiling as a problem at `path`, its ways out in a front end's `wording`. */
  specProblems(path: string, wording: Wording): SpecProblem[] {
    return this.problems.map((p) => remedyProblem(path, guestinfoSizeRemedy(p), wording));
  }
}

/**
 * Why a guest of `spec`'s target cloud-init would not read the guestinfo keys, with the ways out, or
 * undefined when it would: it has no VMware datasource before `GUESTINFO_SINCE`, unless the template has
 * the bootstrapped-vm seeder (`seeder`).
 */
export function guestinfoUnreadRemedy(
  spec: Pick<BootstrapSpec, "cloudInit">,
  seeder: boolean | undefined,
): Remedy | undefined {
  if (seeder === true || atLeast(targetCloudInit(spec), GUESTINFO_SINCE)) return undefined;
  return {
    fact:
      `cloud-init reads the guestinfo keys with its VMware datasource (DataSourceVMware), new in ` +
      `${GUESTINFO_SINCE}, but ${targetWords(spec.cloudInit?.minVersion)}: the guest would not read them`,
    ways: [
      { kind: "seeder" },
      { kind: "carrier", carriers: ["nocloud"] },
      { kind: "targetCloudInit", version: GUESTINFO_SINCE },
    ],
  };
}

/** Values of `map` larger than the per-value ceiling (sizes in bytes, as the VMX stores them). */
export function checkGuestinfoSizes(
  map: Readonly<Record<string, string>>,
  limit = GUESTINFO_VALUE_LIMIT,
): GuestinfoSizeProblem[] {
  return Object.keys(map)
    .sort()
    .map((key) => ({ key, size: Buffer.byteLength(map[key] ?? "", "utf8"), limit }))
    .filter((p) => p.size > limit);
}

interface Encoded {
  value: string;
  encoding: GuestinfoEncoding.GzipBase64 | GuestinfoEncoding.Base64;
}

/** Encodes bytes as asked; an explicit `base64` that would not fit falls back to gzip+base64. */
function encodeValue(
  data: Buffer,
  encoding: GuestinfoEncoding,
  limit: number,
  alreadyGzipped = false,
): Encoded {
  const gz: Encoded = {
    value: (alreadyGzipped ? data : gzipSync(data)).toString("base64"),
    encoding: GuestinfoEncoding.GzipBase64,
  };
  if (alreadyGzipped) return gz;
  const b64: Encoded = { value: data.toString("base64"), encoding: GuestinfoEncoding.Base64 };
  if (encoding === GuestinfoEncoding.GzipBase64) return gz;
  if (encoding === GuestinfoEncoding.Base64) return b64.value.length <= limit ? b64 : gz;
  return b64.value.length < gz.value.length ? b64 : gz;
}

/**
 * The metadata document: JSON, sorted keys. Built in sorted key order with the network document sorted
 * once per rendered network (shared with its YAML), so it is written without another sorted copy
 * (`presortedJson`; test/render/presorted-json.test.ts compares it with `stableJson`).
 */
function metadataDocument(docs: RenderedDocuments, redact: string[]): string {
  const md: Record<string, unknown> = {
    "instance-id": docs.instanceId,
    "local-hostname": docs.hostname,
  };
  if (docs.network !== undefined)
    md.network = sortedNetworkDocument(deliveredNetworkConfig(docs.network).document);
  if (docs.publicKeys.length > 0) md["public-keys-data"] = docs.publicKeys.join("\n");
  if (redact.length > 0) md.redact = redact;
  return presortedJson(md);
}

/**
 * Renders the guestinfo keys (`guestinfo.metadata`, `guestinfo.userdata`, `guestinfo.vendordata` and
 * their `.encoding`). Throws `GuestinfoSizeError` when a value exceeds 64 KiB even as gzip+base64.
 */
export function renderGuestinfo(
  docs: RenderedDocuments,
  opts: GuestinfoOptions = {},
): Record<string, string> {
  const encoding = opts.encoding ?? GuestinfoEncoding.Auto;
  const redact = [...(opts.redactKeys ?? (opts.redactUserData === false ? [] : ["userdata"]))];
  const limit = opts.valueLimit ?? GUESTINFO_VALUE_LIMIT;
  const out: Record<string, string> = {};
  const put = (key: string, encoded: Encoded): void => {
    out[`guestinfo.${key}`] = encoded.value;
    out[`guestinfo.${key}.encoding`] = encoded.encoding;
  };
  put("metadata", encodeValue(Buffer.from(metadataDocument(docs, redact), "utf8"), encoding, limit));
  // user-data the spec asked to compress is gzipped already: only base64 is added on top.
  put("userdata", encodeValue(encodeUserData(docs), encoding, limit, docs.compressUserData));
  if (docs.vendorData !== undefined)
    put("vendordata", encodeValue(Buffer.from(docs.vendorData, "utf8"), encoding, limit));

  const problems = checkGuestinfoSizes(out, limit);
  if (problems.length > 0) throw new GuestinfoSizeError(problems);
  return out;
}
