/** `bootstrapped-vm validate SPEC`: checks a spec file and lists every problem. */
import type { Command } from "./command";
import { parseCommandLine } from "./args";
import { EXIT_INPUT, EXIT_OK } from "./errors";
import { readSpecFile, specProblemLines } from "./load-spec";

const NAME = "validate";

const HELP = `Usage: bootstrapped-vm validate SPEC

Checks the spec file SPEC (YAML or JSON) against BootstrapSpec: types, unknown keys, host names,
addresses, MACs, gateways, payload sizes, ... Prints "SPEC: valid" and exits 0 when it is valid;
otherwise prints every problem on its own line on stderr, as "<property path>: <message>", and exits 1.

Options:
  -h, --help    show this help

Exit status: 0 valid, 1 invalid or unreadable, 2 usage error.`;

export const validateCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(NAME, argv, {}, ["SPEC"]);
    if (cl.help) {
      process.stdout.write(`${HELP}\n`);
      return EXIT_OK;
    }
    const path = cl.positionals[0] as string;
    const problems = specProblemLines(readSpecFile(path));
    if (problems.length > 0) {
      process.stderr.write(problems.map((line) => `${line}\n`).join(""));
      return EXIT_INPUT;
    }
    process.stdout.write(`${path}: valid\n`);
    return EXIT_OK;
  },
};
