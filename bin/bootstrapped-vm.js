#!/usr/bin/env node
// The `bootstrapped-vm` command line. `npm run build` (run by `npm ci` through the prepare script)
// compiles the TypeScript sources to dist/ and bundles the command line into the single file
// dist/cli.js (esbuild): one file to read and compile instead of about 200 modules.
"use strict";
// Node >= 22.1 keeps the compiled code of dist/cli.js in its on-disk compile cache (in the system's
// temporary directory unless NODE_COMPILE_CACHE says otherwise), so later runs skip compiling it.
const nodeModule = require("node:module");
if (typeof nodeModule.enableCompileCache === "function") nodeModule.enableCompileCache();
let cli;
try {
  cli = require("../dist/cli.js");
} catch (err) {
  if (err && err.code === "MODULE_NOT_FOUND" && String(err.message).includes("dist/cli.js")) {
    process.stderr.write("bootstrapped-vm: the package is not built: run `npm run build` in its directory\n");
    process.exit(1);
  }
  throw err;
}
cli.main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
