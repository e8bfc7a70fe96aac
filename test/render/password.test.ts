import { spawnSync } from "node:child_process";
import { hashPassword, passwordSalt } from "../../src/render/password";

/** `openssl passwd -6 -salt SALT PASSWORD`: an independent SHA-512 crypt implementation. */
function opensslCrypt(plain: string, salt: string): string {
  const r = spawnSync("openssl", ["passwd", "-6", "-salt", salt, "-stdin"], {
    input: plain,
    encoding: "utf8",
  });
  if (r.error || r.status !== 0) throw new Error(`openssl passwd failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout.trim();
}

describe("hashPassword", () => {
  it.each([
    ["secret", "alice"],
    ["correct horse battery staple", "admin"],
    ["ünïcödé ✓ and spaces", "bob"],
    ["p@$$w0rd'\"`", "root"],
    ["x".repeat(200), "long"],
  ])("hashes %j for %s exactly as openssl passwd -6 does with the same salt", (plain, user) => {
    const hash = hashPassword(plain, user);
    const salt = passwordSalt(plain, user);
    expect(hash).toBe(opensslCrypt(plain, salt));
    expect(hash.startsWith(`$6$${salt}$`)).toBe(true);
  });

  it("uses a 16-character salt from crypt's alphabet and the default 5000 rounds", () => {
    const salt = passwordSalt("secret", "alice");
    expect(salt).toMatch(/^[./0-9A-Za-z]{16}$/);
    expect(hashPassword("secret", "alice")).not.toContain("rounds=");
  });

  it("is deterministic", () => {
    expect(hashPassword("secret", "alice")).toBe(hashPassword("secret", "alice"));
  });

  it("hashes equal passwords of two users differently", () => {
    expect(hashPassword("secret", "alice")).not.toBe(hashPassword("secret", "bob"));
    expect(passwordSalt("secret", "alice")).not.toBe(passwordSalt("secret", "bob"));
  });

  it("derives different salts for different passwords of one user", () => {
    expect(passwordSalt("one", "alice")).not.toBe(passwordSalt("two", "alice"));
  });

  it("never contains the plain password", () => {
    expect(hashPassword("plain-secret-value", "alice")).not.toContain("plain-secret-value");
  });
});
