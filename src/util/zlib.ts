/**
 * gzip and gunzip with `node:zlib` loaded on first use. Most runs never compress, and loading the module
 * (and `node:stream`, which it loads) costs the command line several milliseconds of start-up.
 */
import type * as Zlib from "node:zlib";

let zlib: typeof Zlib | undefined;

function loadZlib(): typeof Zlib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
  zlib ??= require("node:zlib") as typeof Zlib;
  return zlib;
}

export function gzipSync(data: Zlib.InputType, options?: Zlib.ZlibOptions): Buffer {
  return loadZlib().gzipSync(data, options);
}

export function gunzipSync(data: Zlib.InputType): Buffer {
  return loadZlib().gunzipSync(data);
}
