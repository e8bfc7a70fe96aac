import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Chain } from "../helpers/sha256-chain";
import { cleanupTempDirs, fixture, requireBuiltCli, ROOT, runCli, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

describe("bootstrapped-vm diff", () => {
  it("prints nothing and exits 0 for two specs that render the same documents", () => {
    const r = runCli(["diff", fixture("full.yaml"), fixture("full.yaml")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("");
  });

  it("prints a unified diff of the changed documents and exits 1", () => {
    const r = runCli(["diff", "--all", fixture("full.yaml"), fixture("full-changed.yaml")]);
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

  it("-q/--brief prints only the last line, with the same exit status (as diff -q)", () => {
    const full = runCli(["diff", "-f", "nocloud-iso", fixture("full.yaml"), fixture("full-changed.yaml")]);
    const last = full.stdout.trimEnd().split("\n").pop() ?? "";
    expect(last).toMatch(/^differ: user-data, /);
    for (const flag of ["-q", "--brief"]) {
      const r = runCli([
        "diff",
        flag,
        "-f",
        "nocloud-iso",
        fixture("full.yaml"),
        fixture("full-changed.yaml"),
      ]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(1);
      expect(r.stdout).toBe(`${last}\n`);
    }
    const same = runCli(["diff", "-q", fixture("full.yaml"), fixture("full.yaml")]);
    expect([same.status, same.stdout]).toEqual([0, ""]);
  });

  it("shows guestinfo metadata decoded rather than as base64", () => {
    const r = runCli(["diff", fixture("full.yaml"), fixture("full-changed.yaml")]);
    expect(r.stdout).toContain("--- a/guestinfo.metadata (decoded)\t");
    expect(r.stdout).toMatch(/^[-+]\s*local-hostname: web-01$|^[-+]\s*instance-id: iid-/m);
  });

  it("exits 2 (trouble, as diff(1)) with the problems of an invalid spec, each naming its file", () => {
    const r = runCli(["diff", fixture("full.yaml"), fixture("invalid.yaml")]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line.startsWith(`${fixture("invalid.yaml")}:`)).toBe(true);
    expect(r.stderr).toContain(`${fixture("invalid.yaml")}:2:1: hostname: `);
  });

  it("places a problem found while rendering (not validating) a side at its line in that file", () => {
    const r = runCli(["diff", fixture("by-position.yaml"), fixture("full.yaml")]);
    expect(r.status).toBe(2);
    expect(
      r.stderr
        .trimEnd()
        .split("\n")
        .map((line) => line.replace(/: has neither .*/, "")),
    ).toEqual([
      `${fixture("by-position.yaml")}:5:7: network.interfaces[0]`,
      `${fixture("by-position.yaml")}:7:7: network.interfaces[1]`,
    ]);
  });

  it("names the old file when it is the one that is bad, and reports both when both are", () => {
    const missing = fixture("does-not-exist.yaml");
    const oldBad = runCli(["diff", missing, fixture("full.yaml")]);
    expect(oldBad.status).toBe(2);
    expect(oldBad.stderr).toBe(
      `${missing}: cannot read spec: no such file (-N takes an absent spec as none)\n`,
    );
    const both = runCli(["diff", fixture("invalid.yaml"), missing]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain(`${fixture("invalid.yaml")}:2:1: hostname: `);
    expect(both.stderr).toContain(`${missing}: cannot read spec: no such file`);
  });

  it("compares the network config version --network-version names, as render --network-version renders it", () => {
    const args = [fixture("full.yaml"), fixture("full-changed.yaml")];
    const r = runCli(["diff", "--network-version", "1", "-f", "network-config", ...args]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout.match(/^--- .*$/gm)?.map((l) => l.split("\t")[0])).toEqual(["--- a/network-config (v1)"]);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("differ: network-config (v1)");
    // The old side's lines are render's v1 document.
    const v1 = runCli([
      "render",
      fixture("full.yaml"),
      "-f",
      "network-config",
      "--network-version",
      "1",
      "-o",
      "-",
    ]);
    expect(v1.stdout).toContain("subnets:\n      - address: 192.0.2.10/24\n");
    expect(r.stdout).toContain("-      - address: 192.0.2.10/24\n+      - address: 192.0.2.11/24\n");
    const v2 = runCli(["diff", "--network-version", "2", "-f", "network-config", ...args]);
    expect(v2.stdout.trimEnd().split("\n").pop()).toBe("differ: network-config (v2)");
    // As for render, the option needs --format network-config (without --format both versions are compared).
    for (const without of [[], ["-f", "nocloud-iso"]]) {
      const refused = runCli(["diff", "--network-version", "1", ...without, ...args]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(
        /^bootstrapped-vm diff: --network-version applies only to --format network-config\n/,
      );
    }
  });

  describe("-N/--new-file (as diff -N): an absent spec, or /dev/null, is no spec", () => {
    const added = (stdout: string) => stdout.match(/^(---|\+\+\+) [^\t]*/gm) ?? [];

    it("prints every document of a new spec as added, and exits 1", () => {
      for (const absent of ["/dev/null", join(tempDir(), "new-in-this-commit.yaml")]) {
        for (const flag of ["-N", "--new-file"]) {
          const r = runCli(["diff", flag, absent, fixture("full.yaml")]);
          expect(r.status).toBe(1);
          expect(r.stderr).toBe("");
          const all = runCli(["diff", "--brief", "--all", fixture("minimal.yaml"), fixture("full.yaml")]);
          const documents = (/: (.*)$/.exec(all.stdout.trimEnd())?.[1] ?? "").split(", ");
          expect(r.stdout.trimEnd().split("\n").pop()).toBe(`differ: ${documents.join(", ")}`);
          expect(added(r.stdout)).toEqual(documents.flatMap((d) => ["--- /dev/null", `+++ b/${d}`]));
          // Wholly added: no line is removed or kept.
          expect(r.stdout).not.toMatch(/^(?!--- )[- ]/m);
        }
      }
      const userData = runCli(["render", fixture("full.yaml"), "-f", "user-data", "-o", "-"]).stdout;
      const r = runCli(["diff", "-N", "-f", "user-data", "/dev/null", fixture("full.yaml")]);
      const plus = r.stdout.split("\n").filter((l) => l.startsWith("+") && !l.startsWith("+++"));
      expect(plus.map((l) => l.slice(1)).join("\n")).toBe(userData.trimEnd());
    });

    it("prints every document of a deleted spec as removed, with its secrets hidden", () => {
      const r = runCli([
        "diff",
        "-N",
        "-f",
        "user-data",
        join(ROOT, "examples", "sample-spec.yaml"),
        "/dev/null",
      ]);
      expect(r.status).toBe(1);
      expect(added(r.stdout)).toEqual(["--- a/user-data", "+++ /dev/null"]);
      expect(r.stdout).not.toMatch(/^\+(?!\+\+)/m);
      expect(r.stdout).toContain("<redacted: before>");
      expect(r.stdout).not.toMatch(/\$6\$/);
    });

    it("is trouble (exit 2) when neither side is a spec, and without -N an absent file is, naming it", () => {
      const gone = join(tempDir(), "gone.yaml");
      const neither = runCli(["diff", "-N", gone, "/dev/null"]);
      expect(neither).toEqual({
        status: 2,
        stdout: "",
        stderr: `${gone} and /dev/null: neither is a spec (-N): nothing to compare\n`,
      });
      const newSide = runCli(["diff", fixture("full.yaml"), gone]);
      expect(newSide.status).toBe(2);
      expect(newSide.stderr).toBe(
        `${gone}: cannot read spec: no such file (-N takes an absent spec as none)\n`,
      );
      const devNull = runCli(["diff", "/dev/null", fixture("full.yaml")]);
      expect(devNull.status).toBe(2);
      expect(devNull.stderr).toMatch(/^\/dev\/null:1:1: a spec must be a mapping/);
    });
  });

  it("exits 2 for a usage error, like diff(1), naming an unknown or spec-independent --format", () => {
    expect(runCli(["diff", fixture("full.yaml")]).status).toBe(2);
    const format = runCli(["diff", fixture("full.yaml"), fixture("full.yaml"), "--format", "iso"]);
    expect(format.status).toBe(2);
    expect(format.stderr).toMatch(/^bootstrapped-vm diff: unknown --format "iso"/);
    const seeder = runCli(["diff", "-f", "vmware-seeder", fixture("full.yaml"), fixture("full.yaml")]);
    expect(seeder.status).toBe(2);
    expect(seeder.stderr).toMatch(/vmware-seeder is the same for every spec: nothing to diff/);
  });

  it("compares only the documents of the formats given with --format (repeatable)", () => {
    const one = runCli(["diff", "-f", "user-data", fixture("full.yaml"), fixture("full-changed.yaml")]);
    expect(one.status).toBe(1);
    expect(one.stdout.match(/^--- a\/.*$/gm)?.map((l) => l.split("\t")[0])).toEqual(["--- a/user-data"]);
    expect(one.stdout.trimEnd().split("\n").pop()).toBe("differ: user-data");
    const nocloud = runCli([
      "diff",
      "--format",
      "nocloud-iso",
      "--format",
      "vapp",
      fixture("full.yaml"),
      fixture("full-changed.yaml"),
    ]);
    expect(nocloud.status).toBe(1);
    expect(nocloud.stdout.trimEnd().split("\n").pop()).toBe(
      "differ: user-data, meta-data, network-config (v2), vApp properties",
    );
    expect(nocloud.stdout).not.toContain("a/guestinfo");
    expect(nocloud.stdout).not.toContain("a/config-drive");
  });

  it("counts the documents (N of M) only when asked for all of them with --all", () => {
    const plain = runCli(["diff", fixture("full.yaml"), fixture("full-changed.yaml")]);
    expect(plain.status).toBe(1);
    const last = plain.stdout.trimEnd().split("\n").pop() ?? "";
    expect(last).toMatch(/^differ: user-data, meta-data, /);
    expect(plain.stdout).not.toMatch(/documents differ/);
    const all = runCli(["diff", "--all", fixture("full.yaml"), fixture("full-changed.yaml")]);
    expect(all.stdout.trimEnd().split("\n").pop()).toMatch(/^9 of 12 documents differ: user-data, /);
    // The config drive's legacy ENI file only when asked for, as render writes it only then.
    expect(all.stdout).not.toContain("openstack/content/0000");
    const legacy = runCli([
      "diff",
      "--all",
      "--legacy-network-file",
      fixture("full.yaml"),
      fixture("full-changed.yaml"),
    ]);
    expect(legacy.stdout.trimEnd().split("\n").pop()).toMatch(/^10 of 13 documents differ: user-data, /);
    expect(legacy.stdout).toContain("--- a/config-drive openstack/content/0000\t");
  });

  it("compares a spec with a bond for every format, as render renders it for each", () => {
    // network_data.json carries this bond; the legacy ENI file (never asked for here) cannot.
    const bond = join(tempDir(), "bond.yaml");
    writeFileSync(
      bond,
      "hostname: db-01\nnetwork:\n  interfaces:\n" +
        '    - macAddress: "52:54:00:00:00:01"\n    - macAddress: "52:54:00:00:00:02"\n' +
        '  bonds:\n    - name: bond0\n      interfaces: ["52:54:00:00:00:01", "52:54:00:00:00:02"]\n' +
        "      mode: active-backup\n      dhcp4: true\n",
    );
    const renamed = join(tempDir(), "bond2.yaml");
    writeFileSync(renamed, readFileSync(bond, "utf8").replace("db-01", "db-02"));
    const formats = ["nocloud-iso", "configdrive-iso", "guestinfo", "vapp", "user-data", "network-config"];
    for (const format of [[], ...formats.map((f) => ["-f", f])]) {
      const same = runCli(["diff", ...format, bond, bond]);
      expect({ format, status: same.status, stderr: same.stderr }).toEqual({ format, status: 0, stderr: "" });
    }
    const changed = runCli(["diff", "-f", "configdrive-iso", bond, renamed]);
    expect(changed.status).toBe(1);
    expect(changed.stdout.trimEnd().split("\n").pop()).toBe(
      "differ: user-data, config-drive openstack/latest/meta_data.json",
    );
    // Asked for, the legacy file refuses the bond exactly as render does: trouble, placed in the file.
    const legacy = runCli(["diff", "-f", "configdrive-iso", "--legacy-network-file", bond, renamed]);
    const rendered = runCli(["render", bond, "-f", "configdrive-iso", "--legacy-network-file", "-o", "-"]);
    expect(rendered.status).toBe(1);
    // The fix in the command line's terms, not the library's `legacyNetworkFile`.
    expect(rendered.stderr).toContain(
      "; drop --legacy-network-file (network_data.json carries bonds and VLANs)\n",
    );
    expect(legacy.status).toBe(2);
    expect(legacy.stderr.split("\n")[0]).toBe(rendered.stderr.split("\n")[0]);
    expect(legacy.stderr).toMatch(
      new RegExp(`^${bond.replace(/[.]/g, "\\.")}:\\d+:\\d+: network\\.bonds\\[0\\]`),
    );
  });

  it("refuses a side only for the formats chosen, with render's problems; without --format shows the refusal as a document", () => {
    // Over guestinfo's 64 KiB even as gzip+base64 (random base64 does not compress), fine on a NoCloud seed.
    const random = sha256Chain(60000);
    const big = join(tempDir(), "big.yaml");
    const spec = (host: string) =>
      `hostname: ${host}\nfiles:\n  - path: /opt/blob\n    content: ${random.toString("base64")}\n`;
    writeFileSync(big, spec("big-01"));
    const big2 = join(tempDir(), "big2.yaml");
    writeFileSync(big2, spec("big-02"));
    const seedOnly = runCli(["diff", "-f", "nocloud-iso", big, big2]);
    expect(seedOnly.stderr).toBe("");
    expect(seedOnly.status).toBe(1);
    expect(seedOnly.stdout.trimEnd().split("\n").pop()).toBe("differ: user-data, meta-data");
    const guestinfo = runCli(["diff", "-f", "guestinfo", big, big2]);
    const rendered = runCli(["render", big, "-f", "guestinfo", "-o", "-"]);
    expect(guestinfo.status).toBe(2);
    expect(guestinfo.stderr.split("\n")[0]).toBe(rendered.stderr.split("\n")[0]);
    expect(guestinfo.stderr).toContain(`${big}:1:1: guestinfo.userdata would be `);
    // Every document: the refusal is the same on both sides, so it is no difference.
    const every = runCli(["diff", big, big2]);
    expect(every.status).toBe(1);
    expect(every.stdout).not.toContain("guestinfo: refused");
    // A change that makes guestinfo impossible is one.
    const grew = runCli(["diff", fixture("minimal.yaml"), big]);
    expect(grew.status).toBe(1);
    expect(grew.stdout).toMatch(
      /^\+guestinfo\.userdata would be \d+ bytes after gzip\+base64, over the 65536-byte/m,
    );
    expect(grew.stdout.trimEnd().split("\n").pop()).toMatch(
      /config-drive openstack\/latest\/meta_data\.json, guestinfo\.metadata \(decoded\), guestinfo keys, guestinfo: refused, vApp properties, vApp properties: refused$/,
    );
  });

  it("refuses a side for a chosen format whose target cloud-init cannot read it, as render does", () => {
    const old = join(tempDir(), "old.yaml");
    writeFileSync(old, readFileSync(fixture("full.yaml"), "utf8") + 'cloudInit:\n  minVersion: "20.4"\n');
    for (const format of ["guestinfo", "vapp"]) {
      const r = runCli(["diff", "-f", format, fixture("full.yaml"), old]);
      const rendered = runCli(["render", old, "-f", format, "-o", "-"]);
      expect(rendered.status).toBe(1);
      expect({ format, status: r.status, stderr: r.stderr }).toEqual({
        format,
        status: 2,
        stderr: rendered.stderr,
      });
    }
    // --seeder and --cloud-init mean what they mean to render.
    expect(runCli(["diff", "-f", "guestinfo", "--seeder", fixture("full.yaml"), old]).status).toBe(1);
    expect(runCli(["diff", "-f", "user-data", "--seeder", fixture("full.yaml"), old]).status).toBe(2);
  });

  it("exits 0 when the documents of the chosen format are equal even if others differ", () => {
    // Another MTU changes the network config (and the instance-id) but not the user-data.
    const changed = join(tempDir(), "mtu.yaml");
    writeFileSync(changed, readFileSync(fixture("full.yaml"), "utf8").replace("mtu: 1500", "mtu: 9000"));
    const userData = runCli(["diff", "--format", "user-data", fixture("full.yaml"), changed]);
    expect(userData.stderr).toBe("");
    expect(userData.status).toBe(0);
    expect(userData.stdout).toBe("");
    const seed = runCli(["diff", "--format", "nocloud-iso", fixture("full.yaml"), changed]);
    expect(seed.status).toBe(1);
    expect(seed.stdout.trimEnd().split("\n").pop()).toBe("differ: meta-data, network-config (v2)");
  });
});
