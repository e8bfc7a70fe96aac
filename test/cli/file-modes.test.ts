/**
 * The modes of the files `render` and `render-sample` write: a file holding the documents' secrets (a
 * password hash, private key or `secret: true` file) 0600, any other 0644, as the seed ISO resource writes
 * them (docs/seed-images.md, "File mode"); `--file-mode` sets every file's mode exactly. Every run is under
 * an explicit umask 022, the usual one, under which the old CLI wrote everything 0644.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, cleanupTempDirs, fixture, requireBuiltCli, ROOT, tempDir, type CliResult } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

/** The sample spec: a user with a password (hashed into user-data). */
const SAMPLE = join(ROOT, "examples", "sample-spec.yaml");
/** No password, private key or secret file. */
const PLAIN = fixture("full.yaml");

/** Runs the built CLI under umask 022. */
function runUmask022(args: readonly string[]): CliResult {
  const r = spawnSync("sh", ["-c", 'umask 022; exec "$0" "$@"', process.execPath, CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, BOOTSTRAPPED_VM_DEBUG: "" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI under umask 022 and expects it to succeed silently. */
function ok(args: readonly string[]): void {
  const r = runUmask022(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}

function mode(path: string): string {
  return (statSync(path).mode & 0o777).toString(8).padStart(4, "0");
}

/** A spec file in a fresh directory. */
function specFile(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

const SINGLE_FILE_FORMATS = ["nocloud-iso", "configdrive-iso", "user-data", "guestinfo", "vapp"];

describe("render: file modes by what the documents hold (umask 022)", () => {
  it.each(SINGLE_FILE_FORMATS)(
    "writes %s of a spec with a password 0600, and of a spec without secrets 0644",
    (format) => {
      const secret = join(tempDir(), "out");
      ok(["render", SAMPLE, "-f", format, "--out", secret]);
      expect(mode(secret)).toBe("0600");
      const plain = join(tempDir(), "out");
      ok(["render", PLAIN, "-f", format, "--out", plain]);
      expect(mode(plain)).toBe("0644");
    },
  );

  it("writes network-config 0644 even for a spec with a password (it holds none), its user-data 0600", () => {
    const network = join(tempDir(), "network-config");
    ok(["render", SAMPLE, "-f", "network-config", "--out", network]);
    expect(mode(network)).toBe("0644");
    const userData = join(tempDir(), "user-data");
    ok(["render", SAMPLE, "-f", "user-data", "--out", userData]);
    expect(mode(userData)).toBe("0600");
  });

  it.each([
    [
      "a private key",
      'files:\n  - path: /etc/k\n    content: "-----BEGIN OPENSSH PRIVATE KEY-----\\nx\\n"\n',
    ],
    ["a secret: true file", "files:\n  - path: /etc/token\n    content: t0ken\n    secret: true\n"],
    ["a password hash", "users:\n  - name: ops\n    passwordHash: $6$salt$hash\n"],
  ])("writes the user-data and ISO of a spec with %s 0600", (_what, tail) => {
    const spec = specFile("s.yaml", `hostname: web-01\n${tail}`);
    for (const format of ["user-data", "nocloud-iso"]) {
      const out = join(tempDir(), "out");
      ok(["render", spec, "-f", format, "--out", out]);
      expect(mode(out)).toBe("0600");
    }
  });

  it("writes nocloud-dir's user-data and meta-data 0600 and its network-config 0644 for a spec with a password, all 0644 without secrets", () => {
    const out = join(tempDir(), "seed");
    ok(["render", SAMPLE, "-f", "nocloud-dir", "--out", out]);
    expect(mode(join(out, "user-data"))).toBe("0600");
    expect(mode(join(out, "meta-data"))).toBe("0600");
    expect(mode(join(out, "network-config"))).toBe("0644");
    const plain = join(tempDir(), "seed");
    ok(["render", PLAIN, "-f", "nocloud-dir", "--out", plain]);
    for (const f of ["user-data", "meta-data", "network-config"]) expect(mode(join(plain, f))).toBe("0644");
  });

  it("writes configdrive-dir's documents 0600 and its network files 0644 for a spec with a password", () => {
    const out = join(tempDir(), "cd");
    ok(["render", SAMPLE, "-f", "configdrive-dir", "--legacy-network-file", "--out", out]);
    for (const rel of [
      "openstack/latest/user_data",
      "openstack/latest/meta_data.json",
      "openstack/latest/vendor_data.json",
      "openstack/2012-08-10/user_data",
      "ec2/latest/user-data",
      "ec2/latest/meta-data.json",
    ]) {
      expect([rel, mode(join(out, rel))]).toEqual([rel, "0600"]);
    }
    expect(mode(join(out, "openstack/latest/network_data.json"))).toBe("0644");
    expect(mode(join(out, "openstack/content/0000"))).toBe("0644");
  });

  it("keeps 0600 when a spec with a password is rendered again over a file chmod'ed 0600, and narrows a 0644 one", () => {
    const dir = tempDir();
    const iso = join(dir, "seed.iso");
    ok(["render", SAMPLE, "-f", "nocloud-iso", "--out", iso]);
    chmodSync(iso, 0o600);
    ok(["render", SAMPLE, "-f", "nocloud-iso", "--out", iso]);
    expect(mode(iso)).toBe("0600");
    chmodSync(iso, 0o644);
    ok(["render", SAMPLE, "-f", "nocloud-iso", "--out", iso]);
    expect(mode(iso)).toBe("0600");
    const seed = join(dir, "seed");
    ok(["render", SAMPLE, "-f", "nocloud-dir", "--out", seed]);
    chmodSync(join(seed, "user-data"), 0o600);
    ok(["render", SAMPLE, "-f", "nocloud-dir", "--out", seed]);
    expect(mode(join(seed, "user-data"))).toBe("0600");
  });
});

describe("render --out-dir and --fleet: the same rule for every output", () => {
  it("writes a batch's outputs 0600 or 0644 by what each spec holds", () => {
    const specs = tempDir();
    copyFileSync(SAMPLE, join(specs, "secret.yaml"));
    copyFileSync(PLAIN, join(specs, "plain.yaml"));
    const paths = [join(specs, "secret.yaml"), join(specs, "plain.yaml")];
    for (const [format, suffix] of [
      ["nocloud-iso", ".iso"],
      ["user-data", ".user-data"],
      ["guestinfo", ".guestinfo.json"],
    ]) {
      const out = join(tempDir(), "seeds");
      ok(["render", ...paths, "-f", format as string, "--out-dir", out]);
      expect([format, mode(join(out, `secret${suffix}`))]).toEqual([format, "0600"]);
      expect([format, mode(join(out, `plain${suffix}`))]).toEqual([format, "0644"]);
    }
    const out = join(tempDir(), "dirs");
    ok(["render", ...paths, "-f", "nocloud-dir", "--out-dir", out]);
    expect(mode(join(out, "secret", "user-data"))).toBe("0600");
    expect(mode(join(out, "secret", "network-config"))).toBe("0644");
    expect(mode(join(out, "plain", "user-data"))).toBe("0644");
  });

  it("writes every member of a fleet whose base spec has a password 0600", () => {
    const dir = tempDir();
    const base = join(dir, "base.yaml");
    const plan = join(dir, "plan.yaml");
    writeFileSync(base, "hostname: base\nusers:\n  - name: ops\n    password: hunter2-%{n}\n");
    writeFileSync(plan, "count: 3\nhostname: web-%{n:3}\n");
    const out = join(tempDir(), "seeds");
    ok(["render", base, "--fleet", plan, "-f", "nocloud-iso", "--out-dir", out]);
    for (const n of ["001", "002", "003"]) expect(mode(join(out, `web-${n}.iso`))).toBe("0600");
    writeFileSync(base, "hostname: base\n");
    const plainOut = join(tempDir(), "seeds");
    ok(["render", base, "--fleet", plan, "-f", "nocloud-iso", "--out-dir", plainOut]);
    for (const n of ["001", "002", "003"]) expect(mode(join(plainOut, `web-${n}.iso`))).toBe("0644");
  });
});

describe("render-sample (npm start): the sample spec has a password", () => {
  it("writes both images 0600, or what --file-mode says", () => {
    const out = join(tempDir(), "out");
    ok(["render-sample", "--out", out]);
    expect(mode(join(out, "nocloud.iso"))).toBe("0600");
    expect(mode(join(out, "config-drive.iso"))).toBe("0600");
    ok(["render-sample", "--out", out, "--file-mode", "0644"]);
    expect(mode(join(out, "nocloud.iso"))).toBe("0644");
    expect(mode(join(out, "config-drive.iso"))).toBe("0644");
  });
});

describe("--file-mode OCTAL: every file's mode, exactly", () => {
  it("applies 0640 to a seed image of a spec with a password and to one without", () => {
    for (const spec of [SAMPLE, PLAIN]) {
      const out = join(tempDir(), "seed.iso");
      ok(["render", spec, "-f", "nocloud-iso", "--out", out, "--file-mode", "0640"]);
      expect(mode(out)).toBe("0640");
    }
  });

  it("sets the mode exactly, bits the umask would remove included (0664 under umask 022; 640 and 0o640 too)", () => {
    const out = join(tempDir(), "user-data");
    ok(["render", SAMPLE, "-f", "user-data", "--out", out, "--file-mode", "0664"]);
    expect(mode(out)).toBe("0664");
    ok(["render", SAMPLE, "-f", "user-data", "--out", out, "--file-mode", "640"]);
    expect(mode(out)).toBe("0640");
    ok(["render", SAMPLE, "-f", "user-data", "--out", out, "--file-mode", "0o600"]);
    expect(mode(out)).toBe("0600");
  });

  it("applies to every file of a directory format, the seeder's executable keeping 0755", () => {
    const out = join(tempDir(), "cd");
    ok(["render", SAMPLE, "-f", "configdrive-dir", "--out", out, "--file-mode", "0640"]);
    expect(mode(join(out, "openstack/latest/user_data"))).toBe("0640");
    expect(mode(join(out, "openstack/latest/network_data.json"))).toBe("0640");
    const seeder = join(tempDir(), "seeder");
    ok(["render", "-f", "vmware-seeder", "--out", seeder, "--file-mode", "0640"]);
    expect(mode(join(seeder, "usr/local/sbin/bootstrapped-vm-guestinfo-seeder"))).toBe("0755");
    expect(mode(join(seeder, "etc/cloud/cloud.cfg.d/90_bootstrapped_vm_nocloud.cfg"))).toBe("0640");
  });

  it("applies to every output of --out-dir and --fleet", () => {
    const specs = tempDir();
    copyFileSync(SAMPLE, join(specs, "secret.yaml"));
    copyFileSync(PLAIN, join(specs, "plain.yaml"));
    const out = join(tempDir(), "seeds");
    const paths = [join(specs, "secret.yaml"), join(specs, "plain.yaml")];
    ok(["render", ...paths, "-f", "nocloud-iso", "--out-dir", out, "--file-mode", "0640"]);
    expect(mode(join(out, "secret.iso"))).toBe("0640");
    expect(mode(join(out, "plain.iso"))).toBe("0640");
    const plan = join(specs, "plan.yaml");
    const base = join(specs, "base.yaml");
    writeFileSync(plan, "count: 2\nhostname: web-%{n:3}\n");
    writeFileSync(base, "hostname: base\nusers:\n  - name: ops\n    password: hunter2\n");
    const fleet = join(tempDir(), "fleet");
    ok(["render", base, "--fleet", plan, "-f", "user-data", "--out-dir", fleet]);
    expect(mode(join(fleet, "web-001.user-data"))).toBe("0600");
    ok(["render", base, "--fleet", plan, "-f", "user-data", "--out-dir", fleet, "--file-mode", "0604"]);
    expect(mode(join(fleet, "web-001.user-data"))).toBe("0604");
    expect(mode(join(fleet, "web-002.user-data"))).toBe("0604");
  });

  it.each(["999", "0778", "01777", "0x1a4", "rw-r--r--", "-1", "6 44"])(
    "refuses --file-mode %s as a usage error (exit 2) that says what to give, writing nothing",
    (value) => {
      const out = join(tempDir(), "seed.iso");
      const r = runUmask022(["render", SAMPLE, "-f", "nocloud-iso", "--out", out, `--file-mode=${value}`]);
      expect(r.status).toBe(2);
      expect(r.stderr.split("\n")[0]).toBe(
        `bootstrapped-vm render: --file-mode ${value}: not permission bits in octal from 0 to 0777; give e.g. 0600, 0640 or 0644`,
      );
      expect(() => statSync(out)).toThrow();
    },
  );

  it("refuses an empty --file-mode, and --file-mode with --out - (stdout has no mode)", () => {
    const empty = runUmask022(["render", SAMPLE, "-f", "user-data", "--out", "x", "--file-mode="]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/^bootstrapped-vm render: missing value for --file-mode\n/);
    const stdout = runUmask022(["render", SAMPLE, "-f", "user-data", "--out", "-", "--file-mode", "0644"]);
    expect(stdout.status).toBe(2);
    expect(stdout.stdout).toBe("");
    expect(stdout.stderr).toMatch(
      /^bootstrapped-vm render: --file-mode sets the mode of files written; --out - writes to stdout\n/,
    );
    const sample = runUmask022(["render-sample", "--out", join(tempDir(), "o"), "--file-mode", "888"]);
    expect(sample.status).toBe(2);
    expect(sample.stderr).toMatch(
      /^bootstrapped-vm render-sample: --file-mode 888: not permission bits in octal/,
    );
  });

  it("is in --help of render and render-sample", () => {
    for (const command of ["render", "render-sample"]) {
      const r = runUmask022([command, "--help"]);
      expect(r.stdout).toMatch(/^ {6}--file-mode OCTAL {4}every file's mode, exactly/m);
    }
  });
});
