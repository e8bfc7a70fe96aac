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

/** The gzip member of `data` (UTF-8 for a string) at level 9: the same bytes on every platform and Node. */
export function gzipSync(data: string | Uint8Array): Buffer {
  const gz = pako.get().gzip(typeof data === "string" ? Buffer.from(data, "utf8") : data, { level: 9 });
  return Buffer.from(gz.buffer, gz.byteOffset, gz.byteLength);
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
