/**
 * Where the `bench component` time goes: runs its programs (synth-program.ts) under `node --cpu-prof` and prints the
 * CPU self time of each by category (rendering, garbage collection, Pulumi promises, Output/apply,
 * resource registration, ...), side by side. Not part of `npm run bench` (profiling slows the
 * programs down); run it after `npm run build`:
 *   node dist/bench/synth-profile.js [VMS]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  endTime: number;
}

/** Categories, first match wins: [name, test on "url functionName"]. */
const CATEGORIES: [string, RegExp][] = [
  ["garbage collection", / \(garbage collector\)$/],
  // Promise callbacks run from V8's microtask queue; the profile shows that as runMicrotasks or (program).
  ["V8 native (microtask queue)", / (runMicrotasks|\(program\))$/],
  ["stack-trace capture", /node:internal\/errors| get stack$/],
  ["module loading", /node:internal\/modules|^ (readFileUtf8|internalModuleStat|compileFunction|lstat)$/],
  ["Pulumi Output/apply", /@pulumi\/pulumi\/output\.js/],
  ["Pulumi debuggablePromise", /@pulumi\/pulumi\/runtime\/debuggable\.js/],
  [
    "Pulumi registration/RPC",
    /@pulumi\/pulumi\/(runtime\/(rpc|resource|mocks|settings)|resource)\.js|google-protobuf|grpc/,
  ],
  ["Pulumi other", /@pulumi\/pulumi\//],
  [
    "rendering + validation",
    // `validateN` frames are the validators Ajv compiles from the spec's JSON Schema.
    /dist\/src\/(render|spec|util|iso)\/|node_modules\/(yaml|ipaddr\.js|unixcrypt|ajv)\/|node:zlib|crypto|^ validate\d+$/,
  ],
  ["component + platform code", /dist\/src\/(component|platforms|providers)\//],
];

function categorize(frame: ProfileNode["callFrame"]): string {
  const key = `${frame.url} ${frame.functionName}`;
  return CATEGORIES.find(([, re]) => re.test(key))?.[0] ?? "other";
}

/** Runs one synth program under the profiler; returns CPU ms by category. */
function profile(mode: string, vms: number): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), "bvm-synth-prof-"));
  try {
    const r = spawnSync(
      process.execPath,
      ["--cpu-prof", "--cpu-prof-dir", dir, join(__dirname, "synth-program.js"), mode, String(vms)],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`synth program ${mode} failed: ${r.stderr}`);
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error(`no CPU profile written for ${mode}`);
    const p = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const msPerSample = (p.endTime - p.startTime) / p.samples.length / 1000;
    const out = new Map<string, number>([["total", (p.endTime - p.startTime) / 1000]]);
    for (const id of p.samples) {
      const node = byId.get(id);
      if (!node) continue;
      const c = categorize(node.callFrame);
      out.set(c, (out.get(c) ?? 0) + msPerSample);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runSynthProfile(vms = 1000): string[] {
  const modes = ["handwritten", "handwritten-tree", "component"];
  const results = modes.map((m) => profile(m, vms));
  const names = ["total", ...CATEGORIES.map(([n]) => n), "other"];
  return [
    `synth profile: CPU ms by category, ${vms} VMs (whole process: the hand-written programs render before their clock starts)`,
    `${"".padEnd(28)}${modes.map((m) => m.padStart(18)).join("")}`,
    ...names.map(
      (n) => `${n.padEnd(28)}${results.map((r) => (r.get(n) ?? 0).toFixed(0).padStart(18)).join("")}`,
    ),
  ];
}

if (require.main === module) {
  console.log(runSynthProfile(Number(process.argv[2] ?? "1000")).join("\n"));
}
