/**
 * `render --out-dir` on worker threads (src/cli/render-parallel.ts): whatever thread renders what,
 * the files, their bytes and the problems (and their order) are those one thread gives.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import {
  cleanupTempDirs,
  fixture,
  listTree,
  requireBuiltCli,
  runCli,
  tempDir,
  type CliResult,
} from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

const FIXTURES = ["full.yaml", "full.json", "minimal.yaml"];

/** `count` spec files vm-00.yaml... (copies of the fixtures, in turn); `bad` numbers get invalid.yaml. */
function specFiles(count: number, bad: readonly number[] = []): string[] {
  const dir = tempDir();
  return Array.from({ length: count }, (_, i) => {
    const source = bad.includes(i) ? "invalid.yaml" : (FIXTURES[i % FIXTURES.length] as string);
    const path = join(dir, `vm-${String(i).padStart(2, "0")}${source.endsWith(".json") ? ".json" : ".yaml"}`);
    copyFileSync(fixture(source), path);
    return path;
  });
}

/** Runs `render ARGS --out-dir OUT` with `threads` threads; returns the result and every file's bytes. */
function renderOn(threads: number, args: readonly string[]): { r: CliResult; files: Map<string, Buffer> } {
  const out = join(tempDir(), "out");
  const r = runCli([...args, "--out-dir", out], { env: { BOOTSTRAPPED_VM_THREADS: String(threads) } });
  const files = new Map(listTree(out).map((name) => [name, readFileSync(join(out, name))]));
  return { r, files };
}

function expectSameRun(a: ReturnType<typeof renderOn>, b: ReturnType<typeof renderOn>): void {
  expect(a.r.status).toBe(b.r.status);
  expect(a.r.stderr).toBe(b.r.stderr);
  expect([...a.files.keys()]).toEqual([...b.files.keys()]);
  for (const [name, data] of a.files) expect(data.equals(b.files.get(name) as Buffer)).toBe(true);
}

describe("bootstrapped-vm render --out-dir on worker threads", () => {
  it("writes for 40 specs on two threads the files and bytes one thread writes", () => {
    const args = ["render", ...specFiles(40), "-f", "nocloud-iso"];
    const two = renderOn(2, args);
    expect(two.r.stderr).toBe("");
    expect(two.files.size).toBe(40);
    expectSameRun(two, renderOn(1, args));
  });

  it("loads spec files on the worker thread while the main thread renders every one of them", () => {
    // src/cli/render-parallel.ts: every spec is loaded (read, parsed, validated) once, by the main
    // thread or the worker, and rendered on the main thread; BOOTSTRAPPED_VM_TRACE says who did what.
    const args = ["render", ...specFiles(40), "-f", "nocloud-iso"];
    const out = join(tempDir(), "out");
    const r = runCli([...args, "--out-dir", out], {
      env: { BOOTSTRAPPED_VM_THREADS: "2", BOOTSTRAPPED_VM_TRACE: "1" },
    });
    expect(r.status).toBe(0);
    const lines = r.stderr.trimEnd().split("\n");
    for (const line of lines)
      expect(line).toMatch(/^bootstrapped-vm trace: at \d+ ms .+ \(thread cpu (\d+|\?) ms\)$/);
    expect(lines).toContainEqual(expect.stringContaining("main thread: 1 worker thread(s)"));
    const main = lines.map((l) =>
      /main thread: loaded (\d+) of 40 specs \(workers: (\d+)\), rendered all/.exec(l),
    );
    const [, here, theirs] = main.find((m) => m !== null) ?? [];
    expect(Number(here) + Number(theirs)).toBe(40);
    const { files } = renderOn(1, args);
    expect(listTree(out)).toEqual([...files.keys()]);
    for (const [name, data] of files) expect(readFileSync(join(out, name)).equals(data)).toBe(true);
  });

  it("reports every invalid spec's problems in spec order, as one thread does, and writes nothing", () => {
    const args = ["render", ...specFiles(40, [3, 21, 38]), "-f", "nocloud-iso"];
    const two = renderOn(2, args);
    expect(two.r.status).toBe(1);
    const files = two.r.stderr
      .trimEnd()
      .split("\n")
      .map((line) => line.replace(/\.yaml:.*/, ""));
    expect([...new Set(files)].map((f) => f.slice(-5))).toEqual(["vm-03", "vm-21", "vm-38"]);
    expect(two.files.size).toBe(0);
    expectSameRun(two, renderOn(1, args));
  });

  it("places the problems a render finds in their spec files, whichever thread loaded them", () => {
    // by-position.yaml validates but cannot render without --mac: both interfaces need one.
    const dir = tempDir();
    const paths = Array.from({ length: 30 }, (_, i) => {
      const path = join(dir, `vm-${String(i).padStart(2, "0")}.yaml`);
      copyFileSync(fixture(i % 3 === 1 ? "by-position.yaml" : "full.yaml"), path);
      return path;
    });
    const args = ["render", ...paths, "-f", "nocloud-iso"];
    const two = renderOn(2, args);
    expect(two.r.status).toBe(1);
    expect(
      two.r.stderr
        .trimEnd()
        .split("\n")
        .map((line) => line.replace(/: has neither .*/, "")),
    ).toEqual(
      paths
        .filter((_, i) => i % 3 === 1)
        .flatMap((p) => [`${p}:5:7: network.interfaces[0]`, `${p}:7:7: network.interfaces[1]`]),
    );
    expectSameRun(two, renderOn(1, args));
  });

  it("renders a fleet of 120 members on two threads as one thread does, and names the first invalid member", () => {
    const dir = tempDir();
    // %{n:2} is two digits up to member 99 (n = 99); member 99 has n = 100: "52:54:00:00:00:100" is no MAC.
    writeFileSync(
      join(dir, "base.yaml"),
      'hostname: base\nnetwork:\n  interfaces:\n    - name: eth0\n      macAddress: "52:54:00:00:00:%{n:2}"\n',
    );
    writeFileSync(join(dir, "ok.json"), JSON.stringify({ count: 99, hostname: "web-%{n:3}" }));
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ count: 120, hostname: "web-%{n:3}" }));
    const ok = ["render", join(dir, "base.yaml"), "--fleet", join(dir, "ok.json"), "-f", "nocloud-iso"];
    const good = renderOn(2, ok);
    expect(good.r.stderr).toBe("");
    expect(good.files.size).toBe(99);
    expectSameRun(good, renderOn(1, ok));
    const bad = ["render", join(dir, "base.yaml"), "--fleet", join(dir, "bad.json"), "-f", "nocloud-iso"];
    const failed = renderOn(2, bad);
    expect(failed.r.status).toBe(1);
    expect(failed.r.stderr).toMatch(/\(fleet member 99, web-100\)$/m);
    expectSameRun(failed, renderOn(1, bad));
  });

  it("by default uses a worker for spec files whenever there are 2 CPUs, whatever the load, and none for a fleet", () => {
    // workerCount (src/cli/render-parallel.ts): spec files use every CPU (at most 4 threads); a fleet's
    // worker costs more than it saves (measured there), so a fleet renders on the main thread.
    const traced = (args: string[]): string => {
      const r = runCli([...args, "--out-dir", join(tempDir(), "out")], {
        env: { BOOTSTRAPPED_VM_THREADS: "", BOOTSTRAPPED_VM_TRACE: "1" },
      });
      expect(r.status).toBe(0);
      return /main thread: (\d+) worker thread\(s\)/.exec(r.stderr)?.[1] ?? "no trace";
    };
    const cpus = availableParallelism();
    expect(traced(["render", ...specFiles(40), "-f", "nocloud-iso"])).toBe(String(Math.min(cpus, 4) - 1));
    const dir = tempDir();
    writeFileSync(join(dir, "base.yaml"), "hostname: base\n");
    writeFileSync(join(dir, "plan.json"), JSON.stringify({ count: 40, hostname: "web-%{n:3}" }));
    expect(
      traced(["render", join(dir, "base.yaml"), "--fleet", join(dir, "plan.json"), "-f", "nocloud-iso"]),
    ).toBe("0");
  });
});
