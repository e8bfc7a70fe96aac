/** Tells whether a spec puts anything secret into the documents (passwords, hashes, private keys). */
import { BootstrapSpec } from "../spec/types";
import { holdsPrivateKey, textHoldsPrivateKey } from "./private-key";

const PASSWORD_KEYS = new Set(["passwd", "password", "hashed_passwd", "plain_text_passwd", "chpasswd"]);

function hasPasswordKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasPasswordKey);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => PASSWORD_KEYS.has(k) || hasPasswordKey(v));
  }
  return false;
}

/**
 * True when any document is derived from a password, password hash or private key. A private key is
 * looked for (private-key.ts) in every string of the spec, in every file entry decoded as its encoding
 * says (spec `files`, `write_files` of `extraCloudConfig` and `vendorCloudConfig`), and in the documents.
 */
export function specContainsSecrets(
  spec: BootstrapSpec,
  documents: readonly (string | undefined)[],
): boolean {
  if (spec.rootPassword !== undefined || spec.rootPasswordHash !== undefined) return true;
  if ((spec.users ?? []).some((u) => u.password !== undefined || u.passwordHash !== undefined)) return true;
  if ((spec.files ?? []).some((f) => f.secret === true)) return true;
  if (hasPasswordKey(spec.extraCloudConfig) || hasPasswordKey(spec.vendorCloudConfig)) return true;
  if (holdsPrivateKey(spec)) return true;
  return documents.some((doc) => doc !== undefined && textHoldsPrivateKey(doc));
}
