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

describe("stderr after stdout when both are one pipe or socket (2>&1)", () => {
  // Node writes to a pipe or socket what it takes at once and queues the rest: a document much larger than
  // the pipe's or socket's buffer is still mostly queued when the command writes its next line.
  const MACS = ["-m", "52:54:00:00:00:01", "-m", "52:54:00:00:00:02"];
  const WARNING =
    "warning: --mac 52:54:00:00:00:02 (NIC 1) is not used: the spec has 1 interface (network.interfaces[0])\n";
  let spec = "";
  let document = "";

  beforeAll(() => {
    spec = join(tempDir(), "big.yaml");
    const big = "x".repeat(4 << 20);
    writeFileSync(
      spec,
      readFileSync(fixture("full.yaml"), "utf8").replace('"Managed by bootstrapped-vm\\n"', `"${big}"`),
    );
    const r = runCli(["render", spec, "-f", "user-data", "-o", "-"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(big);
    document = r.stdout;
  });

  it.each([
    ["-", "a pipe (2>&1 | cat)", " | cat"],
    ["-", "a socket (Node's spawn)", ""],
    ["/dev/stdout", "a socket (Node's spawn)", ""],
  ])("render -o %s to %s: the --mac warning comes after the whole document", (out, _to, pipe) => {
    const cli = [process.execPath, CLI, "render", spec, "-f", "user-data", "-o", out, ...MACS];
    const r = spawnSync(
      "bash",
      ["-c", `"$@" 2>&1${pipe}; echo "status=\${PIPESTATUS[0]}" >&2`, "bash", ...cli],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, BOOTSTRAPPED_VM_DEBUG: "" },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(r.stderr).toBe("status=0\n");
    const at = r.stdout.indexOf("warning:");
    expect({ at, length: r.stdout.length }).toEqual({
      at: document.length,
      length: document.length + WARNING.length,
    });
    expect(r.stdout).toBe(document + WARNING);
  });
});

describe("stdout after stderr when both are one pipe (2>&1)", () => {
  it("validate bad.yaml good.yaml: good.yaml's valid line comes after all of bad.yaml's problems", () => {
    // 20,000 problems, 3.6 MB on stderr: most of it is still queued when the valid line is written.
    const dir = tempDir();
    const bad = join(dir, "bad.yaml");
    const good = join(dir, "good.yaml");
    const users = Array.from({ length: 20_000 }, (_, i) => `  - name: "Bad Name ${i}"\n`).join("");
    writeFileSync(bad, `hostname: bad1\nusers:\n${users}`);
    writeFileSync(good, "hostname: good1\n");
    const r = spawnSync(
      "bash",
      [
        "-c",
        `"$@" 2>&1 | cat; echo "status=\${PIPESTATUS[0]}" >&2`,
        "bash",
        process.execPath,
        CLI,
        "validate",
        bad,
        good,
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 },
    );
    expect(r.stderr).toBe("status=1\n");
    const lines = r.stdout.split("\n");
    expect(lines.length).toBe(20_002); // 20,000 problems, the valid line, and the empty rest after the last \n
    expect(lines.slice(-2)).toEqual([`${good}: valid`, ""]);
    expect(lines.filter((l) => l.startsWith(`${bad}:`)).length).toBe(20_000);
  });

  it("validate good.yaml bad.yaml good2.yaml: the lines come in the order of the specs", () => {
    const dir = tempDir();
    const specs = ["good.yaml", "bad.yaml", "good2.yaml"].map((name) => join(dir, name));
    writeFileSync(specs[0] as string, "hostname: good1\n");
    writeFileSync(specs[1] as string, "hostname: bad_1\n");
    writeFileSync(specs[2] as string, "hostname: good2\n");
    const r = spawnSync(
      "bash",
      ["-c", `"$@" 2>&1 | cat`, "bash", process.execPath, CLI, "validate", ...specs],
      {
        encoding: "utf8",
      },
    );
    expect(r.stdout.split("\n").map((l) => l.replace(/:\d+:\d+: .*/, ": <problem>"))).toEqual([
      `${specs[0]}: valid`,
      `${specs[1]}: <problem>`,
      `${specs[2]}: valid`,
      "",
    ]);
  });
});
