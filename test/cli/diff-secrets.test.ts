/**
 * `bootstrapped-vm diff` shows no secret by default (a diff ends up in CI logs and review comments): a
 * secret that changed is `<redacted: before>` / `<redacted: after>`, one both sides hold `<redacted>`;
 * `--show-secrets` prints the documents as rendered.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { cleanupTempDirs, requireBuiltCli, runCli, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

const HASH_A = "$6$saltsaltA$" + "a".repeat(86);
const HASH_B = "$6$saltsaltB$" + "b".repeat(86);
const KEY = (line: string) =>
  `-----BEGIN OPENSSH PRIVATE KEY-----\n${line}\n-----END OPENSSH PRIVATE KEY-----\n`;
const KEY_A = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW";
const KEY_B = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZX";

interface Secrets {
  hash: string;
  key: string;
  token: string;
  password: string;
  vendorKey: string;
}

/** A spec holding a secret in every place a diff shows one: user-data, vendor-data and the JSON files. */
function spec(s: Secrets, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    hostname: "web-01",
    users: [
      { name: "ops", passwordHash: s.hash },
      { name: "app", password: s.password },
    ],
    files: [
      { path: "/etc/ssh/host_key", content: KEY(s.key), permissions: "0600" },
      { path: "/etc/app/token", content: s.token, secret: true },
    ],
    runcmd: [`echo ${s.token} > /run/token`],
    vendorCloudConfig: { write_files: [{ path: "/etc/v.key", content: KEY(s.vendorKey) }] },
    ...extra,
  };
}

const A: Secrets = {
  hash: HASH_A,
  key: KEY_A,
  token: "tok-1111-aaaa",
  password: "Hunter2-old!",
  vendorKey: KEY_A,
};
const B: Secrets = {
  hash: HASH_B,
  key: KEY_B,
  token: "tok-2222-bbbb",
  password: "Hunter2-new!",
  vendorKey: KEY_B,
};

function specFile(dir: string, name: string, value: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, stringify(value));
  return path;
}

/** Every secret of `s`, as written and as a JSON string's text carries it. */
function secretTexts(s: Secrets): string[] {
  const texts = [s.hash, s.key, s.token, s.password, s.vendorKey];
  return [...texts, ...texts.map((t) => JSON.stringify(t).slice(1, -1))];
}

describe("bootstrapped-vm diff and secrets", () => {
  it("shows a changed secret as <redacted: before> / <redacted: after> and prints no secret of either side", () => {
    const dir = tempDir();
    const r = runCli(["diff", "--all", specFile(dir, "a.yaml", spec(A)), specFile(dir, "b.yaml", spec(B))]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    for (const secret of [...secretTexts(A), ...secretTexts(B)]) expect(r.stdout).not.toContain(secret);
    expect(r.stdout).not.toContain("PRIVATE KEY");
    expect(r.stdout).toMatch(/^- {2}- hashed_passwd: "<redacted: before>"$/m);
    expect(r.stdout).toMatch(/^\+ {2}- hashed_passwd: "<redacted: after>"$/m);
    expect(r.stdout).toMatch(/^-\s+- "echo <redacted: before> > \/run\/token"$/m);
    expect(r.stdout).toMatch(/^\+\s+- "echo <redacted: after> > \/run\/token"$/m);
    // The digests made from the documents (instance-id, content hash) are hidden too, and show that they changed.
    expect(r.stdout).toMatch(/^-instance-id: <redacted: before>$/m);
    expect(r.stdout).toMatch(/^\+instance-id: <redacted: after>$/m);
    expect(r.stdout).not.toMatch(/iid-[0-9a-f]{20}/);
    // Every document that differs is still named.
    const last = r.stdout.trimEnd().split("\n").pop() ?? "";
    expect(last).toMatch(/documents differ: user-data, meta-data, vendor-data, .*vendor_data\.json/);
  });

  it("shows secrets both sides hold as <redacted> and the change that is not secret as it is", () => {
    const dir = tempDir();
    const old = specFile(dir, "a.yaml", spec(A));
    const r = runCli([
      "diff",
      "-f",
      "user-data",
      old,
      specFile(dir, "b.yaml", spec(A, { packages: ["curl"] })),
    ]);
    expect(r.status).toBe(1);
    for (const secret of secretTexts(A)) expect(r.stdout).not.toContain(secret);
    expect(r.stdout).toMatch(/^\+packages:\n\+ {2}- curl\n runcmd:\n {3}- echo <redacted> > \/run\/token$/m);
    expect(r.stdout).not.toContain("<redacted: ");
  });

  it("says which documents differ when only secrets swapped places", () => {
    const dir = tempDir();
    const users = (first: string, second: string) => ({
      hostname: "web-01",
      users: [
        { name: "ops", passwordHash: first },
        { name: "app", passwordHash: second },
      ],
    });
    const a = specFile(dir, "a.yaml", users(HASH_A, HASH_B));
    const r = runCli(["diff", "-f", "user-data", a, specFile(dir, "b.yaml", users(HASH_B, HASH_A))]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      "user-data: only secret values differ (secrets that swapped places); --show-secrets shows them\n\ndiffer: user-data\n",
    );
  });

  it("prints the documents as rendered with --show-secrets", () => {
    const dir = tempDir();
    const args = [specFile(dir, "a.yaml", spec(A)), specFile(dir, "b.yaml", spec(B))];
    const r = runCli(["diff", "--show-secrets", ...args]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^-.*hashed_passwd: ${HASH_A.replace(/\$/g, "\\$")}$`, "m"));
    expect(r.stdout).toContain(`+      ${KEY_B}`);
    expect(r.stdout).toContain(`+  - echo ${B.token} > /run/token`);
    expect(r.stdout).not.toContain("<redacted");
  });

  it("prints a spec without secrets in full, its instance-id included", () => {
    const dir = tempDir();
    const plain = { hostname: "web-01", packages: ["nginx"] };
    const r = runCli([
      "diff",
      specFile(dir, "a.yaml", plain),
      specFile(dir, "b.yaml", { ...plain, packages: ["nginx", "curl"] }),
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^-instance-id: iid-[0-9a-f]{20}$/m);
    expect(r.stdout).not.toContain("<redacted");
  });
});
