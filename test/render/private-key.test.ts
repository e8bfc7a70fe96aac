/**
 * Private keys, whatever their encoding and wherever in user-data or vendor-data, make the documents
 * secret (`containsSecrets`); the review's redaction removes them in place (src/render/private-key.ts).
 */
import { generateKeyPairSync } from "node:crypto";
import {
  contentHoldsPrivateKey,
  holdsPrivateKey,
  redactPrivateKeys,
  textHoldsPrivateKey,
} from "../../src/render/private-key";
import { renderAll } from "../../src/render/render-all";
import type { BootstrapSpec } from "../../src/spec/types";
import { gzipSync } from "../../src/util/zlib";
import { B64, CASES, GZ_B64, KEY, PLAIN, wrapped } from "./private-key-fixtures";

/** A full-size key (RSA 4096, PKCS#8), generated here so no key is committed. */
const RSA = generateKeyPairSync("rsa", { modulusLength: 4096 }).privateKey.export({
  type: "pkcs8",
  format: "pem",
}) as string;

describe("private keys make the documents secret", () => {
  it.each(Object.keys(CASES))("%s", (name) => {
    expect(renderAll(CASES[name] as BootstrapSpec).containsSecrets).toBe(true);
  });

  it.each(Object.keys(PLAIN))("but a spec without one stays plain (%s)", (name) => {
    expect(renderAll(PLAIN[name] as BootstrapSpec).containsSecrets).toBe(false);
  });
});

describe("the notion of holding a private key", () => {
  it("decodes every encoding of cloud-init's write_files, and reads the others as text", () => {
    expect(contentHoldsPrivateKey(B64, "b64")).toBe(true);
    expect(contentHoldsPrivateKey(GZ_B64, "gzip+b64")).toBe(true);
    expect(contentHoldsPrivateKey(KEY, "text/plain")).toBe(true);
    expect(contentHoldsPrivateKey(KEY, "rot13")).toBe(true);
    expect(contentHoldsPrivateKey("not base64 at all", "base64")).toBe(false);
    expect(contentHoldsPrivateKey(GZ_B64, "gz")).toBe(true); // its text is base64 of gzip of a key
  });

  it("finds a full-size key's base64 and gzip+base64, on one line or wrapped, inside other text", () => {
    const b64 = Buffer.from(RSA).toString("base64");
    const gz = gzipSync(RSA).toString("base64");
    for (const encoded of [b64, gz, wrapped(b64, 76), wrapped(gz, 64)]) {
      expect(textHoldsPrivateKey(encoded)).toBe(true);
      expect(textHoldsPrivateKey(`cat <<EOF | base64 -d\n${encoded}\nEOF`)).toBe(true);
      expect(textHoldsPrivateKey(`echo ${"Q".repeat(40)} ${encoded} | base64 -d`)).toBe(true);
    }
    expect(holdsPrivateKey({ write_files: [{ content: gz, encoding: "gz+b64" }] })).toBe(true);
  });

  it("redacts keys and encoded keys in place, keeping the rest of the text", () => {
    const b64 = Buffer.from(RSA).toString("base64");
    const texts = [
      `printf '%s' '${RSA}' > /k && chmod 600 /k`,
      `echo ${b64} | base64 -d > /k`,
      `base64 -d <<EOF | gunzip > /k\n${wrapped(gzipSync(RSA).toString("base64"), 76)}\nEOF`,
      `head ${KEY.slice(0, 60)}`, // a header without its footer: redacted to the end
    ];
    const redacted = texts.map((t) => redactPrivateKeys(t, "<redacted>"));
    expect(redacted).toEqual([
      "printf '%s' '<redacted>\n' > /k && chmod 600 /k",
      "echo <redacted> | base64 -d > /k",
      // The run ends at the padding, or takes the heredoc's last word in when there is none.
      expect.stringMatching(/^base64 -d <<EOF \| gunzip > \/k\n<redacted>(\n+EOF)?$/),
      "head <redacted>",
    ]);
    for (const text of redacted) expect(textHoldsPrivateKey(text)).toBe(false);
    expect(redactPrivateKeys("echo hello", "<redacted>")).toBe("echo hello");
  });

  it("reads a 32 MB base64 token without overflowing the regular expression stack", () => {
    // `/[A-Za-z0-9+/]{36,}/` kept a backtrack entry per character: "Maximum call stack size exceeded" at
    // about 20 MB, so `validate` of a spec with such a file printed only that.
    const token = "A".repeat(32 * 1024 * 1024);
    expect(textHoldsPrivateKey(token)).toBe(false);
    expect(holdsPrivateKey({ files: [{ path: "/blob", content: token, encoding: "base64" }] })).toBe(false);
    expect(redactPrivateKeys(`x ${token}`, "<redacted>")).toHaveLength(token.length + 2);
  });

  it("reads wrapped base64 once, however many lines it has, and still finds a key at its end", () => {
    const lines = 2000;
    const blob = wrapped(Buffer.alloc(lines * 57, 7).toString("base64"), 76);
    const text = `${blob}\n--\n${wrapped(Buffer.from(RSA).toString("base64"), 76)}`;
    // The characters regular expressions match in the text: each line of the run was matched to the
    // run's end (2,000 lines: 154 million characters, 60 times the text; 40,000 lines took 86 s).
    let matched = 0;
    const exec = RegExp.prototype.exec;
    const spy = jest.spyOn(RegExp.prototype, "exec").mockImplementation(function (this: RegExp, s: string) {
      const match = exec.call(this, s);
      if (match !== null && s === text) matched += match[0].length;
      return match;
    });
    try {
      expect(textHoldsPrivateKey(text)).toBe(true);
      expect(textHoldsPrivateKey(blob)).toBe(false);
      expect(redactPrivateKeys(text, "<redacted>")).toBe(`${blob}\n--\n<redacted>`);
    } finally {
      spy.mockRestore();
    }
    // Now 36 characters a line for each of the two calls on `text`.
    expect(matched).toBeLessThan(2 * text.length);
  });
});
