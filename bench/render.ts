/**
 * `bench render`: spec -> every document, as the bytes a guest or a transport gets, validation
 * included: the user-data, the meta-data, network config v1 and v2 (YAML), network_data.json, the
 * guestinfo keys (gzip+base64 or base64), the vApp properties, the NoCloud files and the whole
 * config-drive tree (meta_data.json, vendor data, the legacy ENI file, the EC2 documents).
 * The ratio divides that by the floor our chosen dependency sets: the `yaml` library alone
 * serializing the same YAML documents (cloud-config, meta-data, network v1, v2 and the vApp
 * network-config) of specs rendered before the clock, measured in the same run.
 *
 * A second reference, `deps_us`, is every dependency's share of the same work on its own: the yaml library
 * writing the four YAML documents ours serializes (the fifth, the vApp network-config, ours makes
 * from the v2 text without the library), plus pako gzipping the two guestinfo values (level 9, through one
 * deflate stream reset between values, as ours does: src/util/zlib.ts), the engine's
 * JSON.stringify writing the JSON documents (network_data.json, the config-drive JSON files, the
 * guestinfo metadata) from values parsed before the clock, and the Ajv validator checking the spec. Not
 * in it: the SHA-256 of the content hash (node:crypto, ~2 % of ours in a profile). `deps_ratio` = ours /
 * that: how much our own code adds on top of the libraries it calls.
 *
 * After a warm-up, the three sides run interleaved in one process, chunk by chunk (see `runRenderBench`);
 * every chunk renders specs no other chunk (or the warm-up) has seen, so nothing remembered from a
 * previous chunk can help.
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
import { gunzipSync } from "node:zlib";
import { gzip } from "pako";
import { gzipSync } from "../src/util/zlib";
import { renderMetaData } from "../src/render/meta-data";
import { encodeUserData } from "../src/render/mime";
import { networkV2Yaml } from "../src/render/network-yaml";
import type { RenderedDocuments } from "../src/render/types";
import { cloudConfigText } from "../src/render/user-data";
import type { BootstrapSpec } from "../src/spec/types";
import { loadSpecValidator } from "../src/spec/validator-module";
import { stableJson, stableYaml } from "../src/util/serialize";
import { benchSpec } from "./bench-specs";
import { fixed, nowMs, runJsonChild } from "./stats";

export interface RenderBenchResult {
  specs: number;
  /** Every document, per spec. */
  perSpecUs: number;
  /** The `yaml` library serializing the YAML documents of one spec, measured on its own. */
  yamlUs: number;
  ratio: number;
  /** Every dependency's share (yaml, pako, JSON.stringify, Ajv) of one spec's documents, on its own. */
  depsUs: number;
  depsRatio: number;
  /** The first and third quartile of the chunks' own ratios (ours / yaml floor): the noise. */
  chunkRatioQuartiles: [number, number];
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
 * sorts keys first: the library's options are ours) from documents rendered before the clock. With
 * `vappNetwork`, also the vApp network-config (`network:` over v2), which ours writes by indenting the
 * v2 text instead of serializing it again (serialize.ts `stableYamlUnderKey`).
 */
function serializeYamlOnly(docs: RenderedDocuments, vappNetwork = true): number {
  let bytes = cloudConfigText(docs.cloudConfig).length;
  bytes += renderMetaData({
    instanceId: docs.instanceId,
    hostname: docs.hostname,
    publicKeys: docs.publicKeys,
    metadata: docs.metadata,
  }).length;
  if (docs.network !== undefined) {
    bytes += stableYaml(docs.network.v1).length + stableYaml(docs.network.v2).length;
    if (vappNetwork) bytes += stableYaml({ network: docs.network.v2 }).length;
  }
  return bytes;
}

/** What the dependencies get for one spec in ours, made before the clock (see the file comment). */
interface DependencyInputs {
  spec: BootstrapSpec;
  docs: RenderedDocuments;
  /** The bytes ours gzips: the guestinfo metadata and user-data, before encoding. */
  gzipInputs: Buffer[];
  /** The JSON documents ours writes, parsed back: JSON.stringify gives each one's bytes again. */
  jsonValues: unknown[];
}

/** The JSON texts among a spec's documents: network_data.json, config-drive JSON files, guestinfo metadata. */
function jsonTexts(spec: BootstrapSpec, docs: RenderedDocuments, guestinfoMetadata: string): string[] {
  const texts = [guestinfoMetadata];
  if (docs.network !== undefined)
    texts.push(stableJson(renderNetworkDataJson(resolveInterfaces(spec), spec.dns)));
  for (const [path, bytes] of renderConfigDriveTree(spec, docs, { legacyNetworkFile: true }))
    if (path.endsWith(".json")) texts.push(bytes.toString("utf8"));
  return texts;
}

/** The inputs for `dependencyWork`; throws if they would not give ours' bytes (the floor drifted). */
function dependencyInputs(spec: BootstrapSpec): DependencyInputs {
  const docs = renderAll(spec);
  const guestinfo = renderGuestinfo(docs);
  const plain = (key: string): Buffer => {
    const value = Buffer.from(guestinfo[`guestinfo.${key}`] ?? "", "base64");
    return guestinfo[`guestinfo.${key}.encoding`] === "gzip+base64" ? gunzipSync(value) : value;
  };
  const gzipInputs = [plain("metadata"), plain("userdata")];
  const texts = jsonTexts(spec, docs, gzipInputs[0]?.toString("utf8") ?? "");
  const jsonValues = texts.map((text) => JSON.parse(text) as unknown);
  jsonValues.forEach((value, i) => {
    if (JSON.stringify(value) !== texts[i])
      throw new Error("bench render: a JSON document is not JSON.stringify's");
  });
  for (const [i, key] of ["metadata", "userdata"].entries()) {
    const gz = Buffer.from(gzip(gzipInputs[i] as Buffer, { level: 9 })).toString("base64");
    const ours = guestinfo[`guestinfo.${key}`];
    // The dependency side gzips both values: a spec whose value ours leaves ungzipped would give it work ours
    // does not do.
    if (guestinfo[`guestinfo.${key}.encoding`] !== "gzip+base64" || gz !== ours)
      throw new Error(`bench render: guestinfo.${key} is not pako's level-9 gzip of its input`);
  }
  return { spec, docs, gzipInputs, jsonValues };
}

const specValidator = loadSpecValidator();

/** Every dependency's share of one spec's documents: yaml, pako, JSON.stringify, the Ajv validator. */
function dependencyWork(inputs: DependencyInputs): number {
  if (!specValidator(inputs.spec)) throw new Error("bench render: a bench spec fails the schema");
  let bytes = serializeYamlOnly(inputs.docs, false);
  // pako's deflate as ours drives it (pako's one-shot `gzip` sets up a new 260 KB state for each value).
  for (const data of inputs.gzipInputs) bytes += gzipSync(data).length;
  for (const value of inputs.jsonValues) bytes += JSON.stringify(value).length;
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

/** Specs per side in one chunk: small, so what each side leaves on the heap stays small too. */
const CHUNK = 50;

/** The first quartile, the median and the third quartile of `values` (nearest rank). */
function quartiles(values: readonly number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return [at(0.25), at(0.5), at(0.75)];
}

/**
 * The three sides side by side in one process, interleaved finely: `rounds` x `specCount` fresh specs
 * per side, in chunks of `CHUNK`. For each chunk the inputs of all three sides are made first (specs for
 * ours; documents rendered from other fresh specs for the yaml floor; the dependency inputs of yet
 * others), then the three are timed one after the other in an order that rotates from chunk to chunk.
 * So every side runs under the same machine and heap conditions, a few milliseconds apart, and each
 * side's figure is its total time over all its specs. (Rounds of 1,000 specs per side, as before 30
 * November 2026, left each side's round to the heap and the machine of its own second: the yaml floor
 * of one process varied from 611 to 1,310 µs a spec between rounds, and the ratio from run to run from
 * 1.24 to 1.86.) No chunk sees a spec another chunk (or the warm-up) has seen.
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
  timeRound(dependencyWork, take(WARM_UP).map(dependencyInputs));
  const total = specCount * rounds;
  const sums = [0, 0, 0];
  const chunkRatios: number[] = [];
  for (let done = 0, chunk = 0; done < total; done += CHUNK, chunk++) {
    const size = Math.min(CHUNK, total - done);
    const specs = take(size);
    const docs = take(size).map((spec) => renderAll(spec));
    const inputs = take(size).map(dependencyInputs);
    const sides = [
      () => timeRound(renderEveryDocument, specs).us,
      () => timeRound(serializeYamlOnly, docs).us,
      () => timeRound(dependencyWork, inputs).us,
    ];
    const us = [0, 0, 0];
    for (let k = 0; k < sides.length; k++) {
      const side = (chunk + k) % sides.length;
      us[side] = sides[side]?.() ?? 0;
    }
    us.forEach((u, side) => (sums[side] = (sums[side] ?? 0) + u * size));
    chunkRatios.push((us[0] as number) / (us[1] as number));
  }
  const [perSpecUs, yamlUs, depsUs] = sums.map((sum) => sum / total) as [number, number, number];
  const ratio = perSpecUs / yamlUs;
  const depsRatio = perSpecUs / depsUs;
  const [q1, , q3] = quartiles(chunkRatios);
  return {
    specs: specCount,
    perSpecUs,
    yamlUs,
    ratio,
    depsUs,
    depsRatio,
    chunkRatioQuartiles: [q1, q3],
    line:
      `bench render: specs=${specCount} ratio=${fixed(ratio)} per_spec_us=${fixed(perSpecUs, 1)} yaml_us=${fixed(yamlUs, 1)} ` +
      `deps_ratio=${fixed(depsRatio)} deps_us=${fixed(depsUs, 1)} deps_over_yaml=${fixed(depsUs / yamlUs)} ` +
      `chunk_ratios_q1_q3=${fixed(q1, 2)}-${fixed(q3, 2)}`,
    detail:
      `render: ${fixed(perSpecUs, 1)} µs per spec for every document (user-data, meta-data, network v1 and v2, ` +
      `network_data.json, guestinfo, vApp, NoCloud files, config-drive tree), validation included; the yaml ` +
      `library alone serializing the same 5 YAML documents: ${fixed(yamlUs, 1)} µs; every dependency's share ` +
      `alone (yaml on the 4 documents ours serializes, pako's two gzips, JSON.stringify of the JSON documents, the Ajv validator): ` +
      `${fixed(depsUs, 1)} µs, so our own code adds ${fixed(((perSpecUs - depsUs) / depsUs) * 100, 0)} % (totals over ` +
      `${total} specs not seen before per side, interleaved in chunks of ${CHUNK}; the ratio of single chunks ` +
      `had quartiles ${fixed(q1, 2)} and ${fixed(q3, 2)})`,
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
