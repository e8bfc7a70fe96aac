/**
 * Private keys in what a spec gives and the renderer writes: the one notion of "holds a private key" that
 * both `containsSecrets` (secrets.ts) and the review record's redaction (review.ts) use, so the
 * two cannot disagree.
 *
 * A string holds a private key when it holds a PEM or OpenSSH private key block (`-----BEGIN ... PRIVATE
 * KEY-----`, PGP's `PRIVATE KEY BLOCK` too), or base64 that decodes to one, directly or through gzip: a
 * run of base64 of at least 36 characters (the shortest header, 27 bytes), lines wrapped by whitespace
 * included, as `echo <base64> | base64 -d` or a heredoc carries it. A file entry (a spec `files` entry, a
 * cloud-config `write_files` entry: any mapping with a string `content`) holds one when its content does,
 * as written or decoded the way its `encoding` says. The encodings are cloud-init's, as cc_write_files.py
 * `canonicalize_extraction` (22.4.2) reads them, case and surrounding blanks ignored: `gz`, `gzip`;
 * `gz+base64`, `gzip+base64`, `gz+b64`, `gzip+b64`; `b64`, `base64`; anything else is text. The spec's
 * `FileEncoding` values (`text`, `base64`, `gzip+base64`) are among them.
 */
import { gunzipPrefix } from "../util/zlib";

const HEADER = "-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----";
const FOOTER = "-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----";
const KEY_HEADER = new RegExp(HEADER);
/** A key block: header to footer, or to the end of the text when no footer follows. */
const KEY_BLOCK = new RegExp(`${HEADER}[\\s\\S]*?(?:${FOOTER}|$)`, "g");
/** Where base64 that may hold a key starts: a token of at least 36 characters (the shortest header, 27 bytes). */
const LONG_TOKEN = /[A-Za-z0-9+/]{36,}/g;
/** The base64 from a start: tokens separated by whitespace (wrapped lines), then padding. */
const RUN = /[A-Za-z0-9+/]+(?:\s+[A-Za-z0-9+/]+)*={0,2}/y;
/**
 * How much of a run is decoded to look for a key header: a header is at the start of what it encodes, and
 * gzip inflates a stream's start from its first bytes. Bounds the work on a long run with many tokens.
 */
const WINDOW = 4096;

/** Whether these bytes, or their gunzip when they are gzip, hold a key header. */
function bytesHoldKey(bytes: Buffer): boolean {
  if (KEY_HEADER.test(bytes.toString("latin1"))) return true;
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return false;
  try {
    return KEY_HEADER.test(gunzipPrefix(bytes).toString("latin1"));
  } catch {
    return false;
  }
}

/**
 * The spans `[start, end)` of `text` that are base64 of a private key (directly or through gzip): each
 * starts at a long token (so an unrelated token before it on the line does not shift the decoding) and
 * runs over the lines that follow it. Decoding stops at padding, and what follows a gzip stream or cuts it
 * short is ignored (`gunzipPrefix`), so a word the run takes in after the key (`EOF`) does not hide it.
 */
function encodedKeySpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let covered = 0;
  for (const token of text.matchAll(LONG_TOKEN)) {
    if (token.index < covered) continue;
    RUN.lastIndex = token.index;
    const run = RUN.exec(text)?.[0] ?? token[0];
    if (bytesHoldKey(Buffer.from(run.slice(0, WINDOW), "base64"))) {
      covered = token.index + run.length;
      spans.push([token.index, covered]);
    }
  }
  return spans;
}

/** Whether `text` holds a private key block, or base64 of one (see the module comment). */
export function textHoldsPrivateKey(text: string): boolean {
  return KEY_HEADER.test(text) || encodedKeySpans(text).length > 0;
}

/** The steps cloud-init takes to decode `content` with this `encoding` (cc_write_files.py). */
function extractions(encoding: unknown): ("base64" | "gzip")[] {
  const name = typeof encoding === "string" ? encoding.toLowerCase().trim() : "";
  if (name === "gz" || name === "gzip") return ["gzip"];
  if (["gz+base64", "gzip+base64", "gz+b64", "gzip+b64"].includes(name)) return ["base64", "gzip"];
  if (name === "b64" || name === "base64") return ["base64"];
  return [];
}

/** Whether a file's `content`, decoded as `encoding` says, holds a private key. */
export function contentHoldsPrivateKey(content: string, encoding: unknown): boolean {
  if (textHoldsPrivateKey(content)) return true;
  const steps = extractions(encoding);
  if (steps.length === 0) return false;
  // cloud-init encodes the text as UTF-8 first, then decodes; gzip is read as far as it inflates.
  let bytes: Buffer = Buffer.from(content, "utf8");
  try {
    for (const step of steps) {
      bytes = step === "base64" ? Buffer.from(bytes.toString("latin1"), "base64") : gunzipPrefix(bytes);
    }
  } catch {
    return false;
  }
  return KEY_HEADER.test(bytes.toString("latin1"));
}

/** Whether this mapping is a file entry (string `content`) whose content holds a private key. */
export function fileHoldsPrivateKey(file: unknown): boolean {
  if (file === null || typeof file !== "object" || Array.isArray(file)) return false;
  const { content, encoding } = file as Record<string, unknown>;
  return typeof content === "string" && contentHoldsPrivateKey(content, encoding);
}

/** Whether any string in `value` (deeply, mapping keys too) holds a private key, or any file entry in it does. */
export function holdsPrivateKey(value: unknown): boolean {
  if (typeof value === "string") return textHoldsPrivateKey(value);
  if (Array.isArray(value)) return value.some(holdsPrivateKey);
  if (value === null || typeof value !== "object") return false;
  if (fileHoldsPrivateKey(value)) return true;
  return Object.entries(value).some(([k, v]) => textHoldsPrivateKey(k) || holdsPrivateKey(v));
}

/**
 * `text` with every private key block, and all base64 that decodes to a key, replaced by `replacement` (or
 * by what it returns for the text it replaces); the rest as it was. The result holds no private key
 * (`textHoldsPrivateKey` is false for it) unless a replacement function returns one.
 */
export function redactPrivateKeys(text: string, replacement: string | ((key: string) => string)): string {
  if (!textHoldsPrivateKey(text)) return text;
  const replace = typeof replacement === "string" ? () => replacement : replacement;
  const blocksOut = text.replace(KEY_BLOCK, (block) => replace(block));
  let out = "";
  let at = 0;
  for (const [start, end] of encodedKeySpans(blocksOut)) {
    out += blocksOut.slice(at, start) + replace(blocksOut.slice(start, end));
    at = end;
  }
  return out + blocksOut.slice(at);
}
