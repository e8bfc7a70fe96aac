/**
 * The test environment of `npm test` (test/helpers/jest-environment.js): a jest worker that ends cleanly
 * ends with SIGKILL from its `exit` listener, after every other `exit` listener; a crash keeps its status;
 * jest's main process is not touched. Each case runs a small script as a child process, at the path of a
 * jest worker's main module (where the installed jest-worker has it) or elsewhere.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { cleanupTempDirs, tempDir } from "../cli/cli-harness";

const ENVIRONMENT = join(__dirname, "jest-environment.js");

/**
 * Where the jest-worker that jest-runner (which starts the test workers) loads keeps the main module of its
 * worker processes, relative to the package.
 */
function workerMainPath(): string[] {
  const runner = dirname(require.resolve("jest-runner/package.json"));
  const root = dirname(require.resolve("jest-worker/package.json", { paths: [runner] }));
  const found = (readdirSync(join(root, "build"), { recursive: true, encoding: "utf8" }) as string[]).filter(
    (file) => file.split(/[\\/]/).pop() === "processChild.js",
  );
  expect(found).toHaveLength(1);
  return ["build", ...found[0]!.split(/[\\/]/)];
}

afterAll(cleanupTempDirs);

/**
 * Runs a script that installs the environment's exit (twice, as two test files' environments would),
 * adds an `exit` listener writing `marker` in between, and ends with `status`. `asWorker` places it where
 * jest's worker main module is.
 */
function run(name: string, asWorker: boolean, status: number) {
  const dir = tempDir();
  const script = asWorker
    ? join(dir, name, "node_modules", "jest-worker", ...workerMainPath())
    : join(dir, name, "main.js");
  mkdirSync(dirname(script), { recursive: true });
  const marker = join(dir, `${name}.marker`);
  writeFileSync(
    script,
    [
      `const { endWorkerAtOnce } = require(${JSON.stringify(ENVIRONMENT)});`,
      "endWorkerAtOnce();",
      `process.on("exit", (code) => require("node:fs").writeFileSync(${JSON.stringify(marker)}, "exit " + code));`,
      "endWorkerAtOnce();",
      `process.exitCode = ${status};`,
    ].join("\n"),
  );
  const r = spawnSync(process.execPath, [script], { encoding: "utf8" });
  let written: string | undefined;
  try {
    written = readFileSync(marker, "utf8");
  } catch {
    written = undefined;
  }
  return { status: r.status, signal: r.signal, stderr: r.stderr, written };
}

describe("npm test's jest environment", () => {
  it("ends a jest worker's clean exit with SIGKILL, after the exit listeners added before the last file", () => {
    const r = run("clean-worker", true, 0);
    expect(r.stderr).toBe("");
    expect(r.signal).toBe("SIGKILL");
    expect(r.written).toBe("exit 0");
  });

  it("leaves a worker's non-zero status (a crash) to jest", () => {
    const r = run("failed-worker", true, 3);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(3);
    expect(r.written).toBe("exit 3");
  });

  it("does not touch a process that is not a jest worker (jest's main process, a test in band)", () => {
    const r = run("main-process", false, 0);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.written).toBe("exit 0");
  });

  it("is npm test's environment, with workers replaced before they grow large", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS config file
    const config = require("../../jest.config.js") as {
      testEnvironment?: string;
      workerIdleMemoryLimit?: string;
    };
    expect(config.testEnvironment).toBe("<rootDir>/test/helpers/jest-environment.js");
    // The other half: no worker grows to several GB (even the kernel's part of ending one then passes 500 ms).
    expect(config.workerIdleMemoryLimit).toBe("512MB");
  });
});
