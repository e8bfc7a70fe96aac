/**
 * `bench bulk`: N seed images from N spec files, as a fleet build or a CI job makes them. Ours is one
 * process: `bootstrapped-vm render web-0000.yaml ... --format nocloud-iso --out-dir seeds/`. The
 * reference is a shell loop running `cloud-localds` once per VM over the same documents (rendered
 * before the clock with `--format nocloud-dir --out-dir`). Both alternate over a few rounds; the
 * ratio of the medians is the figure.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stableYaml } from "../src/util/serialize";
import { benchSpec } from "./bench-specs";
import { CLI, localdsArgs, timeCommand } from "./cli";
import { fixed, median } from "./stats";

export interface BulkBenchResult {
  images: number;
  oursMs: number;
  loopMs: number;
  ratio: number;
  line: string;
  detail: string;
}

export function runBulkBench(images = 200, rounds = 3): BulkBenchResult {
  const dir = mkdtempSync(join(tmpdir(), "bvm-bench-bulk-"));
  try {
    const specDir = join(dir, "specs");
    mkdirSync(specDir);
    const specs = Array.from({ length: images }, (_, i) => {
      const path = join(specDir, `vm-${String(i).padStart(4, "0")}.yaml`);
      writeFileSync(path, stableYaml(benchSpec(10_000 + i)));
      return path;
    });
    const seeds = join(dir, "seeds");
    timeCommand(process.execPath, [CLI, "render", ...specs, "--format", "nocloud-dir", "--out-dir", seeds]);
    const script = readdirSync(seeds)
      .sort()
      .map(
        (name) =>
          `cloud-localds ${localdsArgs(join(seeds, name), join(dir, "localds", `${name}.img`)).join(" ")}`,
      )
      .join("\n");
    const loop = join(dir, "loop.sh");
    writeFileSync(loop, `set -e\nmkdir -p ${join(dir, "localds")}\n${script}\n`);
    const ours = () =>
      timeCommand(process.execPath, [
        CLI,
        "render",
        ...specs,
        "--format",
        "nocloud-iso",
        "--out-dir",
        join(dir, "ours"),
      ]);
    const theirs = () => timeCommand("bash", [loop]);
    const oursTimes: number[] = [];
    const loopTimes: number[] = [];
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        oursTimes.push(ours());
        loopTimes.push(theirs());
      } else {
        loopTimes.push(theirs());
        oursTimes.push(ours());
      }
    }
    const oursMs = median(oursTimes);
    const loopMs = median(loopTimes);
    const ratio = oursMs / loopMs;
    return {
      images,
      oursMs,
      loopMs,
      ratio,
      line: `bench bulk: images=${images} ratio=${fixed(ratio, 4)} per_image_ms=${fixed(oursMs / images, 2)}`,
      detail:
        `bulk: ${images} seed images from ${images} YAML specs: one render --out-dir ${fixed(oursMs, 0)} ms ` +
        `(${fixed(oursMs / images, 2)} ms each), a loop of cloud-localds ${fixed(loopMs, 0)} ms ` +
        `(${fixed(loopMs / images, 1)} ms each) (medians of ${rounds} alternating rounds)`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const r = runBulkBench(Number(process.argv[2] ?? "200"));
  console.log(`${r.detail}\n${r.line}`);
}
