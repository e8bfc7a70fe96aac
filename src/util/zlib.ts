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

/**
 * As much of the gzip member at the start of `data` as inflates: a stream cut short or followed by other
 * bytes gives what precedes the cut, where `gunzipSync` throws. For reading what a stream holds, never for
 * writing a file.
 */
export function gunzipPrefix(data: Zlib.InputType): Buffer {
  const zlib = nodeZlib.get();
  return zlib.gunzipSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
}
