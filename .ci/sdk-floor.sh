#!/usr/bin/env bash
# The SDK floor proof: the Pulumi-facing jest suites against the oldest @pulumi/pulumi package.json allows
# (peerDependencies, e.g. "^3.208.0" -> 3.208.0). Copies the working tree (git ls-files) to a scratch
# directory with its own node_modules: the lockfile's packages (npm ci), then the floor SDK over the
# devDependency (npm install --no-save), all from npm's cache (--offline: run .ci/prefetch.sh first, which
# puts the floor SDK there). The repository's own node_modules and dist are not touched. In the copy it
# builds (tsc against the floor's types), type-checks the tests, checks that one SDK copy is installed and is
# the floor, and runs the suites (.ci/pulumi-suites.mjs) with a setup file that fails every suite whose
# `require("@pulumi/pulumi")` is not the floor. Exit status non-zero on any failure.
# Left out: test/plugin/package-schema.test.ts, the schema generator's test (a development tool, run with the
# devDependency SDK only: 3.208's analyzer refuses the optional union fields; the plugin serves the
# committed schema, which test/plugin/grpc-plugin.test.ts checks on the floor); and
# test/package/installed-example.test.ts, whose program runs in a copied example that installs the SDK the
# example pins (its package.json), not the one here: nothing of it would run on the floor.
# BVM_SDK_FLOOR_DIR=<dir> keeps the copy there (default: a temporary directory, removed at exit).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/node22.sh
start=$SECONDS
floor=$(node -p 'require("./package.json").peerDependencies["@pulumi/pulumi"].replace(/^\^/, "")')
if [ -n "${BVM_SDK_FLOOR_DIR:-}" ]; then
  scratch=$BVM_SDK_FLOOR_DIR
  # Reused only when empty or a copy this script made (it holds the log of the SDK each suite loaded).
  if [ -e "$scratch" ] && [ -n "$(ls -A "$scratch")" ] && [ ! -e "$scratch/.sdk-floor-loaded.log" ]; then
    echo "sdk-floor: $scratch is not empty and not a copy of an earlier run; give another BVM_SDK_FLOOR_DIR" >&2
    exit 1
  fi
  rm -rf "$scratch"
  mkdir -p "$scratch"
  : >"$scratch/.sdk-floor-loaded.log"
else
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
fi
echo "sdk-floor: @pulumi/pulumi $floor in $scratch"
bash .ci/copy-worktree.sh "$scratch"
cd "$scratch"
npm ci --offline --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
# @pulumi/pulumi before 3.229 declares TypeScript < 6 as an optional peer: the compiler its vendored ts-node
# loads a user's TypeScript program with. The floor suites compile with the repository's TypeScript
# (devDependencies) and run JavaScript; no Pulumi program is loaded through ts-node. The copy's package.json
# (never committed) ties that one peer edge to the devDependency, so that npm does not refuse the tree
# (ERESOLVE). It moves no other package: with it, the floor tree differs from the same install at TypeScript
# 5.9.3 in typescript alone (657 packages each, compared on 6 December 2026).
node -e '
const fs = require("node:fs");
const manifest = JSON.parse(fs.readFileSync("package.json", "utf8"));
manifest.overrides = { ...manifest.overrides, "@pulumi/pulumi": { typescript: "$typescript" } };
fs.writeFileSync("package.json", JSON.stringify(manifest, null, 2) + "\n");
'
npm install --offline --no-save --ignore-scripts --no-audit --no-fund --loglevel=error "@pulumi/pulumi@$floor" >/dev/null
# One copy, the floor: the top-level SDK, and the one each provider SDK resolves.
node -e '
const path = require("node:path");
const floor = process.argv[1];
const top = require.resolve("@pulumi/pulumi/package.json");
const version = require(top).version;
if (version !== floor) { console.error(`sdk-floor: installed @pulumi/pulumi ${version}, not ${floor}`); process.exit(1); }
for (const p of ["@pulumi/openstack", "@muhlba91/pulumi-proxmoxve"]) {
  const from = path.dirname(require.resolve(`${p}/package.json`));
  const theirs = require.resolve("@pulumi/pulumi/package.json", { paths: [from] });
  if (theirs !== top) { console.error(`sdk-floor: ${p} loads ${theirs}, not ${top}`); process.exit(1); }
}
console.log(`sdk-floor: installed ${top} (${version}); the provider SDKs load the same copy`);
' "$floor"
echo "sdk-floor: npm ready after $((SECONDS - start)) s"
npm run build --silent >/dev/null
npx tsc -p tsconfig.json --noEmit
echo "sdk-floor: build and type-check against $floor done after $((SECONDS - start)) s"
mapfile -t suites < <(node .ci/pulumi-suites.mjs . |
  grep -vx -e 'test/plugin/package-schema.test.ts' -e 'test/package/installed-example.test.ts')
# The docs' TypeScript and the examples' tsconfig.json check load no SDK at run time, but they type-check
# against the installed SDK's types (the examples with skipLibCheck off, so its .d.ts too). Listed once each.
suites+=("test/package/docs-snippets.test.ts" "test/examples/tsconfig.test.ts")
mapfile -t suites < <(printf '%s\n' "${suites[@]}" | sort -u)
# Run inside every suite (jest's module registry, the tests' own resolution): fails the suite unless the
# SDK it loads is the floor, and records what it loaded.
cat >"$scratch/.sdk-floor-setup.js" <<'JS'
const pkg = require("@pulumi/pulumi/package.json");
const file = require.resolve("@pulumi/pulumi/package.json");
require("node:fs").appendFileSync(process.env.BVM_SDK_FLOOR_LOG, `${expect.getState().testPath} ${pkg.version} ${file}\n`);
if (pkg.version !== process.env.BVM_SDK_FLOOR) throw new Error(`loaded @pulumi/pulumi ${pkg.version} (${file}), not the floor ${process.env.BVM_SDK_FLOOR}`);
JS
export BVM_SDK_FLOOR=$floor BVM_SDK_FLOOR_LOG="$scratch/.sdk-floor-loaded.log"
: >"$BVM_SDK_FLOOR_LOG"
status=0
npx jest --ci --maxWorkers="${BVM_SDK_FLOOR_WORKERS:-2}" --setupFilesAfterEnv "$scratch/.sdk-floor-setup.js" -- "${suites[@]}" || status=$?
loaded=$(cut -d' ' -f2- "$BVM_SDK_FLOOR_LOG" | sort | uniq -c)
echo "sdk-floor: SDK loaded by the ${#suites[@]} suites (count, version, file):"
echo "$loaded"
if [ "$(cut -d' ' -f2 "$BVM_SDK_FLOOR_LOG" | sort -u)" != "$floor" ]; then
  echo "sdk-floor: a suite loaded another SDK than $floor" >&2
  status=1
fi
if [ "$(cut -d' ' -f1 "$BVM_SDK_FLOOR_LOG" | sort -u | wc -l)" -ne "${#suites[@]}" ]; then
  echo "sdk-floor: $(cut -d' ' -f1 "$BVM_SDK_FLOOR_LOG" | sort -u | wc -l) of ${#suites[@]} suites reported the SDK they loaded" >&2
  status=1
fi
echo "sdk-floor: $([ $status = 0 ] && echo passed || echo FAILED) on @pulumi/pulumi $floor (${#suites[@]} suites) in $((SECONDS - start)) s"
exit $status
