import { fixture, requireBuiltCli, runCli } from "./cli-harness";

beforeAll(() => requireBuiltCli());

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

  it("reports every problem of an invalid spec on its own line as `<property path>: <message>` and exits 1", () => {
    const r = runCli(["validate", fixture("invalid.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^[A-Za-z][\w.[\]"-]*: \S/);
    expect(lines.some((l) => l.startsWith("hostname: "))).toBe(true);
    expect(lines.some((l) => l.startsWith("network.interfaces[0].addresses[0]: "))).toBe(true);
    expect(lines.some((l) => l.startsWith("colour: "))).toBe(true);
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
      `${fixture("not-a-mapping.yaml")}: a spec must be a mapping of BootstrapSpec fields (hostname, users, ...)\n`,
    );
  });
});
