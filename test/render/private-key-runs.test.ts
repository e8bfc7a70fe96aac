/**
 * Base64 runs in private-key.ts: a wrapped run's starts share its decodings (`Base64Run`), and the result
 * must be what decoding each start's window on its own gives. The reference below is that definition,
 * written independently with regular expressions (fine on these short texts): each token of at least 36
 * base64 characters starts a window of at most `WINDOW` characters of its run (tokens separated by
 * whitespace, then up to two `=`, or the whitespace to the end of the text); the window holds a key when
 * its bytes, or their gunzip, hold a header.
 */
import fc from "fast-check";
import { redactPrivateKeys, textHoldsPrivateKey } from "../../src/render/private-key";
import { gunzipPrefix, gzipSync } from "../../src/util/zlib";
import { KEY } from "./private-key-fixtures";

const WINDOW = 4096;
const HEADER = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const BLOCK =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g;

function holdsHeader(bytes: Buffer): boolean {
  if (HEADER.test(bytes.toString("latin1"))) return true;
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return false;
  try {
    return HEADER.test(gunzipPrefix(bytes).toString("latin1"));
  } catch {
    return false;
  }
}

function referenceSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const token = /[A-Za-z0-9+/]{36,}/g;
  const run = /[A-Za-z0-9+/]+(?:\s+[A-Za-z0-9+/]+)*(?:\s+$|={0,2})/y;
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    run.lastIndex = m.index;
    run.exec(text);
    const end = run.lastIndex;
    if (holdsHeader(Buffer.from(text.slice(m.index, Math.min(m.index + WINDOW, end)), "base64"))) {
      spans.push([m.index, end]);
      token.lastIndex = Math.max(token.lastIndex, end);
    }
  }
  return spans;
}

const referenceHolds = (text: string): boolean => HEADER.test(text) || referenceSpans(text).length > 0;

function referenceRedact(text: string, replace: (key: string) => string): string {
  if (!referenceHolds(text)) return text;
  const blocksOut = text.replace(BLOCK, (block) => replace(block));
  let out = "";
  let at = 0;
  for (const [start, end] of referenceSpans(blocksOut)) {
    out += blocksOut.slice(at, start) + replace(blocksOut.slice(start, end));
    at = end;
  }
  return out + blocksOut.slice(at);
}

/** What separates the lines of a wrapped run: ASCII whitespace, and Unicode's, which `\s` also takes. */
const SEPARATORS = ["\n", "\r\n", " ", "\t", "\n\n", "\v", "\f \n", "\u00a0", "\u2028", "\u202f", "\u3000"];
const printable = fc.string({ unit: fc.constantFrom(..."abc XYZ=-_.:/+\n0123456789"), maxLength: 40 });

/** Bytes that are base64-encoded into a run: a key (plain or gzip) somewhere, or none. */
const payload = fc
  .record({
    before: fc.integer({ min: 0, max: 3600 }),
    material: fc.constantFrom("key", "none", "header-only"),
    after: fc.integer({ min: 0, max: 400 }),
    gzip: fc.boolean(),
    garbageBeforeGzip: fc.integer({ min: 0, max: 2 }),
    fill: fc.integer({ min: 0, max: 255 }),
  })
  .map(({ before, material, after, gzip, garbageBeforeGzip, fill }) => {
    const middle =
      material === "key"
        ? Buffer.from(KEY)
        : material === "header-only"
          ? Buffer.from(KEY.slice(0, 40))
          : Buffer.alloc(0);
    const raw = Buffer.concat([Buffer.alloc(before, fill), middle, Buffer.alloc(after, 0x41)]);
    return gzip ? Buffer.concat([Buffer.alloc(garbageBeforeGzip, 7), gzipSync(raw)]) : raw;
  });

const run = fc
  .record({
    bytes: payload,
    width: fc.integer({ min: 30, max: 90 }),
    separator: fc.constantFrom(...SEPARATORS),
    padding: fc.boolean(),
    cut: fc.integer({ min: 0, max: 3 }),
    lead: fc.string({ unit: fc.constantFrom(..."AQgw+/"), maxLength: 3 }),
  })
  .map(({ bytes, width, separator, padding, cut, lead }) => {
    let b64 = bytes.toString("base64");
    if (!padding) b64 = b64.replace(/=+$/, "");
    b64 = lead + b64.slice(0, b64.length - cut);
    const lines: string[] = [];
    for (let i = 0; i < b64.length; i += width) lines.push(b64.slice(i, i + width));
    return lines.join(separator);
  });

const text = fc
  .array(fc.oneof({ arbitrary: run, weight: 3 }, { arbitrary: printable, weight: 2 }, fc.constant(KEY)), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join("\n"));

describe("base64 runs shared between their starts", () => {
  it("find and redact what decoding each start's window on its own finds (2,000 texts, seed 18)", () => {
    const texts = fc.sample(text, { numRuns: 2000, seed: 18 });
    const replace = (key: string) => `<${key.length}>`;
    let holding = 0;
    const differ = texts.filter((t) => {
      const holds = referenceHolds(t);
      if (holds) holding++;
      return (
        textHoldsPrivateKey(t) !== holds || redactPrivateKeys(t, replace) !== referenceRedact(t, replace)
      );
    });
    expect(differ.map((t) => JSON.stringify(t.slice(0, 200)))).toEqual([]);
    // Both kinds are well represented: texts with keys found only through base64 too.
    expect(holding).toBeGreaterThan(400);
    expect(texts.length - holding).toBeGreaterThan(400);
    const encodedOnly = texts.filter((t) => !HEADER.test(t) && referenceSpans(t).length > 0).length;
    expect(encodedOnly).toBeGreaterThan(200);
    // Keys found from a start inside a run (a later line): the windows the shared decodings give.
    const fromLaterLine = texts.filter((t) =>
      referenceSpans(t).some(([s]) => /[A-Za-z0-9+/]\s+$/.test(t.slice(Math.max(0, s - 4), s))),
    ).length;
    expect(fromLaterLine).toBeGreaterThan(100);
  });

  it("decodes a wrapped run about once for each remainder of its line length mod 4, not once a line", () => {
    // 1 MB of base64 in lines of 75 characters (all four remainders), with a key at its end: before, each
    // line decoded its own 4,096-character window (about 54 MB decoded; 20 MB of input took 21 s).
    const body = Buffer.alloc(760_000, 9);
    const b64 = Buffer.concat([body, Buffer.from(KEY)]).toString("base64");
    const lines: string[] = [];
    for (let i = 0; i < b64.length; i += 75) lines.push(b64.slice(i, i + 75));
    const wrappedRun = lines.join("\n");
    let decoded = 0;
    const from = Buffer.from.bind(Buffer) as (v: unknown, e?: unknown) => Buffer;
    const spy = jest.spyOn(Buffer, "from").mockImplementation(((value: unknown, encoding?: unknown) => {
      if (encoding === "base64" && typeof value === "string") decoded += value.length;
      return from(value, encoding);
    }) as typeof Buffer.from);
    try {
      expect(textHoldsPrivateKey(wrappedRun)).toBe(true);
      expect(textHoldsPrivateKey(wrappedRun.slice(0, 1_000_000))).toBe(false);
    } finally {
      spy.mockRestore();
    }
    // Each remainder's first start decodes its own window, and the run once from there: 8.14 million
    // characters for these 2.03 million (108.9 million before).
    expect(decoded).toBeLessThan(5 * (wrappedRun.length + 1_000_000));
    expect(decoded).toBeGreaterThan(wrappedRun.length);
  });
});
