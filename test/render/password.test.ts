import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword, passwordSalt } from "../../src/render/password";
import { builtModule } from "../helpers/built-module";

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

describe("hashPassword's memo", () => {
  afterEach(() => jest.restoreAllMocks());

  /**
   * password.ts loaded afresh (an empty memo), and a count of `unixcrypt.encrypt` calls. The module
   * requires unixcrypt when it first hashes, from the registry current then: the test's own.
   */
  function freshWithCountedCrypt(): {
    module: typeof import("../../src/render/password");
    calls: () => number;
  } {
    const encrypt = jest.spyOn(jest.requireActual<typeof import("unixcrypt")>("unixcrypt"), "encrypt");
    let loaded: typeof import("../../src/render/password") | undefined;
    jest.isolateModules(() => {
      loaded = jest.requireActual<typeof import("../../src/render/password")>("../../src/render/password");
    });
    return {
      module: loaded as typeof import("../../src/render/password"),
      calls: () => encrypt.mock.calls.length,
    };
  }

  it("makes the 5000-round hash of one password and user once, and the same hash every time", () => {
    const { module, calls } = freshWithCountedCrypt();
    const first = module.hashPassword("fleet-secret", "ops");
    for (let i = 0; i < 50; i++) expect(module.hashPassword("fleet-secret", "ops")).toBe(first);
    expect(calls()).toBe(1);
    expect(first).toBe(opensslCrypt("fleet-secret", module.passwordSalt("fleet-secret", "ops")));
    // Another user or another password is another hash.
    expect(module.hashPassword("fleet-secret", "admin")).not.toBe(first);
    expect(module.hashPassword("other-secret", "ops")).not.toBe(first);
    expect(calls()).toBe(3);
  });

  it("keeps at most HASHES_KEPT hashes: past that it forgets them and hashes again", () => {
    const { module, calls } = freshWithCountedCrypt();
    for (let i = 0; i < module.HASHES_KEPT; i++) module.hashPassword(`pw-${i}`, "u");
    module.hashPassword("pw-0", "u");
    expect(calls()).toBe(module.HASHES_KEPT);
    module.hashPassword(`pw-${module.HASHES_KEPT}`, "u");
    module.hashPassword("pw-0", "u");
    expect(calls()).toBe(module.HASHES_KEPT + 2);
  });

  it("keeps no plain password: a heap snapshot after hashing holds the hash, not the password", () => {
    // The built module (npm test builds first), in a process of its own with a small heap to search.
    const built = builtModule("src/render/password.js");
    const dir = mkdtempSync(join(tmpdir(), "bvm-password-heap-"));
    try {
      const snapshot = join(dir, "after.heapsnapshot");
      // Made here, given through the environment: the child's heap holds it only as hashPassword's input.
      const plain = `pw-${randomBytes(12).toString("hex")}`;
      const child = spawnSync(
        process.execPath,
        [
          "-e",
          `const { hashPassword } = require(process.argv[1]);
           let plain = process.env.PW_UNDER_TEST; delete process.env.PW_UNDER_TEST;
           const hash = hashPassword(plain, "ops");
           if (hashPassword(plain, "ops") !== hash) process.exit(3);
           plain = undefined;
           process.stdout.write(hash);
           require("node:v8").writeHeapSnapshot(process.argv[2]);`,
          built,
          snapshot,
        ],
        { env: { ...process.env, PW_UNDER_TEST: plain }, encoding: "utf8" },
      );
      expect(child.stderr).toBe("");
      expect(child.status).toBe(0);
      const heap = readFileSync(snapshot, "latin1");
      // The memo keeps the hash (so the snapshot does show strings the module keeps) ...
      expect(child.stdout).toMatch(/^\$6\$/);
      expect(heap).toContain(child.stdout);
      // ... and not the password, though the memo was used for the second call.
      expect(heap).not.toContain(plain);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
