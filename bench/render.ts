/**
 * `bench render`: 1,000 distinct specs -> every document (validation included): user-data, meta-data,
 * network config v1 and v2, the config-drive tree with network_data.json, and the guestinfo keys.
 * Several rounds over the same 1,000 specs after a warm-up; the median round decides.
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

export function runRenderBench(specCount = 1000, rounds = 5): RenderBenchResult {
  const specs = Array.from({ length: specCount }, (_, i) => benchSpec(i));
  let sink = 0;
  for (const spec of specs.slice(0, 100)) sink += renderEverything(spec);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
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
