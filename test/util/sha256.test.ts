/**
 * `sha256Hex` (src/util/hash.ts): the JavaScript SHA-256 of @noble/hashes for a process's first digests,
 * then `node:crypto`; both against the standard's examples and each other.
 */
import { createHash } from "node:crypto";
import { sha256 } from "@noble/hashes/sha2";
import { JS_SHA256_CALLS, sha256Hex } from "../../src/util/hash";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const native = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** Deterministic pseudo-random bytes (xorshift32). */
function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe("the JavaScript SHA-256 the command line uses before it loads node:crypto", () => {
  it("gives the digests of FIPS 180-2 appendix B (one block, two blocks) and of the empty message", () => {
    const ascii = (s: string) => Buffer.from(s, "latin1");
    expect(hex(sha256(ascii("abc")))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(hex(sha256(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(hex(sha256(new Uint8Array(0)))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });

  it("matches node:crypto for every length around the block and padding boundaries, and for large inputs", () => {
    for (let length = 0; length <= 260; length++) {
      const data = bytes(length, length + 1);
      expect([length, hex(sha256(data))]).toEqual([length, native(data)]);
    }
    for (const length of [1000, 4095, 65536, 1_000_003]) {
      const data = bytes(length, length);
      expect([length, hex(sha256(data))]).toEqual([length, native(data)]);
    }
  });
});

describe("sha256Hex", () => {
  it("gives node:crypto's digest before and after it switches to node:crypto", () => {
    const inputs: (string | Uint8Array)[] = [];
    for (let i = 0; i < JS_SHA256_CALLS + 8; i++) {
      inputs.push(i % 2 === 0 ? `document ${i} \u00e9\u{1f600}\n`.repeat(i) : bytes(i * 37, i + 7));
    }
    expect(inputs.map(sha256Hex)).toEqual(inputs.map(native));
  });
});
