import { createHash } from "node:crypto";

/**
 * `bytes` (rounded up to whole 32-byte blocks) of a SHA-256 chain from "seed": deterministic bytes that
 * look random, which gzip cannot shrink.
 */
export function sha256Chain(bytes: number): Buffer {
  const chunks: Buffer[] = [];
  let block = Buffer.from("seed");
  for (let n = 0; n < bytes; n += 32) {
    block = createHash("sha256").update(block).digest();
    chunks.push(block);
  }
  return Buffer.concat(chunks);
}
