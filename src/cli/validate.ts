/**
 * `bootstrapped-vm validate SPEC [--format F] [--mac MAC]...`: checks a spec file and lists every
 * problem. It runs the same code as `render` (`renderForFormat`) and throws the output away, so what
 * `render --format F` refuses, `validate --format F` refuses too.
 */
import type { Command } from "./command";
import { parseCommandLine } from "./args";
import { EXIT_INPUT, EXIT_OK, InputError } from "./errors";
import { readSpecFile, specName, specProblemLines } from "./load-spec";
import type { BootstrapSpec } from "../spec/types";
import { writeStdout } from "./stdout";
import {
  parseRenderChoice,
  printWarnings,
  RENDER_OPTIONS,
  RENDER_OPTIONS_HELP,
  renderForFormat,
  unusedMacWarnings,
} from "./render-options";

const NAME = "validate";

const HELP = `Usage: bootstrapped-vm validate SPEC [--format FORMAT] [--mac MAC]... [options]

Checks the spec file SPEC (YAML or JSON; - reads it from stdin) against BootstrapSpec: types,
unknown keys, host names, addresses, MACs, gateways, payload sizes, ... then renders it in memory exactly as
'bootstrapped-vm render' does with the same options, so a spec that validate accepts, render
accepts too. Without --format it checks the rules every format shares (for example: an interface
with neither name nor macAddress needs --mac); with --format it also checks that format's own
limits. Prints "SPEC: valid" and exits 0 when it is valid; otherwise prints every problem on its own
line on stderr, as "FILE:LINE:COLUMN: <property path>: <message>", and exits 1. Nothing is written.

Options:
  -f, --format FORMAT      check for this render format as well (see 'bootstrapped-vm render --help')
${RENDER_OPTIONS_HELP}
  -h, --help               show this help

Exit status: 0 valid, 1 invalid or unreadable, 2 usage error.`;

export const validateCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(NAME, argv, RENDER_OPTIONS, ["SPEC"]);
    if (cl.help) {
      writeStdout(`${HELP}\n`);
      return EXIT_OK;
    }
    const choice = parseRenderChoice(cl, NAME);
    const path = cl.positionals[0] as string;
    const value = readSpecFile(path);
    let problems = specProblemLines(value);
    if (problems.length === 0) {
      try {
        renderForFormat(value as BootstrapSpec, choice);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems = [...err.lines];
      }
    }
    if (problems.length > 0) {
      process.stderr.write(problems.map((line) => `${line}\n`).join(""));
      return EXIT_INPUT;
    }
    if (!choice.format?.sameForEverySpec)
      printWarnings(unusedMacWarnings(value as BootstrapSpec, choice.flags.macs));
    writeStdout(`${specName(path)}: valid\n`);
    return EXIT_OK;
  },
};
