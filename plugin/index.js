"use strict";
// Started by @pulumi/pulumi/cmd/run-plugin, which requires this directory and, since it exports no
// component class, awaits the exported function (run.js). The provider is the built library's.
// CommonJS on purpose: run-plugin require()s this directory.
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = () => require("../dist/src/plugin/provider.js").serve(process.argv.slice(2));
