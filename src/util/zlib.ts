/**
 * gzip and gunzip, each library loaded on first use: most runs never compress.
 *
 * gzip is pako's (a JavaScript port of zlib, pinned to one version in package.json), never node:zlib's:
 * the bytes node:zlib writes depend on the machine and the Node release that runs `pulumi up`. The
 * header's OS byte is 0x13 on macOS and 0x0a or 0x0b on Windows against 0x03 on Linux
 * (nodejs/node#48690, nodejs/node#18273, vbenjs/vite-plugin-compression#38; Node's deps/zlib/zutil.h
 * `OS_CODE`), and Node 20.10 changed the deflate stream itself on Windows (sindresorhus/eslint-plugin-unicorn
 * PR #2233): Node takes Chromium's zlib, which changes with it. Every gzip+base64 guestinfo value, and a
 * seed image holding gzipped user-data, would then differ with the machine: a diff on the VM in
 * `pulumi preview` (the vSphere provider reboots a VM for a changed extraConfig unless told otherwise) or a
 * new seed image. pako gives the same bytes everywhere: OS byte 3, mtime 0, no name. On Linux x64 with
 * Node 22's zlib they are node:zlib's bytes exactly (test/util/zlib.test.ts), so no value written there
 * before changes.
 *
 * gunzip stays node:zlib's: decompressing has one right answer.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- pako is loaded on first use (see above) */
import type * as Pako from "pako";
import type * as Zlib from "node:zlib";
import { nodeZlib, onFirstUse } from "./builtins";

const pako = onFirstUse(() => require("pako") as typeof Pako);

/** pako.gzip's stream at level 9: deflate, a 32 KiB window with a gzip wrapper (15 + 16), memLevel 8. */
const LEVEL = 9;
const DEFLATED = 8;
const GZIP_WINDOW_BITS = 15 + 16;
const MEM_LEVEL = 8;
/** What a kept stream points at between gzips (not the last input or output). */
const NOTHING = new Uint8Array(0);
/** What one `deflate` call may write before the output is taken and the call repeated. */
const OUTPUT_CHUNK = 16 * 1024;

/**
 * The parts of pako's deflate state (pako 3.0.3, dist/pako.cjs.js `DeflateState`) that a reset does not
 * clear: the sliding window, the hash chains' links and the pending output. Everything else a reset sets.
 */
interface DeflateBuffers {
  window: Uint8Array;
  prev: Uint16Array;
  pending_buf: Uint8Array;
}

function deflateBuffers(state: unknown): DeflateBuffers | undefined {
  const s = state as Partial<Record<keyof DeflateBuffers, unknown>> | null;
  return s !== null &&
    s.window instanceof Uint8Array &&
    s.prev instanceof Uint16Array &&
    s.pending_buf instanceof Uint8Array
    ? (s as DeflateBuffers)
    : undefined;
}

/**
 * One deflate stream for every gzip of the process, reset between them. A new stream allocates about
 * 260 KB of typed arrays (window, hash table, chains, pending output), which cost more than deflating a
 * guestinfo value (docs/benchmarks.md, render). A reset stream deflates exactly as a new one (the same
 * bytes: test/util/zlib.test.ts) once the buffers a reset keeps are zero again, as a new stream's are:
 * zlib reads up to 258 bytes past the input in its window and would otherwise match stale bytes of the
 * previous input. They are cleared after each gzip, so no input stays in memory.
 */
let kept: { strm: Pako.ZStream; buffers: DeflateBuffers; output: Uint8Array<ArrayBuffer> } | undefined;

/** Lets go of the last input, zeroes what a reset keeps and the output chunk (the input, compressed). */
function clear(strm: Pako.ZStream, buffers: DeflateBuffers, output: Uint8Array): void {
  strm.input = NOTHING;
  strm.output = NOTHING;
  output.fill(0);
  buffers.window.fill(0);
  buffers.prev.fill(0);
  buffers.pending_buf.fill(0);
}

/** The gzip member of `data` (UTF-8 for a string) at level 9: the same bytes on every platform and Node. */
export function gzipSync(data: string | Uint8Array): Buffer {
  const lib = pako.get();
  const input = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let stream = kept;
  kept = undefined;
  if (stream === undefined || lib.zlibDeflateReset(stream.strm) !== lib.Z_OK) {
    const strm = new lib.ZStream();
    const status = lib.zlibDeflateInit2(
      strm,
      LEVEL,
      DEFLATED,
      GZIP_WINDOW_BITS,
      MEM_LEVEL,
      lib.Z_DEFAULT_STRATEGY,
    );
    if (status !== lib.Z_OK) throw new Error(`gzip: deflateInit2 failed (${status})`);
    const buffers = deflateBuffers(strm.state);
    // A pako whose state is laid out otherwise gets a new stream each time, as pako.gzip makes.
    stream = buffers === undefined ? undefined : { strm, buffers, output: new Uint8Array(OUTPUT_CHUNK) };
    if (stream === undefined) return deflateOnce(lib, strm, input, new Uint8Array(OUTPUT_CHUNK));
  }
  const out = deflateOnce(lib, stream.strm, input, stream.output);
  clear(stream.strm, stream.buffers, stream.output);
  kept = stream;
  return out;
}

/** Deflates all of `input` through `strm` with `Z_FINISH`, taking the output `chunk` at a time. */
function deflateOnce(
  lib: typeof Pako,
  strm: Pako.ZStream,
  input: Uint8Array,
  chunk: Uint8Array<ArrayBuffer>,
): Buffer {
  strm.input = input;
  strm.next_in = 0;
  strm.avail_in = input.length;
  const parts: Buffer[] = [];
  for (;;) {
    strm.output = chunk;
    strm.next_out = 0;
    strm.avail_out = chunk.length;
    const status = lib.zlibDeflate(strm, lib.Z_FINISH);
    if (status !== lib.Z_OK && status !== lib.Z_STREAM_END)
      throw new Error(`gzip: deflate failed (${status})`);
    parts.push(Buffer.from(chunk.subarray(0, strm.next_out)));
    if (status === lib.Z_STREAM_END) return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }
}

export function gunzipSync(data: Zlib.InputType): Buffer {
  return nodeZlib.get().gunzipSync(data);
}

/** The gzip header's flag bits (RFC 1952, 2.3.1). */
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;

/**
 * Where the deflate data of the gzip member at the start of `data` begins (RFC 1952, 2.3: the 10 fixed
 * bytes, then the optional extra field, name, comment and header CRC its flags announce), or undefined
 * when `data` does not start with a gzip header of deflate (CM 8) or is cut inside the header.
 */
function deflateStart(data: Buffer): number | undefined {
  if (data.length < 10 || data[0] !== 0x1f || data[1] !== 0x8b || data[2] !== 8) return undefined;
  const flags = data[3] as number;
  let at = 10;
  if (flags & FEXTRA) {
    if (at + 2 > data.length) return undefined;
    at += 2 + data.readUInt16LE(at);
  }
  for (const field of [FNAME, FCOMMENT]) {
    if (!(flags & field)) continue;
    const end = data.indexOf(0, at);
    if (end < 0) return undefined;
    at = end + 1;
  }
  if (flags & FHCRC) at += 2;
  return at <= data.length ? at : undefined;
}

/**
 * As much of the gzip member at the start of `data` as inflates: a stream cut short gives what precedes the
 * cut, and whatever follows the member (its trailer, another member, other bytes) is ignored. node:zlib's
 * gunzip (and pako's) takes bytes after a member for the next member and throws ("incorrect header
 * check") when they are not one, losing the member: so the header is read here and its deflate data
 * inflated raw, which stops at the end of the deflate stream. Throws when `data` is not gzip. For reading
 * what a stream holds, never for writing a file.
 */
export function gunzipPrefix(data: Uint8Array): Buffer {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const start = deflateStart(bytes);
  if (start === undefined) throw new Error("not a gzip member");
  const zlib = nodeZlib.get();
  return zlib.inflateRawSync(bytes.subarray(start), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
}
