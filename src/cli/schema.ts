/** `bootstrapped-vm schema`: prints the JSON Schema of `BootstrapSpec` for editors. */
import { readFileSync } from "node:fs";
import type { Command } from "./command";
import { parseCommandLine } from "./args";
import { EXIT_OK, InputError } from "./errors";
import { schemaPath } from "./package-root";
import { writeStdout } from "./stdout";

const NAME = "schema";

const HELP = `Usage: bootstrapped-vm schema

Prints the JSON Schema (draft-07) of BootstrapSpec, generated from the TypeScript types. Point your
editor at it to complete and check spec files, e.g. for the YAML language server:
  bootstrapped-vm schema > bootstrap-spec.schema.json
  # first line of a spec file:
  # yaml-language-server: $schema=./bootstrap-spec.schema.json

Options:
  -h, --help    show this help`;

export const schemaCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(NAME, argv, {}, []);
    if (cl.help) {
      writeStdout(`${HELP}\n`);
      return EXIT_OK;
    }
    let text: string;
    try {
      text = readFileSync(schemaPath(), "utf8");
    } catch (err) {
      throw new InputError([`${schemaPath()}: cannot read the packaged schema: ${(err as Error).message}`]);
    }
    writeStdout(text);
    return EXIT_OK;
  },
};
