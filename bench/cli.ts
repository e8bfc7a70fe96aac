/**
 * `bench cli`: one NoCloud seed image from the command line, process start included, ours against
 * `cloud-localds` (Debian's cloud-image-utils; it runs genisoimage) with the same documents.
 * Both run as child processes, alternating, several rounds; ratio of the medians.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stableJson } from "../src/util/serialize";
import { benchSpec } from "./bench-specs";
import { fixed, median, nowMs } from "./stats";

const CLI = join(__dirname, "..", "..", "bin", "bootstrapped-vm.js");

export interface CliBenchResult {
  oursMs: number;
  cloudLocaldsMs: number;
  ratio: number;
  line: string;
  detail: string;
}

function run(cmd: string, args: string[]): number {
  const t0 = nowMs();
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  const ms = nowMs() - t0;
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new Error(
      `${cmd} is not installed: apt-get install -y cloud-image-utils (it provides cloud-localds)`,
    );
  }
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return ms;
}

export function runCliBench(rounds = 15): CliBenchResult {
  const dir = mkdtempSync(join(tmpdir(), "bvm-bench-cli-"));
  try {
    const spec = join(dir, "spec.json");
    writeFileSync(spec, stableJson(benchSpec(7), 2));
    // The documents cloud-localds gets are exactly the ones our image holds.
    const seed = join(dir, "seed");
    run(process.execPath, [CLI, "render", spec, "--format", "nocloud-dir", "--out", seed]);
    const localdsArgs = [
      "-N",
      join(seed, "network-config"),
      ...(existsSync(join(seed, "vendor-data")) ? ["-V", join(seed, "vendor-data")] : []),
      join(dir, "localds.img"),
      join(seed, "user-data"),
      join(seed, "meta-data"),
    ];
    const oursArgs = [CLI, "render", spec, "--format", "nocloud-iso", "--out", join(dir, "ours.iso")];
    run(process.execPath, oursArgs);
    run("cloud-localds", localdsArgs);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        ours.push(run(process.execPath, oursArgs));
        theirs.push(run("cloud-localds", localdsArgs));
      } else {
        theirs.push(run("cloud-localds", localdsArgs));
        ours.push(run(process.execPath, oursArgs));
      }
    }
    const oursMs = median(ours);
    const cloudLocaldsMs = median(theirs);
    const ratio = oursMs / cloudLocaldsMs;
    return {
      oursMs,
      cloudLocaldsMs,
      ratio,
      line: `bench cli: ratio=${fixed(ratio)}`,
      detail: `cli: render nocloud-iso ${fixed(oursMs, 1)} ms, cloud-localds ${fixed(cloudLocaldsMs, 1)} ms (medians of ${rounds} alternating runs, process start included)`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const r = runCliBench();
  console.log(`${r.detail}\n${r.line}`);
}
