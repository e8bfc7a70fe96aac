/**
 * Password hashing: plain passwords never leave the library; they become SHA-512 crypt hashes
 * (`$6$<salt>$<hash>`, 5000 rounds: the crypt(3) default, which `openssl passwd -6` and glibc verify).
 * The salt is derived, not random, so renders stay deterministic: HMAC-SHA-256 keyed with the password
 * over the user name, mapped to crypt's alphabet. Equal passwords of two users hash differently.
 */
import type * as Unixcrypt from "unixcrypt";
import { hmacSha256 } from "../util/hash";
import { textMemo } from "../util/memo";

const CRYPT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SALT_LENGTH = 16;
/** Hashes this process keeps (see `hashPassword`); all are forgotten when more would be kept. */
export const HASHES_KEPT = 64;

/** The crypt salt taken from the HMAC digest of a password and user name. */
function saltOf(digest: Uint8Array): string {
  let salt = "";
  for (let i = 0; i < SALT_LENGTH; i++) {
    // 64 divides 256, so taking the low six bits keeps every character equally likely.
    salt += CRYPT_ALPHABET[(digest[i] ?? 0) & 63];
  }
  return salt;
}

/** The deterministic 16-character crypt salt for `plain` and `userName`. */
export function passwordSalt(plain: string, userName: string): string {
  return saltOf(hmacSha256(plain, userName));
}

/** Hashes made, by the base64 of the salt's HMAC digest (never by the plain password). */
const madeHashes = textMemo<string>(HASHES_KEPT);

/**
 * SHA-512 crypt hash of `plain`, salted from the password and `userName` (see the module comment).
 * The same password and user name always give the same hash, so it is made once a process: 5000
 * rounds cost 10-45 ms, paid otherwise by every member of a fleet (or VM of a Pulumi program) whose
 * user shares a plain password. The memo's key is the salt's 256-bit HMAC digest, so it keeps no
 * plain password; what it keeps is the hash a render writes anyway.
 */
export function hashPassword(plain: string, userName: string): string {
  const digest = hmacSha256(plain, userName);
  return madeHashes(digest.toString("base64"), cryptHash, { plain, digest });
}

/** SHA-512 crypt of a password with the salt of its digest (`hashPassword` remembers the result). */
function cryptHash({ plain, digest }: { plain: string; digest: Uint8Array }): string {
  // Loaded on first use: most specs carry ready hashes, and the module loads `node:crypto` as it starts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { encrypt } = require("unixcrypt") as typeof Unixcrypt;
  return encrypt(plain, `$6$${saltOf(digest)}`);
}
