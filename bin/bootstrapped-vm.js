#!/usr/bin/env node
// The `bootstrapped-vm` command line. `npm run build` (run by `npm ci` through the prepare script)
// compiles the TypeScript sources to dist/ and bundles the command line into the single file
// dist/cli.js (esbuild, tools/bundle-cli.ts): one file to read and compile instead of about 200 modules.
//
// The build also writes dist/cli.js.cache: V8's code cache of the bundle, taken after a training run of
// the commands (so it holds the bytecode of every function they ran, not only the top level Node's own
// compile cache keeps). V8 checks that the cache fits this Node (version and flags) and refuses it
// otherwise (`cachedDataRejected`): the bundle then compiles as usual. The cache names the build it
// belongs to (the bundle's SHA-256, also on the bundle's last line), so a rebuilt bundle never runs with
// the bytecode of an older one.
"use strict";
const { existsSync, readFileSync } = require("node:fs");
const { dirname, join } = require("node:path");

const BUNDLE = join(__dirname, "..", "dist", "cli.js");
const CACHE = `${BUNDLE}.cache`;
/** The bundle's last line (tools/bundle-cli.ts): `//# bootstrapped-vm-build=<sha256 hex of what precedes>`. */
const BUILD_MARK = "//# bootstrapped-vm-build=";
const ID_LENGTH = 64;

/** The build id on the bundle's last line, or undefined. */
function buildId(source) {
  const at = source.lastIndexOf(BUILD_MARK);
  return at < 0 ? undefined : source.slice(at + BUILD_MARK.length, at + BUILD_MARK.length + ID_LENGTH);
}

/**
 * Compiles the bundle `source` (the file `filename`) as a CommonJS module body with V8's code cache
 * `cachedData` (a Buffer, or undefined); returns the script and the function that runs the module body.
 */
function compileBundle(source, cachedData, filename = BUNDLE) {
  const { Script } = require("node:vm");
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename,
    cachedData,
  });
  return { script, run: script.runInThisContext() };
}

/** Runs a compiled bundle as the module `filename` (dist/cli.js); returns its exports. */
function runBundle(run, filename = BUNDLE) {
  const mod = { exports: {}, filename, id: filename, loaded: false };
  run.call(
    mod.exports,
    mod.exports,
    require("node:module").createRequire(filename),
    mod,
    filename,
    dirname(filename),
  );
  mod.loaded = true;
  return mod.exports;
}

/** The code cache in `cacheFile` written for this very bundle (without its header), or undefined. */
function cacheFor(source, cacheFile = CACHE) {
  let cache;
  try {
    cache = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const id = buildId(source);
  const header = cache.subarray(0, ID_LENGTH + 1).toString("latin1");
  return id !== undefined && header === `${id}\n` ? cache.subarray(ID_LENGTH + 1) : undefined;
}

/**
 * Whether `argv` only asks for the top-level help or the version: then the code cache (~0.7 MB to
 * deserialize) costs more than it saves, and Node's compile cache of the top level is enough.
 */
function onlyTopLevel(argv) {
  return argv.length === 0 || ["--help", "-h", "help", "--version", "-V"].includes(argv[0]);
}

/**
 * Loads the bundle: with its code cache when there is one for it, else through Node's compile cache. The
 * top-level help and version go straight to Node's loader: reading the bundle here as well would read its
 * ~0.7 MB twice.
 */
function loadCli(argv) {
  if (onlyTopLevel(argv)) return requireBundle();
  let source;
  try {
    source = readFileSync(BUNDLE, "latin1");
  } catch (err) {
    if (err && err.code === "ENOENT") notBuilt();
    throw err;
  }
  const cachedData = cacheFor(source);
  if (cachedData !== undefined) return runBundle(compileBundle(source, cachedData).run);
  return requireBundle();
}

/**
 * Loads the bundle with Node's own loader. Node >= 22.1 keeps the compiled top level of dist/cli.js in its
 * on-disk compile cache (in the system's temporary directory unless NODE_COMPILE_CACHE says otherwise).
 */
function requireBundle() {
  const nodeModule = require("node:module");
  if (typeof nodeModule.enableCompileCache === "function") nodeModule.enableCompileCache();
  try {
    return require(BUNDLE);
  } catch (err) {
    if (err && err.code === "MODULE_NOT_FOUND" && !existsSync(BUNDLE)) notBuilt();
    throw err;
  }
}

/** Ends the process with the fix when dist/cli.js is missing. */
function notBuilt() {
  process.stderr.write("bootstrapped-vm: the package is not built: run `npm run build` in its directory\n");
  process.exit(1);
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  loadCli(argv)
    .main(argv)
    .then((status) => {
      process.exitCode = status;
    });
} else {
  // For tools/bundle-cli.ts, which writes the code cache, and the start-up tests.
  module.exports = { BUNDLE, CACHE, BUILD_MARK, buildId, cacheFor, compileBundle, runBundle };
}
