#!/usr/bin/env bash
# Warms npm's cache with the packages the packaging tests install offline (tests talk only to loopback):
# the oldest @pulumi/pulumi this package supports (peerDependencies), installed next to the packed tarball
# by test/package/single-copy.test.ts, and this package's dependencies. Run by .ci/run after `npm ci`; run it once by hand before
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
