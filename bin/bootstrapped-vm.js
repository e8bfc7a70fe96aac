#!/usr/bin/env node
// The `bootstrapped-vm` command line. The TypeScript sources compile to dist/ (npm run build, run by
// `npm ci` through the prepare script).
"use strict";
let cli;
try {
  cli = require("../dist/src/cli/main.js");
} catch (err) {
  if (err && err.code === "MODULE_NOT_FOUND" && String(err.message).includes("dist/src/cli/main.js")) {
    process.stderr.write("bootstrapped-vm: the package is not built: run `npm run build` in its directory\n");
    process.exit(1);
  }
  throw err;
}
cli.main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
