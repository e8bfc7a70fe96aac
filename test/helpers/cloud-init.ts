/**
 * Runs Debian's cloud-init (22.4) — the real consumer of everything the library emits.
 * Its Python modules belong to Debian's /usr/bin/python3, not to any python3 earlier on PATH.
 *
 * Never passes silently: when cloud-init is missing, `requireCloudInit()` throws, in CI and out of it.
 */
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const DEBIAN_PYTHON = "/usr/bin/python3";
export const CLOUD_INIT = "/usr/bin/cloud-init";
/** The Python modules the tests' cloud-init readers import (`PYTHONPATH` for them). */
export const PYTHON_HELPERS = join(__dirname, "python");

let checked: string | undefined;

/** Throws a loud, actionable error unless Debian's cloud-init is importable. Returns its version. */
export function requireCloudInit(): string {
  if (checked) return checked;
  const hint =
    "cloud-init conformance checks need Debian's cloud-init: apt-get update && apt-get install -y cloud-init " +
    "(bash .ci/run does this). These checks are never skipped.";
  if (!existsSync(DEBIAN_PYTHON) || !existsSync(CLOUD_INIT)) {
    throw new Error(`cloud-init is NOT installed (${CLOUD_INIT} missing). ${hint}`);
  }
  const r = spawnSync(DEBIAN_PYTHON, ["-c", "import cloudinit.version as v; print(v.version_string())"], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`cloud-init's Python modules cannot be imported: ${r.stderr}. ${hint}`);
  checked = r.stdout.trim();
  return checked;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function result(r: SpawnSyncReturns<string>): RunResult {
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a Python script with Debian's python3 (cloud-init importable). */
export function runPython(
  script: string,
  opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): RunResult {
  requireCloudInit();
  return result(
    spawnSync(DEBIAN_PYTHON, ["-c", script], {
      encoding: "utf8",
      input: opts.input,
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env, PYTHONDONTWRITEBYTECODE: "1" },
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
}

/** Runs Debian's python3 with the given arguments (a script file and its arguments). */
export function runPythonArgs(argv: string[]): RunResult {
  requireCloudInit();
  return result(
    spawnSync(DEBIAN_PYTHON, argv, {
      encoding: "utf8",
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
}

/** Runs the `cloud-init` command line with the given arguments. */
export function runCloudInit(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): RunResult {
  requireCloudInit();
  return result(
    spawnSync(CLOUD_INIT, args, {
      encoding: "utf8",
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
}
