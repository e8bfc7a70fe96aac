import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupTempDirs, fixture, requireBuiltCli, runCli, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

describe("bootstrapped-vm validate", () => {
  it.each(["minimal.yaml", "full.yaml", "full.json", "by-position.yaml"])(
    "accepts the valid spec %s with exit 0",
    (name) => {
      const r = runCli(["validate", fixture(name)]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${fixture(name)}: valid\n`);
    },
  );

  it("reports every problem of an invalid spec on its own line as `FILE:LINE:COL: <property path>: <message>` and exits 1", () => {
    const file = fixture("invalid.yaml");
    const r = runCli(["validate", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line.startsWith(`${file}:`)).toBe(true);
    const rest = lines.map((l) => l.slice(file.length + 1));
    for (const line of rest) expect(line).toMatch(/^\d+:\d+: [A-Za-z][\w.[\]"-]*: \S/);
    // Each problem sits at its property's key (or list item) in the file.
    expect(rest).toContainEqual(expect.stringMatching(/^2:1: hostname: /));
    expect(rest).toContainEqual(
      expect.stringMatching(/^\d+:\d+: network\.interfaces\[0\]\.addresses\[0\]: /),
    );
    expect(rest).toContainEqual(expect.stringMatching(/^\d+:1: colour: /));
  });

  it("places problems of a JSON spec at their line and column too", () => {
    const dir = tempDir();
    const file = join(dir, "bad.json");
    writeFileSync(file, '{\n  "hostname": "web_01",\n  "users": [{"name": "ok", "groups": ["a,b"]}]\n}\n');
    const r = runCli(["validate", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:2:3: hostname: "web_01" is not an RFC 1123 host name label`);
    expect(r.stderr).toContain(`${file}:3:39: users[0].groups[0]: "a,b" is not a group name`);
  });

  it("refuses an alias bomb with the file, the line and column of the multiplying alias, and exits 1", () => {
    const file = fixture("alias-bomb.yaml");
    const r = runCli(["validate", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^${file.replace(/[.]/g, "\\.")}:4:8: aliases here expand the document`),
    );
  });

  it("points at the line and column of a YAML syntax error and exits 1", () => {
    const r = runCli(["validate", fixture("syntax-error.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^${fixture("syntax-error.yaml").replace(/[.]/g, "\\.")}:\\d+:\\d+: `),
    );
  });

  it("says a missing spec file does not exist and exits 1", () => {
    const r = runCli(["validate", fixture("does-not-exist.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${fixture("does-not-exist.yaml")}: cannot read spec: no such file\n`);
  });

  it("rejects a spec that is a list instead of a mapping", () => {
    const r = runCli(["validate", fixture("not-a-mapping.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `${fixture("not-a-mapping.yaml")}:1:1: a spec must be a mapping of BootstrapSpec fields (hostname, users, ...)\n`,
    );
  });
});
