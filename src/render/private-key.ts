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
/**
 * Where base64 that may hold a key starts: a token of at least 36 characters (the shortest header, 27
 * bytes). Found by its first 36 characters and followed to its end by `base64End`: `{36,}` kept a backtrack
 * entry for each character and overflowed the stack on a token of about 20 MB.
 */
const TOKEN_START = /[A-Za-z0-9+/]{36}/g;
/** JavaScript's whitespace (`\s`), which may separate the tokens of a run (wrapped lines). */
const SPACE = /\s/;
/**
 * How much of a run is decoded to look for a key header: a header is at the start of what it encodes, and
 * gzip inflates a stream's start from its first bytes. Bounds the work on a long run with many tokens.
 */
const WINDOW = 4096;

/** What every key header starts with: bytes without it are not searched with `KEY_HEADER`. */
const HEADER_START = "-----BEGIN ";

/** Whether these bytes, or their gunzip when they are gzip, hold a key header. */
function bytesHoldKey(bytes: Buffer): boolean {
  if (bytes.includes(HEADER_START) && KEY_HEADER.test(bytes.toString("latin1"))) return true;
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return false;
  try {
    return KEY_HEADER.test(gunzipPrefix(bytes).toString("latin1"));
  } catch {
    return false;
  }
}

/** Whether the UTF-16 code `c` is a base64 character (`A-Z`, `a-z`, `0-9`, `+`, `/`). */
function isBase64(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/** Where the base64 characters of `text` that start at `from` end. */
function base64End(text: string, from: number): number {
  let i = from;
  while (i < text.length && isBase64(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Where the run of base64 that starts at `start` ends: tokens separated by whitespace (wrapped lines), then
 * up to two `=` of padding; or `start + limit` when the run goes on at least that far. The limit bounds the
 * work of a start that is not a key (each line of a wrapped run is one, and the run was read to its end for
 * each: 770 KB of base64 in 76-character lines took 4.5 s, 3 MB 86 s).
 */
function runEnd(text: string, start: number, limit = Infinity): number {
  const stop = Math.min(text.length, start + limit);
  let end = base64End(text, start);
  for (;;) {
    if (end >= stop) return stop;
    let next = end;
    while (next < stop && SPACE.test(text.charAt(next))) next++;
    if (next >= stop && next > end) return stop;
    if (next === end || !isBase64(text.charCodeAt(next))) break;
    end = base64End(text, next);
  }
  let padded = end;
  while (padded < end + 2 && text.charCodeAt(padded) === 61) padded++;
  return Math.min(padded, stop);
}

/**
 * Whether the UTF-16 code `c` is ASCII whitespace (tab, line feed, vertical tab, form feed, carriage
 * return, space), which Node's base64 decoder skips: a run holding only these between its tokens shares
 * its decodings between its starts.
 */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * The count of base64 characters in `text` from `from` to the position it is given, which only moves
 * forward from call to call: each character is looked at once.
 */
function base64Counter(text: string, from: number): (to: number) => number {
  let at = from;
  let count = 0;
  return (to) => {
    for (; at < to; at++) if (isBase64(text.charCodeAt(at))) count++;
    return count;
  };
}

/**
 * One run of base64 (tokens separated by whitespace, then padding) and the bytes it decodes to, shared
 * by the starts in it. A wrapped run has a start on each line, and each start's window (`WINDOW`
 * characters of the run) used to be decoded on its own: 53 times each byte for 76-character lines
 * (20 MB took 21 s). A start whose count of base64 characters from an earlier start is a multiple of 4
 * decodes to that start's bytes from 3/4 of the count on, so the run is decoded once for each of the
 * four remainders and a window is a slice of those bytes. A run holding other whitespace (`\s` also
 * takes Unicode's spaces, which the decoder may not skip) decodes each window on its own, as before.
 */
class Base64Run {
  /** Where the run ends: `runEnd(text, first)`, the same from each start in it. */
  readonly stop: number;
  /** Whether the run's whitespace is ASCII's (looked at when a window is first taken from a decoding). */
  private shared: boolean | undefined;
  /**
   * For each remainder of the count mod 4: the first start with it and its count, and once a second start
   * has it, the bytes the run decodes to from the first on.
   */
  private readonly decodings: ({ start: number; count: number; bytes?: Buffer } | undefined)[] = [];
  /** Base64 characters from the first start to a start, and to a window's end (both move only forward). */
  private readonly countToStart: (to: number) => number;
  private readonly countToWindowEnd: (to: number) => number;

  constructor(
    private readonly text: string,
    private readonly first: number,
  ) {
    this.stop = runEnd(text, first);
    this.countToStart = base64Counter(text, first);
    this.countToWindowEnd = base64Counter(text, first);
  }

  /** Whether every character of the run is base64, `=` or ASCII whitespace. */
  private isShared(): boolean {
    if (this.shared === undefined) {
      this.shared = true;
      for (let i = this.first; i < this.stop && this.shared; i++) {
        const c = this.text.charCodeAt(i);
        if (!isBase64(c) && c !== 61 && !isAsciiSpace(c)) this.shared = false;
      }
    }
    return this.shared;
  }

  /**
   * The bytes `start`'s window decodes to: `Buffer.from(text.slice(start, runEnd(text, start, WINDOW)),
   * "base64")`. The window ends at `start + WINDOW` or at the run's end; where one of the two stops in
   * whitespace the other does not hold, the difference is whitespace, which decodes to nothing.
   */
  windowBytes(start: number): Buffer {
    const own = () => Buffer.from(this.text.slice(start, runEnd(this.text, start, WINDOW)), "base64");
    const count = this.countToStart(start);
    const inWindow = this.countToWindowEnd(Math.min(start + WINDOW, this.stop)) - count;
    const remainder = count % 4;
    const decoding = this.decodings[remainder];
    if (decoding === undefined) {
      this.decodings[remainder] = { start, count };
      return own();
    }
    if (!this.isShared()) return own();
    decoding.bytes ??= Buffer.from(this.text.slice(decoding.start, this.stop), "base64");
    const offset = ((count - decoding.count) / 4) * 3;
    return decoding.bytes.subarray(offset, offset + Math.floor((inWindow * 3) / 4));
  }
}

/**
 * The spans `[start, end)` of `text` that are base64 of a private key (directly or through gzip): each
 * starts at a long token (so an unrelated token before it on the line does not shift the decoding) and
 * runs over the lines that follow it. Decoding stops at padding, and what follows a gzip stream or cuts it
 * short is ignored (`gunzipPrefix`), so a word the run takes in after the key (`EOF`) does not hide it.
 * Linear in the length of `text`: runs do not overlap, each is walked to its end once and decoded at most
 * four times (`Base64Run`), and each start looks at most at `WINDOW` characters' bytes of its run.
 */
function encodedKeySpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const starts = new RegExp(TOKEN_START.source, "g");
  let run: Base64Run | undefined;
  for (let token = starts.exec(text); token !== null; token = starts.exec(text)) {
    const start = token.index;
    starts.lastIndex = base64End(text, start);
    if (run === undefined || start >= run.stop) run = new Base64Run(text, start);
    if (bytesHoldKey(run.windowBytes(start))) {
      spans.push([start, run.stop]);
      starts.lastIndex = Math.max(starts.lastIndex, run.stop);
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
