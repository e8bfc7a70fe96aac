/**
 * `gunzipPrefix` reads the first gzip member as far as it inflates, ignoring what follows it: checked
 * against Python's zlib (`decompressobj(wbits=31)`, an independent reader that stops at the member's end and
 * keeps the rest as `unused_data`) over members with every optional header field, followed by other
 * bytes or another member, and cut at every length. node:zlib's gunzip throws on bytes after a member
 * that are not another member ("incorrect header check"), which hid a gzip+base64 private key followed by
 * `EOF` in a heredoc from the secret detection (test/render/private-key.test.ts).
 */
import { spawnSync } from "node:child_process";
import { crc32, deflateRawSync } from "node:zlib";
import { gunzipPrefix } from "../../src/util/zlib";
import { textHoldsPrivateKey } from "../../src/render/private-key";
import { gzipSync } from "../../src/util/zlib";
import { KEY } from "../render/private-key-fixtures";

const PYTHON = "/usr/bin/python3";
const CONTENT = Buffer.from(`${KEY}${"some text after the key, repeated. ".repeat(40)}`);

/** A gzip member of CONTENT with the header fields `flags` announces (RFC 1952, 2.3). */
function member(flags: number): Buffer {
  const header: Buffer[] = [Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 2, 3])];
  if (flags & 0x04) header.push(Buffer.from([5, 0]), Buffer.from("extra"));
  if (flags & 0x08) header.push(Buffer.from("name.txt\0"));
  if (flags & 0x10) header.push(Buffer.from("a comment\0"));
  if (flags & 0x02) {
    // The header CRC: the low 16 bits of the CRC-32 of the header before it.
    const crc = Buffer.alloc(2);
    crc.writeUInt16LE(crc32(Buffer.concat(header)) & 0xffff, 0);
    header.push(crc);
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(CONTENT), 0);
  trailer.writeUInt32LE(CONTENT.length, 4);
  return Buffer.concat([...header, deflateRawSync(CONTENT), trailer]);
}

/** What Python's zlib inflates of each input's first gzip member (hex), or null where it refuses it. */
function pythonReads(inputs: Buffer[]): (string | null)[] {
  const script = [
    "import json, sys, zlib",
    "out = []",
    "for h in json.load(sys.stdin):",
    "    d = zlib.decompressobj(31)",
    "    try:",
    "        out.append((d.decompress(bytes.fromhex(h)) + d.flush(zlib.Z_SYNC_FLUSH)).hex())",
    "    except zlib.error:",
    "        out.append(None)",
    "print(json.dumps(out))",
  ].join("\n");
  const r = spawnSync(PYTHON, ["-c", script], {
    input: JSON.stringify(inputs.map((b) => b.toString("hex"))),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as (string | null)[];
}

function ours(input: Buffer): string | null {
  try {
    return gunzipPrefix(input).toString("hex");
  } catch {
    return null;
  }
}

describe("gunzipPrefix", () => {
  const members = [0, 0x02, 0x04, 0x08, 0x10, 0x1e].map(member);

  it("reads a member with any header fields, followed by nothing, other bytes or another member, as Python's zlib does", () => {
    const followers = [
      Buffer.alloc(0),
      Buffer.from([0x10, 0xe1]), // what base64 makes of a heredoc's closing "EOF"
      Buffer.from("\nEOF\n"),
      Buffer.from([0x1f, 0x8b]),
      Buffer.from([0, 0, 0]),
      gzipSync("a second member"),
    ];
    const inputs = members.flatMap((m) => followers.map((f) => Buffer.concat([m, f])));
    const expected = pythonReads(inputs);
    expect(expected.every((e) => e === CONTENT.toString("hex"))).toBe(true);
    expect(inputs.map(ours)).toEqual(expected);
  });

  it("reads a member cut at any length as far as it inflates, as Python's zlib does", () => {
    const whole = members[5] as Buffer;
    const inputs = Array.from({ length: whole.length }, (_, n) => whole.subarray(0, n + 1));
    const expected = pythonReads(inputs);
    const read = inputs.map(ours);
    // Cut inside the header (input i has i + 1 bytes): Python reads nothing (""), ours refuses; from the
    // whole header on, the same.
    const headerEnd = whole.indexOf("a comment\0") + "a comment\0".length + 2;
    expect(read.slice(headerEnd - 1)).toEqual(expected.slice(headerEnd - 1));
    expect(read.slice(0, headerEnd - 1).every((r) => r === null)).toBe(true);
    expect(expected.slice(0, headerEnd - 1).every((e) => e === "")).toBe(true);
    expect(expected[whole.length - 1]).toBe(CONTENT.toString("hex"));
  });

  it("refuses what is not gzip", () => {
    expect(ours(Buffer.from("plain text, no gzip header"))).toBeNull();
    expect(ours(Buffer.from([0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 3]))).toBeNull(); // not deflate
  });
});

describe("a gzip+base64 private key in a heredoc", () => {
  // base64 without padding (a member whose length is a multiple of 3) runs on into the heredoc's `EOF`, which
  // decodes to two bytes after the member: the key was not found, and the documents not made secret.
  it("is found whatever follows the base64", () => {
    const padded = (n: number) => gzipSync(`${KEY}${"#".repeat(n)}`);
    const unpadded = [0, 1, 2].map(padded).find((gz) => gz.length % 3 === 0) as Buffer;
    const b64 = unpadded.toString("base64");
    expect(b64.endsWith("=")).toBe(false);
    expect(textHoldsPrivateKey(`base64 -d <<EOF | gunzip > /k\n${b64}\nEOF`)).toBe(true);
    expect(textHoldsPrivateKey(`echo ${b64}EOF | base64 -d | gunzip > /k`)).toBe(true);
  });
});
