/**
 * `bench render`: 1,000 distinct specs -> every document (validation included): user-data, meta-data,
 * network config v1 and v2, the config-drive tree with network_data.json, and the guestinfo keys.
 * Several rounds after a warm-up; the median round decides. Every round renders 1,000 specs no
 * earlier round (or the warm-up) has seen, so nothing remembered from a previous round can help.
 */
import { renderAll, renderConfigDriveTree, renderGuestinfo, renderNoCloudFiles } from "../src/render";
import type { BootstrapSpec } from "../src/spec/types";
import { benchSpec } from "./bench-specs";
import { fixed, median, nowMs } from "./stats";

export interface RenderBenchResult {
  specs: number;
  perSpecUs: number;
  line: string;
}

/** Renders every document of one spec; returns the total bytes so the work cannot be optimized away. */
function renderEverything(spec: BootstrapSpec): number {
  const docs = renderAll(spec);
  let bytes = 0;
  for (const v of renderNoCloudFiles(docs).values()) bytes += v.length;
  for (const v of renderConfigDriveTree(spec, docs, { legacyNetworkFile: true }).values()) bytes += v.length;
  for (const v of Object.values(renderGuestinfo(docs))) bytes += v.length;
  return bytes;
}

/** Specs rendered before the clock, so the measured rounds run optimized code. */
const WARM_UP = 200;

export function runRenderBench(specCount = 1000, rounds = 5): RenderBenchResult {
  const warmUp = Array.from({ length: WARM_UP }, (_, i) => benchSpec(i));
  const roundSpecs = Array.from({ length: rounds }, (_, r) =>
    Array.from({ length: specCount }, (_, i) => benchSpec(WARM_UP + r * specCount + i)),
  );
  let sink = 0;
  for (const spec of warmUp) sink += renderEverything(spec);
  const times: number[] = [];
  for (const specs of roundSpecs) {
    const t0 = nowMs();
    for (const spec of specs) sink += renderEverything(spec);
    times.push(nowMs() - t0);
  }
  if (sink === 0) throw new Error("the renderers produced no bytes");
  const perSpecUs = (median(times) * 1000) / specCount;
  return {
    specs: specCount,
    perSpecUs,
    line: `bench render: specs=${specCount} per_spec_us=${fixed(perSpecUs, 1)}`,
  };
}

if (require.main === module) console.log(runRenderBench().line);
