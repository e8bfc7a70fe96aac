/** `render --out -` (stdout), short options, and `render --out-dir` (many specs, one process). */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, cleanupTempDirs, fixture, listTree, requireBuiltCli, runCli, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

/** Renders to a file and returns its bytes. */
function renderFile(spec: string, format: string, extra: string[] = []): Buffer {
  const out = join(tempDir(), "out");
  const r = runCli(["render", spec, "--format", format, "--out", out, ...extra]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return readFileSync(out);
}

/** Runs the CLI in `cwd` with stdout as bytes (an ISO is binary). */
function runBinary(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

describe("bootstrapped-vm render --out -", () => {
  it.each(["user-data", "network-config", "guestinfo", "vapp", "nocloud-iso", "configdrive-iso"])(
    "writes %s to stdout, byte for byte what --out FILE writes, and no file named -",
    (format) => {
      const cwd = tempDir();
      const r = runBinary(["render", fixture("full.yaml"), "--format", format, "--out", "-"], cwd);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout.equals(renderFile(fixture("full.yaml"), format))).toBe(true);
      expect(listTree(cwd)).toEqual([]);
    },
  );

  it.each(["nocloud-dir", "configdrive-dir", "vmware-seeder"])(
    "refuses - for the directory format %s as a usage error (exit 2), writing nothing",
    (format) => {
      const cwd = tempDir();
      const r = runBinary(["render", fixture("full.yaml"), "--format", format, "--out", "-"], cwd);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--out - \(stdout\) takes a single-file format/);
      expect(listTree(cwd)).toEqual([]);
    },
  );

  it("writes nothing on stdout when the spec is invalid", () => {
    const r = runCli(["render", fixture("invalid.yaml"), "-f", "user-data", "-o", "-"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
  });
});

describe("bootstrapped-vm short options", () => {
  it("takes -f, -o and -m for --format, --out and --mac", () => {
    const out = join(tempDir(), "n.yaml");
    const r = runCli([
      "render",
      fixture("by-position.yaml"),
      "-f",
      "network-config",
      "-o",
      out,
      "-m",
      "52:54:00:aa:bb:01",
      "-m",
      "52:54:00:aa:bb:02",
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const long = renderFile(fixture("by-position.yaml"), "network-config", [
      "--mac",
      "52:54:00:aa:bb:01",
      "--mac",
      "52:54:00:aa:bb:02",
    ]);
    expect(readFileSync(out).equals(long)).toBe(true);
  });

  it("lists the short options in each command's help", () => {
    expect(runCli(["render", "--help"]).stdout).toMatch(/-f, --format[\s\S]*-o, --out[\s\S]*-m, --mac/);
    expect(runCli(["validate", "--help"]).stdout).toMatch(/-f, --format[\s\S]*-m, --mac/);
    expect(runCli(["diff", "--help"]).stdout).toMatch(/-f, --format[\s\S]*-m, --mac/);
    expect(runCli(["serve", "--help"]).stdout).toMatch(/-p, --port[\s\S]*-b, --bind/);
  });
});

describe("bootstrapped-vm render --out-dir: many specs in one process", () => {
  function specDir(): string {
    const dir = tempDir();
    copyFileSync(fixture("full.yaml"), join(dir, "web-01.yaml"));
    copyFileSync(fixture("full.json"), join(dir, "web-02.json"));
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yml"));
    return dir;
  }

  it("writes DIR/<name>.iso for every spec, each the image render --out writes for it", () => {
    const dir = specDir();
    const out = join(tempDir(), "seeds");
    const specs = ["web-01.yaml", "web-02.json", "tiny.yml"].map((f) => join(dir, f));
    const r = runCli(["render", ...specs, "--format", "nocloud-iso", "--out-dir", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(listTree(out)).toEqual(["tiny.iso", "web-01.iso", "web-02.iso"]);
    for (const spec of specs) {
      const name = spec.replace(/^.*\//, "").replace(/\.(yaml|yml|json)$/, "");
      expect(readFileSync(join(out, `${name}.iso`)).equals(renderFile(spec, "nocloud-iso"))).toBe(true);
    }
  });

  it("writes a directory per spec for directory formats and a suffixed file for documents", () => {
    const dir = specDir();
    const out = join(tempDir(), "seeds");
    const specs = [join(dir, "web-01.yaml"), join(dir, "tiny.yml")];
    expect(runCli(["render", ...specs, "-f", "nocloud-dir", "--out-dir", out]).status).toBe(0);
    expect(listTree(out)).toEqual(expect.arrayContaining(["tiny/user-data", "web-01/network-config"]));
    const docs = join(tempDir(), "docs");
    expect(runCli(["render", ...specs, "-f", "user-data", "--out-dir", docs]).status).toBe(0);
    expect(listTree(docs)).toEqual(["tiny.user-data", "web-01.user-data"]);
  });

  it("writes nothing when one spec is invalid and names the file of every problem", () => {
    const dir = specDir();
    copyFileSync(fixture("invalid.yaml"), join(dir, "bad.yaml"));
    const out = join(tempDir(), "seeds");
    const bad = join(dir, "bad.yaml");
    const r = runCli(["render", join(dir, "web-01.yaml"), bad, "-f", "nocloud-iso", "--out-dir", out]);
    expect(r.status).toBe(1);
    for (const line of r.stderr.trimEnd().split("\n")) expect(line.startsWith(`${bad}:`)).toBe(true);
    expect(existsSync(out)).toBe(false);
  });

  it("replaces no image when one target cannot be written (a directory in its place)", () => {
    const dir = specDir();
    const out = join(tempDir(), "seeds");
    mkdirSync(join(out, "web-02.iso"), { recursive: true });
    writeFileSync(join(out, "tiny.iso"), "old");
    const specs = ["web-01.yaml", "web-02.json", "tiny.yml"].map((f) => join(dir, f));
    const r = runCli(["render", ...specs, "-f", "nocloud-iso", "--out-dir", out]);
    expect(r.status).toBe(1);
    // Neither the image before the blocked one nor the one after it: all or nothing.
    expect(listTree(out)).toEqual(["tiny.iso", "web-02.iso"]);
    expect(r.stderr).toBe(
      `--out-dir ${out}: ${join(out, "web-02.iso")}: exists and is not a regular file; remove it or choose another --out-dir\n`,
    );
    expect(readFileSync(join(out, "tiny.iso"), "utf8")).toBe("old");
  });

  it("writes no directory output when one target cannot be replaced, for spec files and for a fleet", () => {
    const dir = specDir();
    const out = join(tempDir(), "seeds");
    mkdirSync(join(out, "web-02"), { recursive: true });
    writeFileSync(join(out, "web-02", "notes.txt"), "mine");
    const specs = ["web-01.yaml", "web-02.json", "tiny.yml"].map((f) => join(dir, f));
    const r = runCli(["render", ...specs, "-f", "nocloud-dir", "--out-dir", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `--out-dir ${out}: ${join(out, "web-02")}: refusing to replace a directory holding entries this format ` +
        "does not write (notes.txt); remove it or choose another --out-dir\n",
    );
    // Not web-01/ before it, nor tiny/ after it.
    expect(listTree(out)).toEqual(["web-02", "web-02/notes.txt"]);
    const plan = join(dir, "plan.yaml");
    writeFileSync(plan, "count: 3\nhostname: worker-%{n:3}\n");
    const fleetOut = join(tempDir(), "fleet");
    mkdirSync(fleetOut);
    writeFileSync(join(fleetOut, "worker-003"), "a file where a member's directory goes");
    const fleet = runCli([
      "render",
      join(dir, "tiny.yml"),
      "--fleet",
      plan,
      "-f",
      "configdrive-dir",
      "--out-dir",
      fleetOut,
    ]);
    expect(fleet.status).toBe(1);
    expect(fleet.stderr).toMatch(
      /worker-003: exists and is not a directory \(this format writes a directory\); remove it/,
    );
    expect(listTree(fleetOut)).toEqual(["worker-003"]);
  });

  it("says in words why --out-dir cannot be made, and refuses - (stdout) as a directory", () => {
    const dir = specDir();
    const file = join(tempDir(), "f");
    writeFileSync(file, "");
    const spec = join(dir, "tiny.yml");
    const onFile = runCli(["render", spec, "-f", "user-data", "--out-dir", file]);
    expect([onFile.status, onFile.stderr]).toEqual([
      1,
      `--out-dir ${file}: exists and is not a directory; choose a directory\n`,
    ]);
    const under = runCli(["render", spec, "-f", "user-data", "--out-dir", join(file, "sub")]);
    expect([under.status, under.stderr]).toEqual([
      1,
      `--out-dir ${join(file, "sub")}: cannot create: a part of the path is not a directory\n`,
    ]);
    const sample = runCli(["render-sample", "--out", file]);
    expect([sample.status, sample.stderr]).toEqual([
      1,
      `--out ${file}: exists and is not a directory; choose a directory\n`,
    ]);
    const cwd = tempDir();
    for (const args of [
      ["render", spec, "-f", "user-data", "--out-dir", "-"],
      ["render-sample", "--out", "-"],
    ]) {
      const r = runCli(args, { cwd });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        /^bootstrapped-vm render(-sample)?: --out(-dir)? -: - is stdout, but --out(-dir)? names a directory; give one\n/,
      );
    }
    expect(listTree(cwd)).toEqual([]);
  });

  it("refuses two specs that would write the same output", () => {
    const dir = specDir();
    writeFileSync(join(dir, "web-01.json"), readFileSync(fixture("full.json")));
    const out = join(tempDir(), "seeds");
    const r = runCli([
      "render",
      join(dir, "web-01.yaml"),
      join(dir, "web-01.json"),
      "-f",
      "nocloud-iso",
      "--out-dir",
      out,
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `${join(dir, "web-01.json")}: writes ${join(out, "web-01.iso")} as ${join(dir, "web-01.yaml")} does`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("takes several specs only with --out-dir, and --mac only with one spec (usage errors)", () => {
    const dir = specDir();
    const two = [join(dir, "web-01.yaml"), join(dir, "tiny.yml")];
    const out = join(tempDir(), "x");
    const noDir = runCli(["render", ...two, "-f", "nocloud-iso", "-o", out]);
    expect(noDir.status).toBe(2);
    expect(noDir.stderr).toMatch(/^bootstrapped-vm render: 2 specs need --out-dir DIR/);
    const macs = runCli(["render", ...two, "-f", "nocloud-iso", "--out-dir", out, "-m", "52:54:00:aa:bb:01"]);
    expect(macs.status).toBe(2);
    expect(macs.stderr).toMatch(/--mac gives one VM's MACs/);
    const both = runCli(["render", two[0] as string, "-f", "nocloud-iso", "-o", out, "--out-dir", out]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/give --out or --out-dir, not both/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("bootstrapped-vm render --format network-config", () => {
  /** A dual-stack NIC with an IPv6 extra route: cloud-init would bind it to the IPv4 subnet (network-delivery.ts). */
  const AFFECTED = `hostname: routes-01
network:
  interfaces:
    - name: eth0
      macAddress: "52:54:00:0d:00:01"
      addresses: [192.0.2.10/24, "2001:db8::10/64"]
      gateway4: 192.0.2.1
      routes:
        - { to: "2001:db8:1::/48", via: "2001:db8::1" }
`;

  it("writes the version the guest is given by default (v1 here) and either version on request", () => {
    const spec = join(tempDir(), "routes.yaml");
    writeFileSync(spec, AFFECTED);
    const text = (extra: string[] = []) => renderFile(spec, "network-config", extra).toString("utf8");
    expect(text()).toMatch(/^config:\n[\s\S]*\nversion: 1\n$/);
    expect(text()).toBe(text(["--network-version", "1"]));
    expect(text(["--network-version", "2"])).toMatch(/^ethernets:\n[\s\S]*\nversion: 2\n$/);
    const seed = join(tempDir(), "seed");
    expect(runCli(["render", spec, "--format", "nocloud-dir", "--out", seed]).status).toBe(0);
    expect(readFileSync(join(seed, "network-config"), "utf8")).toBe(text());
  });

  it("diffs the delivered network-config for --format nocloud-iso", () => {
    const spec = join(tempDir(), "routes.yaml");
    writeFileSync(spec, AFFECTED);
    const changed = join(tempDir(), "routes-changed.yaml");
    writeFileSync(changed, AFFECTED.replace("2001:db8:1::/48", "2001:db8:2::/48"));
    const r = runCli(["diff", "--format", "nocloud-iso", spec, changed]);
    expect(r.status).toBe(1);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("differ: meta-data, network-config (v1)");
  });
});
