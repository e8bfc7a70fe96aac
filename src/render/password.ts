/**
 * Password hashing: plain passwords never leave the library; they become SHA-512 crypt hashes
 * (`$6$<salt>$<hash>`, 5000 rounds: the crypt(3) default, which `openssl passwd -6` and glibc verify).
 * The salt is derived, not random, so renders stay deterministic: HMAC-SHA-256 keyed with the password
 * over the user name, mapped to crypt's alphabet. Equal passwords of two users hash differently.
 */
import type * as Unixcrypt from "unixcrypt";
import { hmacSha256 } from "../util/hash";

const CRYPT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SALT_LENGTH = 16;

/** The deterministic 16-character crypt salt for `plain` and `userName`. */
export function passwordSalt(plain: string, userName: string): string {
  const digest = hmacSha256(plain, userName);
  let salt = "";
  for (let i = 0; i < SALT_LENGTH; i++) {
    // 64 divides 256, so taking the low six bits keeps every character equally likely.
    salt += CRYPT_ALPHABET[(digest[i] ?? 0) & 63];
  }
  return salt;
}

/** SHA-512 crypt hash of `plain`, salted from the password and `userName` (see the module comment). */
export function hashPassword(plain: string, userName: string): string {
  // Loaded on first use: most specs carry ready hashes, and the module loads `node:crypto` as it starts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { encrypt } = require("unixcrypt") as typeof Unixcrypt;
  return encrypt(plain, `$6$${passwordSalt(plain, userName)}`);
}
