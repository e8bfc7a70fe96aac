/**
 * Looking for private keys in every encoding changes the documents' secrecy only: every document of
 * each spec (all but `containsSecrets`) is byte for byte what the renderer wrote before.
 */
import { renderAll } from "../../src/render/render-all";
import type { BootstrapSpec } from "../../src/spec/types";
import { sha256Hex } from "../../src/util/hash";
import { stableJson } from "../../src/util/serialize";
import { CASES, PLAIN } from "./private-key-fixtures";

/**
 * sha256 of every document of each spec (all but `containsSecrets`), as the renderer wrote them before
 * private keys were looked for in every encoding (recorded from the renderer of 4e1b205): the detection
 * changes their secrecy only.
 */
const BYTES_BEFORE: Record<string, string> = {
  filesText: "0919fffba6014b5c997741c376fc1029a37c159ff81fa563c7fad7cb86258c36",
  filesBase64: "01dbde01e38ce476b08e9e23f646320ad0575b3853905c384f841cef7cf62bca",
  filesGzipBase64: "66f6704345d7d22d0a9d25a4decfed76bc23467b4c5786f7b558f0c2eae0f24c",
  runcmd: "570a3df6c4e4dd3fdc14412adf4085f68ddbc35a377ede7bcd3406fa09413003",
  bootcmd: "da68c1a6b0765bf450fd4122843ebc2abb932ed00861def0da259ed958191eca",
  runcmdBase64: "5902c1787b09c24f75512c37516bc5dff5bb316061afeb4d909a15d265a07caa",
  runcmdGzipHeredoc: "67f7b1b605e82036909f5957d37dc067624fa792b31b8f3c7c803fb730e31821",
  extraKey: "cd072eb36dd4ea30d26ea81f37eae7d1a5b0a1d0700119683248ae8451edf512",
  'extraWriteFiles "b64"': "01dbde01e38ce476b08e9e23f646320ad0575b3853905c384f841cef7cf62bca",
  'extraWriteFiles "base64"': "2b88ba73afbc35e62dccdee8db13867b08b206757eaa9f60251b9cc7f81ab2da",
  'extraWriteFiles "B64 "': "2e89bc0be145aafc0cf80e86fea27b485855b0593481eab4d13f5831fe3cd1c7",
  'extraWriteFiles "gz+b64"': "66f6704345d7d22d0a9d25a4decfed76bc23467b4c5786f7b558f0c2eae0f24c",
  'extraWriteFiles "gz+base64"': "afc26830b8c86557e5ccc4ed5e7c2126c2967dddd997fc1ec11acd8d1d19e4ec",
  'extraWriteFiles "gzip+b64"': "9e33f1617c12d669c64242a38a12a663f3ebbf41fb291467d089ff8e65d29e2a",
  'extraWriteFiles "gzip+base64"': "f085c045a51fb61fd1e81b9c04523af4e275f66a2034ec3bfa45d95ceaef631a",
  'extraWriteFiles "GZIP+BASE64"': "3f469c0db2dae87cbcfc806271f12599ad64f6ed4bbae1feeab1f48b8699c0db",
  vendorWriteFilesB64: "3e161d29c94f4aedb7776284dcecd4826a53a7cc8779dece85637950a7767bbc",
  vendorWriteFilesGzB64: "773c84f6c863b89b5426ab4b8afa2594844fdac569278345e674f1e5385ff08c",
  scriptBase64: "d29dd5c4d81e4be43b13046fce1725a3d5a13127129cc61c6b155f29557e765a",
  minimal: "e942f8c987fce6fbf814dba0167e1f3f3d2038ee7c033c4f3675c0147345eae5",
  files: "3b63649d9e60214c27310bb3eac9c0963ee6c12ff86f3d0e7cba083d65be6374",
  publicKeyAndHashes: "0265f573e3874b0015bfe8b877cded8768678d24b008880ff326fcc976aa5d87",
};

describe("the documents' bytes", () => {
  it.each([...Object.keys(CASES), ...Object.keys(PLAIN)])("are unchanged (%s)", (name) => {
    const docs = renderAll((CASES[name] ?? PLAIN[name]) as BootstrapSpec);
    const { containsSecrets: _secrecy, ...documents } = docs;
    expect(sha256Hex(stableJson(documents))).toBe(BYTES_BEFORE[name]);
  });
});
