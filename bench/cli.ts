/**
 * `bench cli`: one NoCloud seed image from the command line, process start included
 * (`bootstrapped-vm render SPEC --format nocloud-iso --out seed.iso`), against two references run as
 * child processes in the same rounds, alternating: `node -e 0` (the runtime's floor: no Node program
 * can start faster) and `cloud-localds` (Debian's cloud-image-utils; a shell script running
 * genisoimage) with the same documents. Ratios of the medians. A third reference in the same rounds, the
 * yaml floor (bench/yaml-floor.ts), does only the `yaml` library's share of the render, bundled and
 * started as our command line is: `yaml_floor_ratio_node` says how much of the runtime floor's budget our
 * chosen dependency alone takes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stableYaml } from "../src/util/serialize";
import { benchSpec } from "./bench-specs";
import { fixed, median, nowMs } from "./stats";
import { buildYamlFloor } from "./yaml-floor-build";

export const CLI = join(__dirname, "..", "..", "bin", "bootstrapped-vm.js");

export interface CliBenchResult {
  oursMs: number;
  nodeMs: number;
  cloudLocaldsMs: number;
  /** `bootstrapped-vm --help`: process start and loading the bundle, nothing else. */
  loadMs: number;
  /** The render with the image on stdout: no atomic write, no fsync. */
  stdoutMs: number;
  /** The yaml floor: reading and parsing the spec, serializing our YAML documents, writing them. */
  yamlFloorMs: number;
  line: string;
  detail: string;
}

/** Runs a command to completion (with `env` added to this process's environment); returns its wall time in ms. */
export function timeCommand(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): number {
  const t0 = nowMs();
  const r = spawnSync(cmd, args, {
    maxBuffer: 64 * 1024 * 1024,
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
  const ms = nowMs() - t0;
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new Error(`${cmd} is not installed (cloud-localds: apt-get install -y cloud-image-utils)`);
  }
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.toString("utf8")}`);
  return ms;
}

/** The cloud-localds arguments for the NoCloud files in `seed` (what our image holds). */
export function localdsArgs(seed: string, image: string): string[] {
  return [
    ...(existsSync(join(seed, "network-config")) ? ["-N", join(seed, "network-config")] : []),
    ...(existsSync(join(seed, "vendor-data")) ? ["-V", join(seed, "vendor-data")] : []),
    image,
    join(seed, "user-data"),
    join(seed, "meta-data"),
  ];
}

export async function runCliBench(rounds = 15): Promise<CliBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "bvm-bench-cli-"));
  try {
    // A YAML spec file, as users write them.
    const spec = join(dir, "web.yaml");
    writeFileSync(spec, stableYaml(benchSpec(7)));
    const seed = join(dir, "seed");
    timeCommand(process.execPath, [CLI, "render", spec, "--format", "nocloud-dir", "--out", seed]);
    const floor = await buildYamlFloor(dir, [spec], [seed]);
    const programs: [string, string, string[]][] = [
      [
        "ours",
        process.execPath,
        [CLI, "render", spec, "--format", "nocloud-iso", "--out", join(dir, "ours.iso")],
      ],
      ["node", process.execPath, ["-e", "0"]],
      // Where the time goes: process start and loading the bundle (--help runs nothing else), and the
      // whole render without the atomic write's fsync (the image to stdout).
      ["load", process.execPath, [CLI, "--help"]],
      ["stdout", process.execPath, [CLI, "render", spec, "--format", "nocloud-iso", "--out", "-"]],
      ["cloud-localds", "cloud-localds", localdsArgs(seed, join(dir, "localds.img"))],
      ["yaml floor", process.execPath, floor.args],
    ];
    // One run each before the clock: the compile cache and the page cache are warm, as in daily use.
    for (const [, cmd, args] of programs) timeCommand(cmd, args);
    const times = new Map<string, number[]>(programs.map(([name]) => [name, []]));
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? programs : [...programs].reverse();
      for (const [name, cmd, args] of order) times.get(name)?.push(timeCommand(cmd, args));
    }
    const oursMs = median(times.get("ours") ?? []);
    const nodeMs = median(times.get("node") ?? []);
    const cloudLocaldsMs = median(times.get("cloud-localds") ?? []);
    const loadMs = median(times.get("load") ?? []);
    const stdoutMs = median(times.get("stdout") ?? []);
    const yamlFloorMs = median(times.get("yaml floor") ?? []);
    return {
      oursMs,
      nodeMs,
      cloudLocaldsMs,
      loadMs,
      stdoutMs,
      yamlFloorMs,
      line:
        `bench cli: ratio_node=${fixed(oursMs / nodeMs)} ratio_cloud_localds=${fixed(oursMs / cloudLocaldsMs)} ` +
        `ms=${fixed(oursMs, 1)} yaml_floor_ratio_node=${fixed(yamlFloorMs / nodeMs)}`,
      detail:
        `cli: render nocloud-iso ${fixed(oursMs, 1)} ms, node -e 0 ${fixed(nodeMs, 1)} ms, cloud-localds ` +
        `${fixed(cloudLocaldsMs, 1)} ms (medians of ${rounds} alternating runs, process start included); where it ` +
        `goes: start and loading the bundle (--help) ${fixed(loadMs, 1)} ms, the same render to stdout (no ` +
        `fsync) ${fixed(stdoutMs, 1)} ms; the yaml floor (the yaml library alone: read and parse the spec, ` +
        `serialize our 3 YAML documents, write them; bundled, with its code cache) ${fixed(yamlFloorMs, 1)} ms ` +
        `(of which JSON.parse of its job ~${fixed(floor.jobParseMs, 2)} ms)`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runCliBench().then(
    (r) => console.log(`${r.detail}\n${r.line}`),
    (err: unknown) => {
      console.error((err as Error).stack ?? String(err));
      process.exitCode = 1;
    },
  );
}
