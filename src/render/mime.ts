/**
 * MIME multipart/mixed user-data. The boundary is derived from a hash of the parts (same parts, same
 * bytes) and checked not to occur in any of them. Cloud-config parts carry
 * `Merge-Type: list(append)+dict(recurse_array)+str()` so that they add up instead of replacing each
 * other (cloud-init's default merge replaces lists). ASCII parts travel as 7bit, others as base64.
 */
import { gzipSync } from "../util/zlib";
import { sha256Hex } from "../util/hash";
import type { RenderedDocuments } from "./types";

/** The merge rule put on cloud-config parts: lists append, mappings merge, strings stay. */
export const MERGE_TYPE = "list(append)+dict(recurse_array)+str()";

export interface UserDataPart {
  /** MIME content type, e.g. `text/cloud-config`. */
  contentType: string;
  /** `Content-Disposition` file name. */
  filename: string;
  /** The part's text. */
  content: string;
  /** Add the `Merge-Type` header (cloud-config and jinja parts). */
  merge: boolean;
}

/**
 * Whether a part can travel as 7bit text and come out byte for byte: 7-bit characters only, no NUL or
 * CR (parsers normalize line ends), at most 998 characters per line (RFC 5322). Others travel as base64.
 */
function fitsSevenBit(content: string): boolean {
  if (!/^[\x01-\x0c\x0e-\x7f]*$/.test(content)) return false;
  for (let start = 0; start < content.length;) {
    const end = content.indexOf("\n", start);
    const lineEnd = end === -1 ? content.length : end;
    if (lineEnd - start > 998) return false;
    start = lineEnd + 1;
  }
  return true;
}

function base64Lines(content: string): string {
  const encoded = Buffer.from(content, "utf8").toString("base64");
  return (encoded.match(/.{1,76}/g) ?? []).join("\n");
}

function renderPart(part: UserDataPart): string {
  const sevenBit = fitsSevenBit(part.content);
  const headers = [
    `Content-Type: ${part.contentType}; charset="utf-8"`,
    "MIME-Version: 1.0",
    `Content-Transfer-Encoding: ${sevenBit ? "7bit" : "base64"}`,
    `Content-Disposition: attachment; filename="${part.filename}"`,
  ];
  if (part.merge) headers.push(`Merge-Type: ${MERGE_TYPE}`);
  const body = sevenBit ? part.content : base64Lines(part.content);
  // No final line break here: the one before the next boundary belongs to the boundary (RFC 2046).
  return `${headers.join("\n")}\n\n${body}`;
}

/** The boundary for `parts`: a hash of their content, extended until it occurs in none of them. */
export function mimeBoundary(parts: readonly UserDataPart[]): string {
  const digest = sha256Hex(JSON.stringify(parts.map((p) => [p.contentType, p.filename, p.content, p.merge])));
  for (let round = 0; ; round++) {
    const boundary = `==BOOTSTRAPPED-VM-${round === 0 ? digest.slice(0, 32) : sha256Hex(`${digest}:${round}`).slice(0, 32)}==`;
    if (!parts.some((p) => p.content.includes(boundary) || p.filename.includes(boundary))) return boundary;
  }
}

/**
 * Whether cloud-init would read `text` as a MIME message: `user_data.convert_string` (cloud-init 22.4,
 * cloudinit/user_data.py) looks for `mime-version:` in the first 4096 bytes, lowercased. A cloud-config
 * document holding that text in a value would then be parsed as mail headers and dropped as text/plain.
 */
export function readAsMime(text: string): boolean {
  return Buffer.from(text, "utf8")
    .subarray(0, 4096)
    .toString("latin1")
    .toLowerCase()
    .includes("mime-version:");
}

/** Renders `parts` as one MIME multipart/mixed document. */
export function renderMultipart(parts: readonly UserDataPart[]): string {
  const boundary = mimeBoundary(parts);
  const lines = [`Content-Type: multipart/mixed; boundary="${boundary}"`, "MIME-Version: 1.0", ""];
  for (const part of parts) lines.push(`--${boundary}`, renderPart(part));
  lines.push(`--${boundary}--`, "");
  return lines.join("\n");
}

/**
 * The user-data bytes a transport carries: gzip (deterministic: no name, mtime 0) when the spec asks
 * for compression, else the UTF-8 text.
 */
export function encodeUserData(docs: Pick<RenderedDocuments, "userData" | "compressUserData">): Buffer {
  const text = Buffer.from(docs.userData, "utf8");
  return docs.compressUserData ? gzipSync(text) : text;
}
