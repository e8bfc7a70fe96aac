import { sha256 } from "@noble/hashes/sha2";
import { nodeCrypto } from "./builtins";

/**
 * How many SHA-256 digests a process computes in JavaScript (@noble/hashes: audited, no dependencies)
 * before it loads `node:crypto`. A command
 * line run hashes a few documents: loading `node:crypto` (which also loads `node:stream`) would cost it
 * more than the hashing (~5-8 ms of a ~100 ms run). A process that hashes more (many specs, a fleet, a
 * Pulumi program) gets the native hash after these. Both give the same digest (tested).
 */
export const JS_SHA256_CALLS = 32;
let jsCalls = 0;

/** Hex SHA-256 of a string (as UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  if (!nodeCrypto.loaded && jsCalls < JS_SHA256_CALLS) {
    jsCalls++;
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    return Buffer.from(sha256(bytes)).toString("hex");
  }
  return nodeCrypto.get().createHash("sha256").update(data).digest("hex");
}

/** HMAC-SHA-256 of `data` under `key`, as raw bytes. */
export function hmacSha256(key: string | Uint8Array, data: string | Uint8Array): Buffer {
  return nodeCrypto.get().createHmac("sha256", key).update(data).digest();
}
