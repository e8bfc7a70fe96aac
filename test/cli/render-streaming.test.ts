/**
 * `render --out-dir` writes each seed image into its batch as soon as it is rendered (src/cli/write-out-dir.ts
 * `streamOutputs`): the temporary files are written and fsynced while later specs render, an image's bytes
 * are let go once written, and still no target is replaced before every spec has rendered and every new
 * file is on disk.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { CLI, cleanupTempDirs, fixture, requireBuiltCli, runCli, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

/** How long the FIFO test waits for the first temporary file before it lets the render go on anyway. */
const FIRST_FILE_DEADLINE_MS = 60_000;

/** `count` copies of the full fixture spec in a new directory, named vm000.yaml, vm001.yaml, ... */
function specCopies(count: number): string[] {
  const dir = tempDir();
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, `vm${String(i).padStart(3, "0")}.yaml`);
    copyFileSync(fixture("full.yaml"), path);
    return path;
  });
}

describe("render --out-dir streams its outputs", () => {
  it("writes the first images while a later spec is still being read", async () => {
    const specs = specCopies(30);
    // The last spec is a FIFO: reading it waits until the test writes it, which it does once a temporary
    // file of the batch exists in DIR (or the deadline passed: then the old order, render all then write).
    const last = join(tempDir(), "vm999.yaml");
    execFileSync("mkfifo", [last]);
    const out = join(tempDir(), "seeds");
    const child = spawn(
      process.execPath,
      [CLI, "render", ...specs, last, "-f", "nocloud-iso", "--out-dir", out],
      {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, BOOTSTRAPPED_VM_THREADS: "1" },
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const parent = join(out, "..");
    const temporaryFiles = () =>
      existsSync(out) ? readdirSync(out).filter((name) => name.endsWith(".tmp")) : [];
    const seen = await new Promise<string[]>((resolve) => {
      const done = () => {
        watcher.close();
        outWatcher?.close();
        clearTimeout(deadline);
        resolve(temporaryFiles());
      };
      let outWatcher: ReturnType<typeof watch> | undefined;
      const look = () => {
        if (outWatcher === undefined && existsSync(out)) outWatcher = watch(out, look);
        if (temporaryFiles().length > 0) done();
      };
      const watcher = watch(parent, look);
      const deadline = setTimeout(done, FIRST_FILE_DEADLINE_MS);
      look();
    });
    writeFileSync(last, readFileSync(fixture("full.yaml")));
    expect([await exited, stderr]).toEqual([0, ""]);
    expect(seen.length).toBeGreaterThan(0);
    expect(readdirSync(out).sort()).toEqual(
      [...specs, last].map((p) => p.replace(/^.*\/(vm\d+)\.yaml$/, "$1.iso")).sort(),
    );
  }, 120_000);

  it("writes nothing, leaves no temporary file and creates no DIR when the last spec is invalid", () => {
    const specs = specCopies(40);
    const bad = join(tempDir(), "vm999.yaml");
    writeFileSync(bad, "hostname: web\nusers: [{ name: ops, sudo: 7 }]\n");
    const out = join(tempDir(), "new", "seeds");
    const r = runCli(["render", ...specs, bad, "-f", "nocloud-iso", "--out-dir", out], {
      env: { BOOTSTRAPPED_VM_THREADS: "1" },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:2:`);
    expect(existsSync(join(out, ".."))).toBe(false);
  });

  it("writes no further file once a spec has failed", async () => {
    const specs = specCopies(40);
    const bad = join(tempDir(), "vm000-bad.yaml");
    writeFileSync(bad, "hostname: web\nusers: [{ name: ops, sudo: 7 }]\n");
    const out = tempDir();
    const created: string[] = [];
    const watcher = watch(out, (_event, name) => {
      if (String(name).endsWith(".tmp")) created.push(String(name));
    });
    const child = spawn(
      process.execPath,
      [CLI, "render", bad, ...specs, "-f", "nocloud-iso", "--out-dir", out],
      {
        stdio: ["ignore", "ignore", "ignore"],
        env: { ...process.env, BOOTSTRAPPED_VM_THREADS: "1" },
      },
    );
    const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    watcher.close();
    expect(status).toBe(1);
    expect(created).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
  });

  it("keeps the old outputs when the last spec is invalid, and leaves no temporary file", () => {
    const specs = specCopies(40);
    const out = join(tempDir(), "seeds");
    expect(runCli(["render", ...specs, "-f", "nocloud-iso", "--out-dir", out]).status).toBe(0);
    const before = readdirSync(out).map((name) => [name, readFileSync(join(out, name))] as const);
    writeFileSync(specs[39] as string, "hostname: web\nusers: [{ name: ops, sudo: 7 }]\n");
    writeFileSync(
      specs[0] as string,
      readFileSync(fixture("full.yaml"), "utf8").replace(/^hostname: .*$/m, "hostname: other"),
    );
    const r = runCli(["render", ...specs, "-f", "nocloud-iso", "--out-dir", out]);
    expect(r.status).toBe(1);
    expect(readdirSync(out).sort()).toEqual(before.map(([name]) => name).sort());
    for (const [name, bytes] of before) expect(readFileSync(join(out, name)).equals(bytes)).toBe(true);
  });

  it("holds a few images at a time: peak memory grows by far less than the images of a larger fleet", () => {
    // Each member's image carries a 100,000-byte file: 900 more members are 90 MB more of images.
    const dir = tempDir();
    let blob = "";
    for (let i = 0; blob.length < 100_000; i++) blob += ((i * 2654435761) >>> 0).toString(36);
    writeFileSync(
      join(dir, "base.yaml"),
      `hostname: base\nfiles:\n  - path: /etc/blob\n    content: "${blob.slice(0, 100_000)}"\n`,
    );
    const peak = (members: number) => {
      const plan = join(dir, `plan-${members}.yaml`);
      writeFileSync(plan, `count: ${members}\nhostname: web-%{n:4}\n`);
      const out = join(tempDir(), "seeds");
      const report = join(dir, `rss-${members}`);
      const preload = join(dir, "rss.js");
      writeFileSync(
        preload,
        `process.on("exit", () => require("fs").writeFileSync(process.env.RSS_REPORT, String(process.resourceUsage().maxRSS)));`,
      );
      const r = execFileSync(
        process.execPath,
        [
          "-r",
          preload,
          CLI,
          "render",
          join(dir, "base.yaml"),
          "--fleet",
          plan,
          "-f",
          "nocloud-iso",
          "--out-dir",
          out,
        ],
        { env: { ...process.env, RSS_REPORT: report }, encoding: "utf8" },
      );
      expect(r).toBe("");
      expect(readdirSync(out)).toHaveLength(members);
      return Number(readFileSync(report, "utf8")) / 1024;
    };
    const small = peak(100);
    const large = peak(1000);
    // Measured: 78 MB and 112 MB (34 MB more); before the outputs were streamed, 96 MB and 276 MB.
    expect(large - small).toBeLessThan(90);
  }, 120_000);
});
