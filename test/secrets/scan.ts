/**
 * Finds secret strings where Pulumi would store them readable: in values not marked secret, also inside
 * base64 and gzip+base64 encodings (guestinfo and vApp values are base64; an encoded hash is still plain).
 */
import { gunzipSync } from "node:zlib";
import { isRpcSecret } from "../component/mock-harness";

/** One place a needle was found: the path of the plain value and the needle. */
export interface Finding {
  where: string;
  needle: string;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}$/;

/** The readable forms of a string: itself, and its base64 decoding (gunzipped when gzip). */
function readableForms(text: string): string[] {
  const forms = [text];
  const compact = text.trim();
  if (compact.length >= 16 && compact.length % 4 === 0 && BASE64.test(compact)) {
    const bytes = Buffer.from(compact, "base64");
    forms.push(bytes.toString("latin1"));
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        forms.push(gunzipSync(bytes).toString("latin1"));
      } catch {
        // not a whole gzip stream: nothing more to read
      }
    }
  }
  return forms;
}

/** Every needle found in a plain (not secret-marked) string anywhere in `value`. */
export function plainFindings(value: unknown, needles: readonly string[], where = ""): Finding[] {
  if (isRpcSecret(value)) return [];
  if (typeof value === "string") {
    const forms = readableForms(value);
    return needles.filter((n) => forms.some((f) => f.includes(n))).map((needle) => ({ where, needle }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => plainFindings(v, needles, `${where}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => plainFindings(v, needles, where ? `${where}.${k}` : k));
  }
  return [];
}

/** True when the bytes hold a needle as UTF-8 text (seed ISOs carry their documents uncompressed). */
export function bytesHold(bytes: Buffer, needle: string): boolean {
  return bytes.includes(Buffer.from(needle, "utf8"));
}
