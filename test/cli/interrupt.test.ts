/**
 * Ctrl-C (SIGINT) or SIGTERM while a command writes its outputs: no temporary file or directory is left,
 * each target holds its old content or its complete new one, and the process ends by the signal
 * (docs/cli.md: "it never leaves a partial image or half a directory"). The batch of `render --out-dir`
 * stops before any target is replaced; a single write (`--out FILE`, a directory output) is finished first.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, cleanupTempDirs, fixture, listFiles, requireBuiltCli, runCli, tempDir } from "./cli-harness";

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

/**
 * A module preloaded into the CLI's process (`node --require`): the first call of `fs[BVM_SIGNAL_AT.fn]`
 * whose arguments (joined by spaces) match `BVM_SIGNAL_AT.match` sends `BVM_SIGNAL_AT.signal` to its own
 * process, then runs. So the signal arrives at a chosen point of a synchronous write, with no timing.
 */
const SIGNAL_HOOK = `const fs = require("node:fs");
const at = JSON.parse(process.env.BVM_SIGNAL_AT);
const original = fs[at.fn];
let sent = false;
fs[at.fn] = function (...args) {
  if (!sent && new RegExp(at.match).test(args.map(String).join(" "))) {
    sent = true;
    process.kill(process.pid, at.signal);
  }
  return original.apply(this, args);
};
`;

/** Where the hook sends the signal: the `fs` function and a pattern of its arguments. */
interface SignalPoint {
  fn: "fsyncSync" | "renameSync" | "openSync";
  match: string;
}

/** Runs the CLI with `args`; `signal` arrives at `at`. */
function runSignalledAt(args: string[], at: SignalPoint, signal: NodeJS.Signals) {
  const hook = join(tempDir(), "signal-hook.js");
  writeFileSync(hook, SIGNAL_HOOK);
  const r = spawnSync(process.execPath, ["--require", hook, CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, BOOTSTRAPPED_VM_DEBUG: "", BVM_SIGNAL_AT: JSON.stringify({ ...at, signal }) },
  });
  if (r.error) throw r.error;
  return r;
}

/** Every file under `dir` with its content, to compare a directory output with a reference. */
function treeContents(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((rel) => [rel, readFileSync(join(dir, rel), "utf8")]));
}

/** A copy of the full fixture as `<dir>/<name>.yaml` (its outputs are named after it). */
function specAs(dir: string, name: string): string {
  const path = join(dir, `${name}.yaml`);
  copyFileSync(fixture("full.yaml"), path);
  return path;
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

describe("render --out FILE interrupted while writing", () => {
  const points: [string, SignalPoint][] = [
    ["the temporary file written, at its fsync", { fn: "fsyncSync", match: "" }],
    ["right before the rename", { fn: "renameSync", match: "\\.tmp " }],
  ];
  describe.each(SIGNALS)("%s", (signal) => {
    it.each(points)(
      "%s: the new image replaces the old one, no temporary file is left, and the process ends by the signal",
      (_moment, at) => {
        const dir = tempDir();
        const reference = join(dir, "reference.iso");
        expect(runCli(["render", fixture("full.yaml"), "-f", "nocloud-iso", "-o", reference]).status).toBe(0);
        const out = join(dir, "out");
        mkdirSync(out);
        writeFileSync(join(out, "seed.iso"), "the old image");
        const r = runSignalledAt(
          ["render", fixture("full.yaml"), "-f", "nocloud-iso", "-o", join(out, "seed.iso")],
          at,
          signal,
        );
        expect(r.stderr).toBe("");
        expect(r.signal).toBe(signal);
        expect(readdirSync(out)).toEqual(["seed.iso"]);
        expect(readFileSync(join(out, "seed.iso")).equals(readFileSync(reference))).toBe(true);
      },
    );
  });
});

describe("directory outputs interrupted while writing", () => {
  const points: [string, SignalPoint][] = [
    ["the first file of the temporary directory", { fn: "openSync", match: "\\.tmp/" }],
    ["the old directory moved aside, the new one not yet in place", { fn: "renameSync", match: "\\.old$" }],
  ];
  describe.each(SIGNALS)("%s", (signal) => {
    it.each(points)(
      "render -f nocloud-dir --out DIR, at %s: the new directory is in place, nothing temporary is left, and the process ends by the signal",
      (_moment, at) => {
        const dir = tempDir();
        const reference = join(dir, "reference");
        expect(runCli(["render", fixture("full.yaml"), "-f", "nocloud-dir", "-o", reference]).status).toBe(0);
        const out = join(dir, "out");
        mkdirSync(join(out, "seed"), { recursive: true });
        writeFileSync(join(out, "seed", "user-data"), "the old user-data");
        const r = runSignalledAt(
          ["render", fixture("full.yaml"), "-f", "nocloud-dir", "-o", join(out, "seed")],
          at,
          signal,
        );
        expect(r.stderr).toBe("");
        expect(r.signal).toBe(signal);
        expect(readdirSync(out)).toEqual(["seed"]);
        expect(treeContents(join(out, "seed"))).toEqual(treeContents(reference));
      },
    );
  });

  it.each(SIGNALS)(
    "%s during the first directory of render --out-dir: that one is new, the next is not written, nothing temporary is left",
    (signal) => {
      const dir = tempDir();
      const specs = [specAs(dir, "a"), specAs(dir, "b")];
      const reference = join(dir, "reference");
      expect(runCli(["render", ...specs, "-f", "nocloud-dir", "--out-dir", reference]).status).toBe(0);
      const out = join(dir, "out");
      for (const name of ["a", "b"]) {
        mkdirSync(join(out, name), { recursive: true });
        writeFileSync(join(out, name, "user-data"), `the old user-data of ${name}`);
      }
      const r = runSignalledAt(
        ["render", ...specs, "-f", "nocloud-dir", "--out-dir", out],
        { fn: "openSync", match: "\\.a\\..*\\.tmp/" },
        signal,
      );
      expect(r.stderr).toBe("");
      expect(r.signal).toBe(signal);
      expect(readdirSync(out).sort()).toEqual(["a", "b"]);
      expect(treeContents(join(out, "a"))).toEqual(treeContents(join(reference, "a")));
      expect(treeContents(join(out, "b"))).toEqual({ "user-data": "the old user-data of b" });
    },
  );
});

describe("render-sample interrupted while writing", () => {
  it.each(SIGNALS)(
    "%s during its first image: that image is in place, the second is not written, no temporary file is left",
    (signal) => {
      const dir = tempDir();
      const reference = join(dir, "reference");
      expect(runCli(["render-sample", "--out", reference]).status).toBe(0);
      const out = join(dir, "out");
      const r = runSignalledAt(["render-sample", "--out", out], { fn: "fsyncSync", match: "" }, signal);
      expect(r.stderr).toBe("");
      expect(r.signal).toBe(signal);
      expect(readdirSync(out)).toEqual(["nocloud.iso"]);
      expect(
        readFileSync(join(out, "nocloud.iso")).equals(readFileSync(join(reference, "nocloud.iso"))),
      ).toBe(true);
    },
  );
});
