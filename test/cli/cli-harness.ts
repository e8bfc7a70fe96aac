/**
 * Runs the BUILT command line as a user would: `node bin/bootstrapped-vm.js ...` in a child process.
 * `npm test` builds first; running jest alone needs `npm run build` — a missing or stale dist/ fails
 * the tests with a message that says so.
 */
import { execFileSync, spawn, spawnSync, ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const CLI = join(ROOT, "bin", "bootstrapped-vm.js");
export const FIXTURES = join(__dirname, "fixtures");

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** The source folders the CLI is built from (the component and providers are not part of it). */
const CLI_SOURCES = ["cli", "spec", "render", "iso", "seeder", "util"];

/**
 * Throws unless dist/ holds the built CLI. Warns (does not fail: others may be editing sources while
 * the suite runs) when a source file the CLI runs is newer than its build.
 */
export function requireBuiltCli(): void {
  // bin/bootstrapped-vm.js runs the bundle dist/cli.js, which `npm run build` makes from the sources.
  const bundle = join(ROOT, "dist", "cli.js");
  if (!existsSync(bundle)) {
    throw new Error(
      `The CLI is not built (${relative(ROOT, bundle)} missing): run \`npm run build\` (npm test does).`,
    );
  }
  const sources = CLI_SOURCES.map((d) => join(ROOT, "src", d)).filter((d) => existsSync(d));
  const built = statSync(bundle).mtimeMs;
  const stale = sources.flatMap(tsFiles).filter((src) => built < statSync(src).mtimeMs);
  if (stale.length > 0) {
    console.warn(
      `dist/ is older than ${stale.map((s) => relative(ROOT, s)).join(", ")}: the CLI under test may not match ` +
        "the sources; run `npm run build` (npm test does).",
    );
  }
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion. */
export function runCli(
  args: readonly string[],
  opts: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    ...(opts.input === undefined ? {} : { input: opts.input }),
    env: { ...process.env, BOOTSTRAPPED_VM_DEBUG: "", ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI without waiting (for `serve`). */
export function startCli(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
}

/** A fresh temporary directory, removed by `cleanupTempDirs`. */
const made: string[] = [];
/** The NoCloud seed ISO the built command line writes for `specPath`, as bytes (`out`: where it goes). */
export function cliNoCloudIso(specPath: string, out: string): Buffer {
  execFileSync(process.execPath, [CLI, "render", specPath, "--format", "nocloud-iso", "--out", out]);
  return readFileSync(out);
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "bvm-cli-"));
  made.push(dir);
  return dir;
}
export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs an external tool the tests depend on, whatever its exit status (diff(1) exits 1 for "differ"); a
 * missing tool FAILS the test with the package to install.
 */
export function spawnTool(
  tool: string,
  args: readonly string[],
  debianPackage: string,
  opts: { cwd?: string; input?: string } = {},
): CliResult {
  const r = spawnSync(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new Error(`${tool} is not installed: apt-get install -y ${debianPackage} (bash .ci/run does this)`);
  }
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs an external tool as `spawnTool` does; a status other than 0 fails the test with its stderr. */
export function runTool(tool: string, args: readonly string[], debianPackage: string): string {
  const r = spawnTool(tool, args, debianPackage);
  if (r.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Bytes of a file extracted from an ISO through its Rock Ridge names (isoinfo -R -x). */
export function isoFile(image: string, path: string): Buffer {
  const r = spawnSync("isoinfo", ["-R", "-i", image, "-x", path], { maxBuffer: 64 * 1024 * 1024 });
  if (r.error)
    throw new Error(`isoinfo is not installed: apt-get install -y genisoimage (${r.error.message})`);
  return r.stdout;
}

/** The Rock Ridge file list of an ISO (`isoinfo -R -f`), sorted. */
export function isoListing(image: string): string[] {
  return runTool("isoinfo", ["-R", "-f", "-i", image], "genisoimage")
    .split("\n")
    .filter((l) => l !== "")
    .sort();
}

/** The volume id of an ISO (`isoinfo -d`). */
export function isoVolumeId(image: string): string {
  const m = /^Volume id: (.*)$/m.exec(runTool("isoinfo", ["-d", "-i", image], "genisoimage"));
  return m?.[1]?.trim() ?? "";
}

/** Every entry under `dir` (relative paths), to prove nothing partial or temporary is left behind. */
export function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

/** Every regular file under `dir` (relative paths), sorted. */
export function listFiles(dir: string): string[] {
  return listTree(dir).filter((p) => statSync(join(dir, p)).isFile());
}
