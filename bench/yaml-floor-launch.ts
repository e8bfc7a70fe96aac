/**
 * Starts the yaml floor (bench/yaml-floor.ts) as bin/bootstrapped-vm.js starts the command line: reads
 * the bundle as latin1, compiles it with its V8 code cache (the launcher's own `cacheFor`,
 * `compileBundle`, `runBundle`) and runs its `main`. Refuses to run without the cache, or when V8
 * rejects it: the floor must start the way our command line does.
 *
 * Usage: node yaml-floor-launch.js BUNDLE CACHE JOB.json OUT
 */
import { readFileSync } from "node:fs";
import type { Launcher } from "../tools/bundle-cli";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the launcher is plain CommonJS
const launcher = require("../../bin/bootstrapped-vm.js") as Launcher;

const [bundle, cache, ...argv] = process.argv.slice(2);
if (bundle === undefined || cache === undefined) throw new Error("usage: yaml-floor-launch BUNDLE CACHE ...");
const source = readFileSync(bundle, "latin1");
const cachedData = launcher.cacheFor(source, cache);
if (cachedData === undefined) throw new Error(`${cache}: no code cache for ${bundle}`);
const { script, run } = launcher.compileBundle(source, cachedData, bundle);
if (script.cachedDataRejected === true) throw new Error(`${cache}: V8 rejected the code cache`);
launcher
  .runBundle(run, bundle)
  .main(argv)
  .then((status) => {
    process.exitCode = status;
  });
