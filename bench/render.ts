/**
 * `bench render`: spec -> every document the issue names, as the bytes a guest or a transport gets:
 * validation included, the user-data, the meta-data, the network config v1 and v2 (YAML),
 * network_data.json and the guestinfo keys (gzip+base64 or base64). A second figure, printed as a
 * detail, is the same plus what the seed images add on top: the NoCloud files and the whole
 * config-drive tree (meta_data.json, vendor data, the legacy ENI file, the EC2 documents).
 *
 * Several rounds after a warm-up; the median round decides. Every round renders 1,000 specs no
 * earlier round (or the warm-up) has seen, so nothing remembered from a previous round can help.
 */
import {
  renderAll,
  renderConfigDriveTree,
  renderGuestinfo,
  renderNetworkDataJson,
  renderNoCloudFiles,
  resolveInterfaces,
} from "../src/render";
import { renderMetaData } from "../src/render/meta-data";
import { encodeUserData } from "../src/render/mime";
import { networkV2Yaml } from "../src/render/network-yaml";
import type { RenderedDocuments } from "../src/render/types";
import { cloudConfigText } from "../src/render/user-data";
import type { BootstrapSpec } from "../src/spec/types";
import { stableJson, stableYaml } from "../src/util/serialize";
import { benchSpec } from "./bench-specs";
import { fixed, median, nowMs, runJsonChild } from "./stats";

export interface RenderBenchResult {
  specs: number;
  perSpecUs: number;
  /** The documents plus the NoCloud files and the config-drive tree. */
  withSeedTreesUs: number;
  /** The `yaml` library serializing the four YAML documents of one spec, measured on its own. */
  yamlUs: number;
  line: string;
  detail: string;
}

/** Sizes of every document of the list; the total keeps the work from being optimized away. */
function renderDocuments(spec: BootstrapSpec): { docs: RenderedDocuments; bytes: number } {
  const docs = renderAll(spec);
  let bytes = encodeUserData(docs).length + docs.metaData.length;
  if (docs.network !== undefined) {
    bytes += stableYaml(docs.network.v1).length + networkV2Yaml(docs.network.v2).length;
    bytes += stableJson(renderNetworkDataJson(resolveInterfaces(spec), spec.dns)).length;
  }
  for (const v of Object.values(renderGuestinfo(docs))) bytes += v.length;
  return { docs, bytes };
}

/** The documents, then the NoCloud files and the config-drive tree built from them. */
function renderWithSeedTrees(spec: BootstrapSpec): number {
  const { docs, bytes } = renderDocuments(spec);
  let total = bytes;
  for (const v of renderNoCloudFiles(docs).values()) total += v.length;
  for (const v of renderConfigDriveTree(spec, docs, { legacyNetworkFile: true }).values()) total += v.length;
  return total;
}

/**
 * The part of `renderDocuments` that is the `yaml` library serializing the four YAML documents
 * (cloud-config, meta-data, network v1 and v2); the documents are rendered before the clock.
 */
function serializeYamlOnly(docs: RenderedDocuments): number {
  let bytes = cloudConfigText(docs.cloudConfig).length;
  bytes += renderMetaData({
    instanceId: docs.instanceId,
    hostname: docs.hostname,
    publicKeys: docs.publicKeys,
    metadata: docs.metadata,
  }).length;
  if (docs.network !== undefined)
    bytes += stableYaml(docs.network.v1).length + stableYaml(docs.network.v2).length;
  return bytes;
}

/** Specs rendered before the clock, so the measured rounds run optimized code. */
const WARM_UP = 200;

/** Median µs per item of `render` over `rounds` rounds of `specCount` items made from specs never used before. */
function measure<T>(
  render: (item: T) => number,
  make: (spec: BootstrapSpec) => T,
  first: number,
  specCount: number,
  rounds: number,
) {
  const warmUp = Array.from({ length: WARM_UP }, (_, i) => make(benchSpec(first + i)));
  const roundSpecs = Array.from({ length: rounds }, (_, r) =>
    Array.from({ length: specCount }, (_, i) => make(benchSpec(first + WARM_UP + r * specCount + i))),
  );
  let sink = 0;
  for (const spec of warmUp) sink += render(spec);
  const times: number[] = [];
  for (const specs of roundSpecs) {
    const t0 = nowMs();
    for (const spec of specs) sink += render(spec);
    times.push(nowMs() - t0);
  }
  if (sink === 0) throw new Error("the renderers produced no bytes");
  return (median(times) * 1000) / specCount;
}

export function runRenderBench(specCount = 1000, rounds = 7): RenderBenchResult {
  // Disjoint ranges of specs: no measurement sees another one's specs.
  const range = WARM_UP + rounds * specCount;
  const asIs = (spec: BootstrapSpec) => spec;
  const perSpecUs = measure((spec) => renderDocuments(spec).bytes, asIs, 0, specCount, rounds);
  const withSeedTreesUs = measure(renderWithSeedTrees, asIs, range, specCount, rounds);
  const yamlUs = measure(serializeYamlOnly, (spec) => renderAll(spec), 2 * range, specCount, rounds);
  return {
    specs: specCount,
    perSpecUs,
    withSeedTreesUs,
    yamlUs,
    line: `bench render: specs=${specCount} per_spec_us=${fixed(perSpecUs, 1)}`,
    detail:
      `render: ${fixed(perSpecUs, 1)} µs per spec for user-data, meta-data, network v1 and v2, network_data.json ` +
      `and guestinfo, of which ${fixed(yamlUs, 1)} µs (${fixed((100 * yamlUs) / perSpecUs, 0)} %) the yaml library ` +
      `serializing the 4 YAML documents alone; ${fixed(withSeedTreesUs, 1)} µs with the NoCloud files and the ` +
      `config-drive tree as well (medians of ${rounds} rounds of ${specCount} specs not seen before)`,
  };
}

/**
 * Runs the render bench in a process of its own (as `npm run bench` does): nothing another benchmark
 * left on the heap (the ISO bench's buffers) slows its garbage collection.
 */
export function runRenderBenchInChild(): RenderBenchResult {
  return runJsonChild<RenderBenchResult>("bench render", __filename, ["--json"]);
}

if (require.main === module) {
  const r = runRenderBench();
  console.log(process.argv.includes("--json") ? JSON.stringify(r) : `${r.detail}\n${r.line}`);
}
