/**
 * gzip and gunzip with `node:zlib` loaded on first use (builtins.ts): most runs never compress.
 */
import type * as Zlib from "node:zlib";
import { nodeZlib } from "./builtins";

export function gzipSync(data: Zlib.InputType, options?: Zlib.ZlibOptions): Buffer {
  return nodeZlib.get().gzipSync(data, options);
}

export function gunzipSync(data: Zlib.InputType): Buffer {
  return nodeZlib.get().gunzipSync(data);
}
