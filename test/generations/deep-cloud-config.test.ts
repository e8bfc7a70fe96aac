/**
 * How deep cloud-config given as it is (`extraCloudConfig`, `vendorCloudConfig`) may nest
 * (`MAX_CLOUD_CONFIG_DEPTH`, src/spec/validate-yaml-values.ts), checked on four cloud-init generations with
 * each one's own reader: PyYAML recurses for each level, and a document nested too deep fails to load on the
 * guest (a RecursionError), so validation refuses it. A user-data rendered at the limit must load with the
 * release's `util.load_yaml` (what reads user-data) to the very value given, with half of Python's frames
 * already taken (cloud-init's own call stack when it reads user-data is far shallower), and the deepest
 * document that still loads so must leave the limit a margin.
 */
import { MAX_CLOUD_CONFIG_DEPTH } from "../../src/spec/validate-yaml-values";
import { renderAll } from "../../src/render/render-all";
import type { BootstrapSpec } from "../../src/spec/types";
import { GENERATIONS, runPythonIn, targetOf } from "../helpers/chroots";

const LOAD = `
import json, sys
from cloudinit import util

job = json.load(sys.stdin)
taken = sys.getrecursionlimit() // 2

def deep(n, f):
    return f() if n == 0 else deep(n - 1, f)

def loads(levels):
    # A mapping at each level, as the rendered document nests them (block style).
    lines = ["a:"] + ["  " * i + "a:" for i in range(1, levels)]
    lines[-1] += " leaf"
    try:
        deep(taken, lambda: util.load_yaml("\\n".join(lines)))
        return True
    except RecursionError:
        return False

lo, hi = 1, 2000
while lo < hi:
    mid = (lo + hi + 1) // 2
    lo, hi = (mid, hi) if loads(mid) else (lo, mid - 1)
print(json.dumps({
    "loaded": deep(taken, lambda: util.load_yaml(job["userData"])),
    "taken": taken,
    "deepest": lo,
}))
`;

/** The value of a key of extraCloudConfig (level 1) whose deepest mapping is at `levels`, around "leaf". */
function nest(levels: number): unknown {
  let value: unknown = "leaf";
  for (let level = levels; level > 1; level--) value = { a: value };
  return value;
}

describe.each(GENERATIONS.map((g) => [g.suite, g.cloudInit] as const))("cloud-init %s (%s)", (suite) => {
  it(`reads user-data whose extraCloudConfig nests ${MAX_CLOUD_CONFIG_DEPTH} levels deep, with half of Python's frames taken`, () => {
    const chef = nest(MAX_CLOUD_CONFIG_DEPTH);
    const spec = {
      hostname: "deep-01",
      cloudInit: { minVersion: targetOf(suite) },
      extraCloudConfig: { chef },
    } as BootstrapSpec;
    const docs = renderAll(spec);
    const r = runPythonIn(suite, LOAD, { input: JSON.stringify({ userData: docs.userData }) });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { loaded: Record<string, unknown>; taken: number; deepest: number };
    expect(out.taken).toBe(500);
    expect(out.loaded.chef).toEqual(chef);
    expect(out.loaded.hostname).toBe("deep-01");
    // extraCloudConfig's mapping is the document's (`chef:` sits beside `hostname:`): its levels are the
    // document's.
    expect(out.deepest).toBeGreaterThanOrEqual(MAX_CLOUD_CONFIG_DEPTH);
    process.stderr.write(
      `${suite}: deepest mapping nest loaded with ${out.taken} frames taken: ${out.deepest}\n`,
    );
  });
});
