import { fixture, requireBuiltCli, runCli } from "./cli-harness";

beforeAll(() => requireBuiltCli());

describe("bootstrapped-vm diff", () => {
  it("prints nothing and exits 0 for two specs that render the same documents", () => {
    const r = runCli(["diff", fixture("full.yaml"), fixture("full.yaml")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("");
  });

  it("prints a unified diff of the changed documents and exits 1", () => {
    const r = runCli(["diff", fixture("full.yaml"), fixture("full-changed.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    // The added package appears as an added line of the cloud-config.
    expect(r.stdout).toContain("--- a/user-data\t");
    expect(r.stdout).toContain("+++ b/user-data\t");
    expect(r.stdout).toMatch(/^\+\s*- curl$/m);
    // The address change reaches network config v2 and network_data.json.
    expect(r.stdout).toContain("--- a/network-config (v2)\t");
    expect(r.stdout).toMatch(/^-.*192\.0\.2\.10\/24/m);
    expect(r.stdout).toMatch(/^\+.*192\.0\.2\.11\/24/m);
    expect(r.stdout).toContain("--- a/config-drive openstack/latest/network_data.json\t");
    // Unchanged documents are not printed.
    expect(r.stdout).not.toContain("a/vendor-data");
    const last = r.stdout.trimEnd().split("\n").pop() ?? "";
    expect(last).toMatch(/^\d+ of \d+ documents differ: user-data, meta-data, .*network-config \(v2\)/);
  });

  it("shows guestinfo metadata decoded rather than as base64", () => {
    const r = runCli(["diff", fixture("full.yaml"), fixture("full-changed.yaml")]);
    expect(r.stdout).toContain("--- a/guestinfo.metadata (decoded)\t");
    expect(r.stdout).toMatch(/^[-+]\s*local-hostname: web-01$|^[-+]\s*instance-id: iid-/m);
  });

  it("exits 1 with the problems of an invalid spec on stderr", () => {
    const r = runCli(["diff", fixture("full.yaml"), fixture("invalid.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^hostname: /m);
  });
});
