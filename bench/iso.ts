/**
 * ISO benchmark (npm run bench:iso; not a test): the same NoCloud seed, built in-process by
 * buildNoCloudIso and by `genisoimage -J -R -V cidata` (what cloud-localds and Nova run; process
 * start included, since that is what a user pays). Medians over several rounds, image sizes from
 * the same run, and two builds of ours compared byte for byte. The last line printed is:
 *
 *   bench iso: time_ratio=<ours/genisoimage> size_ratio=<ours/genisoimage> identical_rebuilds=<yes|no>
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildNoCloudIso, NOCLOUD_LABEL } from "../src/iso";
import { renderAll } from "../src/render/render-all";
import { renderNoCloudFiles } from "../src/render/nocloud";
import { benchSpec } from "./bench-specs";
import { fixed, median, nowMs } from "./stats";

const OUR_ROUNDS = 200;
const GENISOIMAGE_ROUNDS = 15;

export interface IsoBenchResult {
  line: string;
  oursMedianMs: number;
  genisoimageMedianMs: number;
  oursBytes: number;
  genisoimageBytes: number;
  timeRatio: number;
  sizeRatio: number;
  identicalRebuilds: boolean;
}

function seedFiles(): Map<string, Buffer> {
  return renderNoCloudFiles(renderAll(benchSpec(0)));
}

function buildOurs(files: Map<string, Buffer>): Buffer {
  return buildNoCloudIso({
    userData: files.get("user-data") ?? "",
    metaData: files.get("meta-data") ?? "",
    networkConfig: files.get("network-config"),
    vendorData: files.get("vendor-data"),
  });
}

function runGenisoimage(inputDir: string, output: string): void {
  const r = spawnSync("genisoimage", ["-quiet", "-J", "-R", "-V", NOCLOUD_LABEL, "-o", output, inputDir]);
  if (r.error)
    throw new Error(`genisoimage could not run (${r.error.message}); apt-get install -y genisoimage`);
  if (r.status !== 0) throw new Error(`genisoimage exited ${r.status}: ${r.stderr.toString()}`);
}

/** Runs the benchmark and returns its numbers and the summary line. */
export async function runIsoBench(): Promise<IsoBenchResult> {
  const files = seedFiles();
  const work = mkdtempSync(join(tmpdir(), "bench-iso-"));
  try {
    const inputDir = join(work, "seed");
    mkdirSync(inputDir);
    for (const [name, data] of files) writeFileSync(join(inputDir, name), data);
    const output = join(work, "genisoimage.iso");

    const first = buildOurs(files);
    const second = buildOurs(files);
    const identicalRebuilds = first.equals(second);
    const ours: number[] = [];
    for (let i = 0; i < OUR_ROUNDS; i++) {
      const start = nowMs();
      buildOurs(files);
      ours.push(nowMs() - start);
    }

    runGenisoimage(inputDir, output); // warm the page cache, as our warm-up builds did
    const theirs: number[] = [];
    for (let i = 0; i < GENISOIMAGE_ROUNDS; i++) {
      const start = nowMs();
      runGenisoimage(inputDir, output);
      theirs.push(nowMs() - start);
    }
    const genisoimageBytes = readFileSync(output).length;

    const oursMedianMs = median(ours);
    const genisoimageMedianMs = median(theirs);
    const timeRatio = oursMedianMs / genisoimageMedianMs;
    const sizeRatio = first.length / genisoimageBytes;
    const line =
      `bench iso: time_ratio=${fixed(timeRatio, 4)} size_ratio=${fixed(sizeRatio, 3)} ` +
      `identical_rebuilds=${identicalRebuilds ? "yes" : "no"}`;
    return {
      line,
      oursMedianMs,
      genisoimageMedianMs,
      oursBytes: first.length,
      genisoimageBytes,
      timeRatio,
      sizeRatio,
      identicalRebuilds,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runIsoBench().then(
    (r) => {
      console.log(`ours: median ${fixed(r.oursMedianMs, 4)} ms, ${r.oursBytes} bytes (${OUR_ROUNDS} rounds)`);
      console.log(
        `genisoimage -J -R: median ${fixed(r.genisoimageMedianMs, 2)} ms, ${r.genisoimageBytes} bytes (${GENISOIMAGE_ROUNDS} rounds, process start included)`,
      );
      console.log(r.line);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
