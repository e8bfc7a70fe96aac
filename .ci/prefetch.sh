#!/usr/bin/env bash
# Warms npm's cache with the packages the packaging tests install offline (tests talk only to loopback):
# the oldest @pulumi/pulumi this package supports (peerDependencies), installed next to the packed tarball
# by test/package/single-copy.test.ts, this package's dependencies and the examples' dependencies. Run by .ci/run after `npm ci`; run it once by hand before
# `npm test` on a new machine.
set -euo pipefail
cd "$(dirname "$0")/.."
min=$(node -p 'require("./package.json").peerDependencies["@pulumi/pulumi"].replace(/^\^/, "")')
# ... and this package's own dependencies, as a user's install resolves them (by registry metadata, not a lock).
deps=$(node -p 'Object.entries(require("./package.json").dependencies).map(([n, v]) => n + "@" + v).join(" ")')
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
npm install --prefix "$scratch" --no-save --no-audit --no-fund --ignore-scripts "@pulumi/pulumi@$min" $deps >/dev/null
echo "prefetch: npm cache holds @pulumi/pulumi@$min and its dependencies"
# ... and the examples' own dependencies (test/package/installed-example.test.ts installs a copied example).
examples=$(node -p 'const fs = require("fs"); const all = new Set();
for (const d of fs.readdirSync("examples")) {
  const f = `examples/${d}/package.json`;
  if (!fs.existsSync(f)) continue;
  const p = JSON.parse(fs.readFileSync(f, "utf8"));
  for (const [n, v] of Object.entries({ ...p.dependencies, ...p.devDependencies }))
    if (n !== "bootstrapped-vm") all.add(`${n}@${v}`);
}
[...all].sort().join(" ")')
mkdir "$scratch/examples"
npm install --prefix "$scratch/examples" --no-save --no-audit --no-fund --ignore-scripts $examples >/dev/null
echo "prefetch: npm cache holds the examples' dependencies ($examples)"
# ... and the oldest TypeScript the examples' @types/node supports (its `typeScriptVersion`), which
# test/package/installed-example.test.ts type-checks the installed example and the package's .d.ts with.
ts_oldest="~$(node -p "require('$scratch/examples/node_modules/@types/node/package.json').typeScriptVersion")"
mkdir "$scratch/typescript-oldest"
npm install --prefix "$scratch/typescript-oldest" --no-save --no-audit --no-fund --ignore-scripts "typescript@$ts_oldest" >/dev/null
echo "prefetch: npm cache holds typescript@$ts_oldest"
