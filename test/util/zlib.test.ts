/**
 * gzip bytes that do not depend on the machine or the Node release (src/util/zlib.ts). node:zlib's do:
 * Node on macOS writes the header's OS byte as 0x13 and on Windows as 0x0a/0x0b (nodejs/node#48690,
 * nodejs/node#18273, vbenjs/vite-plugin-compression#38), and a Node update changed the deflate stream
 * (sindresorhus/eslint-plugin-unicorn PR #2233). The tests below stand in for such a Node by changing
 * what node:zlib returns, and check that not one byte of a guestinfo value or a seed image follows.
 */
import { renderAll, renderGuestinfo, renderNoCloudFiles } from "../../src/render";
import { encodeUserData } from "../../src/render/mime";
import { Compression, type BootstrapSpec } from "../../src/spec/types";
import { gunzipSync, gzipSync } from "../../src/util/zlib";
import { benchSpec } from "../../bench/bench-specs";
import { expectGolden } from "../render/golden-file";
import { sha256Chain } from "../helpers/sha256-chain";
import fc from "fast-check";
import * as pako from "pako";

// The module object itself (what src/util/builtins.ts loads), so that a spy on it is what the library would call.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const zlib = require("node:zlib") as typeof import("node:zlib");

/** Inputs of every shape the renderers gzip, and some they might: text, base64, incompressible, empty. */
function corpus(): Buffer[] {
  const inputs: Buffer[] = [Buffer.alloc(0), Buffer.from("#cloud-config\n")];
  for (let i = 0; i < 40; i++) {
    const docs = renderAll(benchSpec(i));
    inputs.push(Buffer.from(docs.userData, "utf8"), Buffer.from(docs.metaData, "utf8"));
  }
  const random = sha256Chain(4096 * 32);
  inputs.push(random, Buffer.from(random.toString("base64")), Buffer.alloc(300_000, 0x41));
  const text = inputs
    .slice(2, 12)
    .map((b) => b.toString("utf8"))
    .join("\n");
  inputs.push(Buffer.from(text.repeat(40)));
  return inputs;
}

const SPEC: BootstrapSpec = { ...benchSpec(7), userDataCompression: Compression.Gzip };

/** Everything of `SPEC` that carries gzip: the guestinfo map and the NoCloud files (user-data gzipped). */
function gzipCarriers(): string {
  const docs = renderAll(SPEC);
  const files = [...renderNoCloudFiles(docs).entries()].map(([name, bytes]) => [
    name,
    bytes.toString("base64"),
  ]);
  return `${JSON.stringify({ guestinfo: renderGuestinfo(docs), nocloud: files }, null, 2)}\n`;
}

afterEach(() => jest.restoreAllMocks());

describe("gzipSync", () => {
  it("decompresses to its input and writes a fixed header: no name, mtime 0, best compression, OS Unix", () => {
    for (const input of corpus()) {
      const gz = gzipSync(input);
      expect(gunzipSync(gz).equals(input)).toBe(true);
      // RFC 1952 2.3: ID1 ID2 CM FLG MTIME(4) XFL OS.
      expect(gz.subarray(0, 10).toString("hex")).toBe("1f8b0800000000000203");
    }
    expect(gunzipSync(gzipSync("é ü\n")).toString("utf8")).toBe("é ü\n");
  });

  it("writes exactly the bytes node:zlib writes at level 9 on this Linux Node, so no earlier value changes here", () => {
    // Recorded on the CI machine (Linux x64, Node 22, zlib 1.3.1-e00f703): a value a Linux `pulumi up`
    // wrote with node:zlib before is written again byte for byte.
    expect(process.platform).toBe("linux");
    for (const input of corpus()) {
      expect(gzipSync(input).equals(zlib.gzipSync(input, { level: 9 }))).toBe(true);
    }
  });

  it("keeps every byte when node:zlib writes another OS byte, as Node on macOS or Windows does", () => {
    const before = gzipCarriers();
    const real = zlib.gzipSync;
    for (const os of [0x13, 0x0a, 0x0b]) {
      jest.spyOn(zlib, "gzipSync").mockImplementation((data, options) => {
        const out = real(data, options);
        out[9] = os;
        return out;
      });
      expect(gzipCarriers()).toBe(before);
      jest.restoreAllMocks();
    }
  });

  it("keeps every byte when node:zlib writes another deflate stream, as a Node update did", () => {
    const before = gzipCarriers();
    const real = zlib.gzipSync;
    jest.spyOn(zlib, "gzipSync").mockImplementation((data, options) => real(data, { ...options, level: 1 }));
    expect(gzipCarriers()).toBe(before);
  });

  it("matches the golden gzip+base64 guestinfo map and the gzipped NoCloud user-data", () => {
    // A pako update that changed its output would change every deployed value: this file says so first.
    expectGolden("gzip-carriers.json", gzipCarriers());
    expect(encodeUserData(renderAll(SPEC)).subarray(0, 2).toString("hex")).toBe("1f8b");
  });
});

/**
 * Bytes a renderer could gzip: text of a few letters (many short matches to choose from, up to its very
 * end), random bytes, repeated text, runs; up to 70 KB.
 */
const gzipInput = fc.oneof(
  // size "max": lengths up to maxLength, not fast-check's default of a few elements.
  fc.uint8Array({ min: 0x61, max: 0x66, maxLength: 6_000, size: "max" }),
  fc.uint8Array({ maxLength: 6_000, size: "max" }),
  fc
    .tuple(fc.stringMatching(/^[a-d\n]{0,40}$/), fc.integer({ min: 0, max: 2_000 }))
    .map(([text, times]) => Buffer.from(text.repeat(times))),
  fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 70_000 }))
    .map(([b, n]) => Buffer.alloc(n, b)),
);

/** pako's one-shot gzip: a new deflate stream for the one input. */
function freshGzip(input: Uint8Array): Buffer {
  return Buffer.from(pako.gzip(input, { level: 9 }));
}

describe("gzipSync's one deflate stream", () => {
  it("writes, for any inputs in any order, the bytes a new stream writes for each", () => {
    // zlib reads up to 258 bytes past the input in its window: a reset stream that kept the previous
    // input's bytes there matches them, and its output differs from a new stream's.
    fc.assert(
      fc.property(fc.array(gzipInput, { minLength: 2, maxLength: 6 }), (inputs) => {
        for (const input of inputs) expect(gzipSync(input).equals(freshGzip(input))).toBe(true);
      }),
      { numRuns: 200, seed: 1204 },
    );
  });

  it("is made once a process: 50 gzips set up one deflate state, and it holds no input afterwards", () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- this registry's pako, the one the module loads
      const lib = require("pako") as typeof pako;
      const init = jest.spyOn(lib, "zlibDeflateInit2");
      // Every output chunk deflate was given (the module's scratch: its contents are the input, compressed).
      const chunks = new Set<Uint8Array>();
      const realDeflate = lib.zlibDeflate;
      jest.spyOn(lib, "zlibDeflate").mockImplementation((strm, flush) => {
        chunks.add(strm.output);
        return realDeflate(strm, flush);
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module with no stream yet
      const fresh = require("../../src/util/zlib") as typeof import("../../src/util/zlib");
      const text = Buffer.from("password-hash-like text ".repeat(100));
      for (let i = 0; i < 50; i++) expect(fresh.gzipSync(text).equals(freshGzip(text))).toBe(true);
      expect(init).toHaveBeenCalledTimes(1);
      const strm = init.mock.calls[0]?.[0] as pako.ZStream;
      expect(strm.input).toHaveLength(0);
      const state = strm.state as { window: Uint8Array; prev: Uint16Array; pending_buf: Uint8Array };
      for (const buffer of [state.window, state.prev, state.pending_buf, ...chunks])
        expect(buffer.every((b) => b === 0)).toBe(true);
      // One output chunk, reused (the 2.4 KB input's gzip fits in it).
      expect(chunks.size).toBe(1);
    });
  });

  it("falls back to a new stream for each gzip when pako's state is laid out otherwise", () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- this registry's pako, the one the module loads
      const lib = require("pako") as typeof pako;
      const real = lib.zlibDeflateInit2;
      // Another pako whose chains are not a Uint16Array: the reset stream's buffers are not the ones it knows.
      const init = jest.spyOn(lib, "zlibDeflateInit2").mockImplementation((strm, ...rest) => {
        const status = real(strm, ...rest);
        const state = strm.state as { prev: Uint16Array | Uint32Array };
        state.prev = Uint32Array.from(state.prev);
        return status;
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module with no stream yet
      const fresh = require("../../src/util/zlib") as typeof import("../../src/util/zlib");
      const inputs = [
        Buffer.from("abcabcabc".repeat(300)),
        sha256Chain(2048),
        Buffer.from("abcd".repeat(40)),
      ];
      for (const input of inputs) expect(fresh.gzipSync(input).equals(freshGzip(input))).toBe(true);
      expect(init).toHaveBeenCalledTimes(inputs.length);
    });
  });
});
