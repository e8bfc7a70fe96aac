/**
 * `bootstrapped-vm validate SPEC... [--format F] [--mac MAC]...`: checks spec files and lists every
 * problem. It runs the same code as `render` (`renderForFormat`) and throws the output away, so what
 * `render --format F` refuses, `validate --format F` refuses too. `validate SPEC --fleet PLAN` checks a
 * fleet's base spec and plan as `render --fleet` reads them: every member validated and rendered.
 */
import type { Command } from "./command";
import type * as FleetPlan from "./fleet-plan";
import type * as RenderJobs from "./render-jobs";
import { parseCommandLine, stringOption } from "./args";
import { EXIT_INPUT, EXIT_OK, InputError, UsageError, inFile } from "./errors";
import { readSpecFile, specName, specProblemLines, STDIN } from "./load-spec";
import type { BootstrapSpec } from "../spec/types";
import { writeStderr, writeStdout } from "./stdout";
import {
  checkFleetOptions,
  parseRenderChoice,
  printWarnings,
  RENDER_OPTIONS,
  RENDER_OPTIONS_HELP,
  renderForFormat,
  unusedMacWarnings,
  type RenderChoice,
} from "./render-options";

const NAME = "validate";

const HELP = `Usage: bootstrapped-vm validate SPEC... [--format FORMAT] [--mac MAC]... [options]
       bootstrapped-vm validate SPEC --fleet PLAN [--format FORMAT] [options]

Checks each spec file SPEC (YAML or JSON; - reads it from stdin) against BootstrapSpec: types,
unknown keys, host names, addresses, MACs, gateways, payload sizes, ... then renders it in memory
exactly as 'bootstrapped-vm render' does with the same options, so a spec that validate accepts,
render accepts too. Without --format it checks the rules every format shares (for example: an
interface with neither name nor macAddress needs --mac); with --format it also checks that format's
own limits. Prints "SPEC: valid" for each valid spec; prints every problem on its own line on
stderr, as "FILE:LINE:COLUMN: <property path>: <message>". Nothing is written.

With --fleet, SPEC is a fleet's base spec and PLAN its plan (as 'bootstrapped-vm render --fleet'
takes them): the plan, the base spec and every member are checked as render --fleet checks them, and
"SPEC --fleet PLAN: valid (N members, FIRST to LAST)" is printed.

Options:
  -f, --format FORMAT      check for this render format as well (the formats: 'bootstrapped-vm
                           render --help')
      --fleet PLAN         SPEC is the base spec of the fleet plan PLAN: check every member
${RENDER_OPTIONS_HELP}
  -h, --help               show this help

Exit status: 0 every spec valid, 1 a spec invalid or unreadable, 2 usage error.`;

/** The problem lines of one spec file (empty when valid), with the `--mac` warnings of a valid one. */
function checkSpec(path: string, choice: RenderChoice): { problems: readonly string[]; warnings: string[] } {
  let value: unknown;
  try {
    value = readSpecFile(path);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { problems: err.lines, warnings: [] };
  }
  let problems = specProblemLines(value);
  if (problems.length === 0) {
    try {
      renderForFormat(value as BootstrapSpec, choice);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems = [...err.lines];
    }
  }
  const warnings =
    problems.length > 0 || choice.format?.sameForEverySpec
      ? []
      : unusedMacWarnings(value as BootstrapSpec, choice.flags.macs);
  return { problems, warnings };
}

/**
 * `validate SPEC --fleet PLAN`: plans the fleet, then validates and renders every member with the jobs
 * `render --fleet` runs, reporting the member it would report. Returns the line to print; throws
 * `InputError` with the problems.
 */
function checkFleet(specPath: string, planPath: string, choice: RenderChoice): string {
  // Loaded for --fleet only.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { planFleet } = require("./fleet-plan") as typeof FleetPlan;
  const { fleetFailure, makeTask } = require("./render-jobs") as typeof RenderJobs;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const fleet = planFleet(specPath, planPath);
  const task = makeTask({ kind: "fleet", specPath, planPath }, choice, fleet);
  // One member at a time: each output is dropped as soon as it is made.
  const failed = fleetFailure(
    (function* () {
      for (let i = 0; i < task.count; i++) yield task.run(i);
    })(),
  );
  if (failed !== undefined) throw new InputError(failed);
  const names = fleet.members.map((m) => m.hostname);
  const span = names.length === 1 ? names[0] : `${names[0]} to ${names[names.length - 1]}`;
  const members = `${names.length} member${names.length === 1 ? "" : "s"}, ${span}`;
  return `${specName(specPath)} --fleet ${specName(planPath)}: valid (${members})`;
}

export const validateCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(NAME, argv, { ...RENDER_OPTIONS, fleet: { type: "string" } }, ["SPEC..."]);
    if (cl.help) {
      writeStdout(`${HELP}\n`);
      return EXIT_OK;
    }
    const choice = parseRenderChoice(cl, NAME);
    const specs = cl.positionals;
    if (specs.filter((s) => s === STDIN).length + (stringOption(cl, "fleet") === STDIN ? 1 : 0) > 1)
      throw new UsageError("- (stdin) can be read once: give it for one file only", NAME);
    const fleet = stringOption(cl, "fleet");
    if (fleet !== undefined) {
      checkFleetOptions(fleet, specs, choice, NAME);
      writeStdout(`${checkFleet(specs[0] as string, fleet, choice)}\n`);
      return EXIT_OK;
    }
    if (specs.length > 1 && choice.flags.macs.length > 0) {
      throw new UsageError(
        "--mac gives one VM's MACs; with several specs set each interface's macAddress in its spec",
        NAME,
      );
    }
    let status = EXIT_OK;
    for (const path of specs) {
      const { problems, warnings } = checkSpec(path, choice);
      if (problems.length > 0) {
        // With several specs, every line names its file (as render --out-dir prints them).
        const lines = specs.length > 1 ? problems.map((l) => inFile(specName(path), l)) : problems;
        writeStderr(lines.map((line) => `${line}\n`).join(""));
        status = EXIT_INPUT;
        continue;
      }
      printWarnings(warnings);
      writeStdout(`${specName(path)}: valid\n`);
    }
    return status;
  },
};
