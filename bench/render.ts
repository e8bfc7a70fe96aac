/**
 * `bench render`: spec -> every document, as the bytes a guest or a transport gets, validation
 * included: the user-data, the meta-data, network config v1 and v2 (YAML), network_data.json, the
 * guestinfo keys (gzip+base64 or base64), the vApp properties, the NoCloud files and the whole
 * config-drive tree (meta_data.json, vendor data, the legacy ENI file, the EC2 documents).
 * The ratio divides that by the floor our chosen dependency sets: the `yaml` library alone
 * serializing the same YAML documents (cloud-config, meta-data, network v1, v2 and the vApp
 * network-config) of specs rendered before the clock, measured in the same run.
 *
 * Rounds after a warm-up, the two sides alternating in one process; the median round of each decides.
 * Every round renders 1,000 specs no other round (or the warm-up) has seen, so nothing remembered
 * from a previous round can help.
 */
import {
  renderAll,
  renderVappProperties,
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
  /** Every document, per spec. */
  perSpecUs: number;
  /** The `yaml` library serializing the YAML documents of one spec, measured on its own. */
  yamlUs: number;
  ratio: number;
  line: string;
  detail: string;
}

/** Every document of a spec; the total size keeps the work from being optimized away. */
function renderEveryDocument(spec: BootstrapSpec): number {
  const docs = renderAll(spec);
  let bytes = encodeUserData(docs).length + docs.metaData.length;
  if (docs.network !== undefined) {
    bytes += stableYaml(docs.network.v1).length + networkV2Yaml(docs.network.v2).length;
    bytes += stableJson(renderNetworkDataJson(resolveInterfaces(spec), spec.dns)).length;
  }
  for (const v of Object.values(renderGuestinfo(docs))) bytes += v.length;
  for (const v of Object.values(renderVappProperties(docs))) bytes += v.length;
  for (const v of renderNoCloudFiles(docs).values()) bytes += v.length;
  for (const v of renderConfigDriveTree(spec, docs, { legacyNetworkFile: true }).values()) bytes += v.length;
  return bytes;
}

/**
 * The YAML documents among them, serialized by the `yaml` library (through `stableYaml`, which
 * sorts keys first: the library's options are ours) from documents rendered before the clock.
 */
function serializeYamlOnly(docs: RenderedDocuments): number {
  let bytes = cloudConfigText(docs.cloudConfig).length;
  bytes += renderMetaData({
    instanceId: docs.instanceId,
    hostname: docs.hostname,
    publicKeys: docs.publicKeys,
    metadata: docs.metadata,
  }).length;
  if (docs.network !== undefined) {
    bytes += stableYaml(docs.network.v1).length + stableYaml(docs.network.v2).length;
    bytes += stableYaml({ network: docs.network.v2 }).length;
  }
  return bytes;
}

/** Specs rendered before the clock, so the measured rounds run optimized code. */
const WARM_UP = 200;

/** µs per item of `render` over one round of `items`, made before the clock. */
function timeRound<T>(render: (item: T) => number, items: readonly T[]): { us: number; bytes: number } {
  let bytes = 0;
  const t0 = nowMs();
  for (const item of items) bytes += render(item);
  const us = ((nowMs() - t0) * 1000) / items.length;
  if (bytes === 0) throw new Error("the renderers produced no bytes");
  return { us, bytes };
}

/** Specs `first` .. `first + count - 1`, made for one round just before it. */
function specRange(first: number, count: number): BootstrapSpec[] {
  return Array.from({ length: count }, (_, i) => benchSpec(first + i));
}

/**
 * Both sides side by side in one process: each round times every document of `specCount` fresh specs
 * and the yaml library alone on the YAML documents of `specCount` other fresh specs (rendered just
 * before the clock, so both sides read young objects), the order alternating between rounds. No round
 * sees a spec any other round (or the warm-up) has seen.
 */
export function runRenderBench(specCount = 1000, rounds = 7): RenderBenchResult {
  let next = 0;
  const take = (count: number) => {
    const specs = specRange(next, count);
    next += count;
    return specs;
  };
  timeRound(renderEveryDocument, take(WARM_UP));
  timeRound(
    serializeYamlOnly,
    take(WARM_UP).map((spec) => renderAll(spec)),
  );
  const ours: number[] = [];
  const floor: number[] = [];
  const runOurs = () => ours.push(timeRound(renderEveryDocument, take(specCount)).us);
  const runFloor = () => {
    const docs = take(specCount).map((spec) => renderAll(spec));
    floor.push(timeRound(serializeYamlOnly, docs).us);
  };
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      runOurs();
      runFloor();
    } else {
      runFloor();
      runOurs();
    }
  }
  const perSpecUs = median(ours);
  const yamlUs = median(floor);
  const ratio = perSpecUs / yamlUs;
  return {
    specs: specCount,
    perSpecUs,
    yamlUs,
    ratio,
    line: `bench render: specs=${specCount} ratio=${fixed(ratio)} per_spec_us=${fixed(perSpecUs, 1)} yaml_us=${fixed(yamlUs, 1)}`,
    detail:
      `render: ${fixed(perSpecUs, 1)} µs per spec for every document (user-data, meta-data, network v1 and v2, ` +
      `network_data.json, guestinfo, vApp, NoCloud files, config-drive tree), validation included; the yaml ` +
      `library alone serializing the same 5 YAML documents: ${fixed(yamlUs, 1)} µs (medians of ${rounds} ` +
      `alternating rounds of ${specCount} specs not seen before)`,
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
