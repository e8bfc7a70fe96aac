/** Tells whether a spec puts anything secret into the documents (passwords, hashes, private keys). */
import { gunzipSync } from "../util/zlib";
import { BootstrapSpec, FileEncoding, FileSpec } from "../spec/types";

const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const PASSWORD_KEYS = new Set(["passwd", "password", "hashed_passwd", "plain_text_passwd", "chpasswd"]);

function fileText(file: FileSpec): string {
  const encoding = file.encoding ?? FileEncoding.Text;
  if (encoding === FileEncoding.Text) return file.content;
  try {
    const bytes = Buffer.from(file.content, "base64");
    return (encoding === FileEncoding.GzipBase64 ? gunzipSync(bytes) : bytes).toString("latin1");
  } catch {
    return "";
  }
}

function hasPasswordKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasPasswordKey);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => PASSWORD_KEYS.has(k) || hasPasswordKey(v));
  }
  return false;
}

/** True when any document is derived from a password, password hash or private key. */
export function specContainsSecrets(
  spec: BootstrapSpec,
  documents: readonly (string | undefined)[],
): boolean {
  if (spec.rootPassword !== undefined || spec.rootPasswordHash !== undefined) return true;
  if ((spec.users ?? []).some((u) => u.password !== undefined || u.passwordHash !== undefined)) return true;
  if ((spec.files ?? []).some((f) => f.secret === true || PRIVATE_KEY.test(fileText(f)))) return true;
  if (hasPasswordKey(spec.extraCloudConfig) || hasPasswordKey(spec.vendorCloudConfig)) return true;
  return documents.some((doc) => doc !== undefined && PRIVATE_KEY.test(doc));
}
