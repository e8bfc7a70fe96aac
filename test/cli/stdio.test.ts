/**
 * Standard input and output as the Unix tools the command line replaces use them: `-` as a spec path
 * reads stdin (cat(1), diff(1)), and a stdout that cannot take the output (a full disk, a reader that
 * went away) ends the command with one line and a non-zero status, never Node's stack trace.
 */
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { CLI, cleanupTempDirs, fixture, requireBuiltCli, runCli, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

const minimal = readFileSync(fixture("minimal.yaml"), "utf8");

describe("a spec on stdin (-)", () => {
  it("validate - reads the spec from stdin and names it <stdin>", () => {
    const ok = runCli(["validate", "-"], { input: minimal });
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe("<stdin>: valid\n");
    const bad = runCli(["validate", "-"], {
      input: "hostname: web-01\nusers:\n  - name: ops\n    shel: /bin/sh\n",
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe("<stdin>:4:5: users[0].shel: unknown key; did you mean `shell`?\n");
  });

  it("render - writes what render FILE writes", () => {
    const fromFile = runCli(["render", fixture("full.yaml"), "-f", "user-data", "-o", "-"]);
    const fromStdin = runCli(["render", "-", "-f", "user-data", "-o", "-"], {
      input: readFileSync(fixture("full.yaml"), "utf8"),
    });
    expect(fromStdin.stderr).toBe("");
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it("diff takes one side from stdin, not both, and --out-dir refuses it", () => {
    const same = runCli(["diff", "-", fixture("minimal.yaml")], { input: minimal });
    expect(same.stderr).toBe("");
    expect(same.status).toBe(0);
    const changed = runCli(["diff", "-", fixture("minimal.yaml")], { input: "hostname: web-02\n" });
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain("--- a/user-data\t<stdin>\n+++ b/user-data\t");
    const both = runCli(["diff", "-", "-"], { input: minimal });
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/^bootstrapped-vm diff: - \(stdin\) can be one of the specs, not both\n/);
    const dir = tempDir();
    const many = runCli(["render", "-", fixture("full.yaml"), "-f", "user-data", "--out-dir", dir], {
      input: minimal,
    });
    expect(many.status).toBe(2);
    expect(many.stderr).toContain("- (stdin) is read for one spec written with --out");
  });
});

describe("a UTF-8 byte-order mark", () => {
  it("is not a column: problems on the first line of a YAML spec with a BOM are placed as without it", () => {
    const dir = tempDir();
    const file = join(dir, "bom.yaml");
    writeFileSync(file, "\ufeffhostname: web_01\n");
    const r = runCli(["validate", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1:1: hostname: `));
  });
});

describe("a stdout that cannot take the output", () => {
  function toDevFull(args: string[]): { status: number | null; stderr: string } {
    const fd = openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [CLI, ...args], {
        stdio: ["ignore", fd, "pipe"],
        encoding: "utf8",
      });
      return { status: r.status, stderr: r.stderr };
    } finally {
      closeSync(fd);
    }
  }

  it.each([
    [["render", fixture("full.yaml"), "-f", "user-data", "-o", "-"], 1],
    [["render", fixture("full.yaml"), "-f", "nocloud-iso", "-o", "-"], 1],
    [["schema"], 1],
    [["diff", fixture("full.yaml"), fixture("full-changed.yaml")], 2],
  ])("%j to /dev/full: one line on stderr, exit %d", (args, status) => {
    const r = toDevFull(args);
    expect(r.stderr).toBe("bootstrapped-vm: error: standard output: no space left on the device\n");
    expect(r.status).toBe(status);
  });

  it("a reader that stops early (| head -c 10) gets no stack trace", () => {
    const r = spawnSync(
      "bash",
      [
        "-c",
        `"${process.execPath}" "${CLI}" render "${fixture("full.yaml")}" -f configdrive-iso -o - | head -c 10 > /dev/null; echo "status=\${PIPESTATUS[0]}" >&2`,
      ],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("status=1\n");
  });
});
