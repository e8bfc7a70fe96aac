/**
 * Ctrl-C while `render --out-dir` writes its batch: the command stops before any target is replaced,
 * removes its temporary files and ends by the signal, so the directory holds what it held before
 * (docs/cli.md: "a failed command leaves what was there before (or nothing)").
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, cleanupTempDirs, fixture, requireBuiltCli, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

/** Runs render --out-dir and sends `signal` as soon as the first temporary file of its batch exists. */
function interruptBatch(
  specs: string[],
  out: string,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [CLI, "render", ...specs, "-f", "configdrive-iso", "--out-dir", out],
      {
        stdio: ["ignore", "ignore", "pipe"],
        // One thread: the batch is what is measured, not the render.
        env: { ...process.env, BOOTSTRAPPED_VM_THREADS: "1" },
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let sent = false;
    const watcher = watch(out, (_event, name) => {
      if (sent || !String(name).endsWith(".tmp")) return;
      sent = true;
      // Frozen first, so the signal is there before the batch can finish; it is taken when it runs again.
      child.kill("SIGSTOP");
      child.kill(signal);
      child.kill("SIGCONT");
    });
    child.on("exit", (code, sig) => {
      watcher.close();
      resolve({ code, signal: sig, stderr });
    });
  });
}

describe("render --out-dir interrupted while writing", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "%s: no temporary file is left, the old outputs stay, and the process ends by the signal",
    async (signal) => {
      const dir = tempDir();
      const specs = join(dir, "specs");
      mkdirSync(specs);
      const paths = Array.from({ length: 120 }, (_, i) => {
        const path = join(specs, `vm${String(i).padStart(3, "0")}.yaml`);
        copyFileSync(fixture("full.yaml"), path);
        return path;
      });
      const out = join(dir, "out");
      mkdirSync(out);
      writeFileSync(join(out, "vm000.iso"), "the old image");
      const r = await interruptBatch(paths, out, signal);
      expect(r.stderr).toBe("");
      expect(r.signal).toBe(signal);
      expect(readdirSync(out)).toEqual(["vm000.iso"]);
    },
    60_000,
  );
});
