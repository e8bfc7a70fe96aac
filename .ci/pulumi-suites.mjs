// Lists the jest suites (test/**/*.test.ts, as jest.config.js finds them) that load a Pulumi SDK: a suite
// that imports `@pulumi/...` or a Pulumi provider SDK, itself or through the files it imports by a relative
// path (transitively; `bootstrapped-vm` is src/index.ts, as jest maps it; `import type` loads nothing). Used by .ci/sdk-floor.sh.
// Usage: node .ci/pulumi-suites.mjs [root]   (one path per line, relative to root)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));
const PULUMI = /^(@pulumi\/|@muhlba91\/pulumi-)/;
const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)["']([^"']+)["']/g;

function resolveImport(from, spec) {
  if (spec === "bootstrapped-vm") return path.join(root, "src", "index.ts");
  if (!spec.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.js`,
    path.join(base, "index.ts"),
    path.join(base, "index.js"),
  ]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const memo = new Map();
function touchesPulumi(file, seen = new Set()) {
  if (memo.has(file)) return memo.get(file);
  if (seen.has(file)) return false;
  seen.add(file);
  // Type-only imports are erased by the compiler: they load nothing.
  const text = fs.readFileSync(file, "utf8").replace(/^\s*(?:import|export)\s+type\b[^;]*;/gm, "");
  let found = false;
  for (const m of text.matchAll(IMPORT)) {
    const target = PULUMI.test(m[1]) ? undefined : resolveImport(file, m[1]);
    if (PULUMI.test(m[1]) || (target && touchesPulumi(target, seen))) {
      found = true;
      break;
    }
  }
  memo.set(file, found);
  return found;
}

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory())
      return ["vm", "generations"].includes(e.name) && dir === path.join(root, "test") ? [] : testFiles(p);
    return e.name.endsWith(".test.ts") ? [p] : [];
  });
}

for (const file of testFiles(path.join(root, "test")).sort()) {
  if (touchesPulumi(file)) console.log(path.relative(root, file));
}
