/**
 * `bootstrapped-vm render SPEC --format F --out PATH`: one spec to one platform's artifact (`--out -`:
 * stdout). `render SPEC... --format F --out-dir DIR`: many specs in one process, one artifact each.
 */
import { basename, join } from "node:path";
import type { Command } from "./command";
import type * as FleetPlan from "./fleet-plan";
import { parseCommandLine, stringOption } from "./args";
import { EXIT_OK, InputError, UsageError } from "./errors";
import { FormatOutput, OUTPUT_FORMATS, OutputFormat } from "./formats";
import { loadSpec, STDIN } from "./load-spec";
import type { BootstrapSpec } from "../spec/types";
import {
  checkFleetOptions,
  parseRenderChoice,
  printWarnings,
  RENDER_OPTIONS,
  RENDER_OPTIONS_HELP,
  RenderChoice,
  renderForFormat,
  unusedMacWarnings,
} from "./render-options";
import { fleetFailure, outputOf, type Outcome } from "./render-jobs";
import { renderBatch } from "./render-parallel";
import { writeStdout } from "./stdout";
import { streamOutputs, writeOutputs } from "./write-out-dir";
import { FILE_MODE_HELP, makeOutputDir, parseFileMode, writeOutput, type WriteOptions } from "./write-output";

const NAME = "render";

const HELP = `Usage: bootstrapped-vm render SPEC --format FORMAT --out PATH [options]
       bootstrapped-vm render SPEC... --format FORMAT --out-dir DIR [options]
       bootstrapped-vm render SPEC --fleet PLAN --format FORMAT --out-dir DIR [options]
       bootstrapped-vm render --format vmware-seeder --out DIR

Renders the spec file SPEC (YAML or JSON) into one platform's artifact and writes it to PATH
atomically (a temporary file or directory renamed into place): the same spec gives the same bytes.
SPEC - reads the spec from stdin; --out - writes a single-file format to stdout. vmware-seeder is
the same for every spec: it needs no SPEC (one given is still checked) and no --mac.

With --out-dir, renders every SPEC in one process and writes DIR/<name><suffix> for each, <name>
being the spec's file name without .yaml/.yml/.json: <name>.iso for the ISO formats,
<name>.guestinfo.json, <name>.vapp.json, <name>.user-data, <name>.network-config, or a directory
<name>/ for the directory formats. No output replaces its target before every spec has rendered
and every new file is on disk: one invalid spec and nothing is written.

With --fleet, SPEC is the base spec of a fleet and PLAN (YAML or JSON) holds count, hostname (a
pattern such as web-%{n:3}), addressPools, variables and commonVariables, as createFleet takes them:
one output per member in DIR, named after the member's host name.

A file that holds a password hash, private key or secret file (the seed images, user-data, guestinfo
and vapp of such a spec; in a directory format, every file but the network config) is written
readable by its owner only, mode 0600; other files 0644 (both less what the umask removes).
--file-mode sets every file's mode exactly instead, e.g. 0644, or 0640 with a group, when a
hypervisor reads the image as another user.

Formats:
${OUTPUT_FORMATS.map((f) => `  ${f.name.padEnd(18)}${f.summary}`).join("\n")}

Options:
  -f, --format FORMAT      one of the formats above (required)
  -o, --out PATH           output file in an existing directory (- for stdout), or directory for
                           *-dir and vmware-seeder
      --out-dir DIR        one output per SPEC in DIR (created when missing); instead of --out
      --fleet PLAN         one SPEC times the fleet plan PLAN: one output per member (needs
                           --out-dir)
${FILE_MODE_HELP}
${RENDER_OPTIONS_HELP}
  -h, --help               show this help

Exit status: 0 written, 1 invalid spec or render error (nothing written), 2 usage error.`;

const SPEC_EXTENSION = /\.(ya?ml|json)$/i;

/** The name a spec's output gets in `--out-dir`: its file name without the spec extension. */
function outputStem(specPath: string): string {
  return basename(specPath).replace(SPEC_EXTENSION, "");
}

/** Takes each output as it is made (`streamOutputs`); undefined: the outputs are returned instead. */
type Put = ((path: string, output: FormatOutput | undefined) => Promise<void>) | undefined;

/**
 * The output of job `i`'s `outcome` for `target`: given to `put` when there is one, else kept as `outputs[i]`
 * (jobs come in any order when worker threads render).
 */
async function takeOutput(
  i: number,
  outcome: Outcome,
  target: string,
  put: Put,
  outputs: ([string, FormatOutput] | undefined)[],
): Promise<void> {
  const output = outputOf(outcome);
  if (put !== undefined) await put(target, output);
  else if (output !== undefined) outputs[i] = [target, output];
}

/** The kept outputs in job order. */
function inJobOrder(outputs: readonly ([string, FormatOutput] | undefined)[]): [string, FormatOutput][] {
  return outputs.filter((entry) => entry !== undefined);
}

/**
 * Renders every member of a fleet for `--out-dir` (`targets`: each member's output path), each output given
 * to `put` as it is made or, without one, returned. Throws the problems of the first member that fails
 * validation, else of the first that fails to render.
 */
async function renderFleet(
  specPath: string,
  planPath: string,
  fleet: FleetPlan.PlannedFleet,
  targets: readonly string[],
  choice: RenderChoice,
  put: Put,
): Promise<[string, FormatOutput][]> {
  const outputs: ([string, FormatOutput] | undefined)[] = [];
  const outcomes = await renderBatch({ kind: "fleet", specPath, planPath }, choice, fleet, (i, outcome) =>
    takeOutput(i, outcome, targets[i] as string, put, outputs),
  );
  const failed = fleetFailure(outcomes);
  if (failed !== undefined) throw new InputError(failed);
  return inJobOrder(outputs);
}

/**
 * Renders into `--out-dir DIR` (`targets`: every output path) with `render`: with `stream`, each output goes
 * into DIR's atomic batch as it is made (`streamOutputs`); else all are rendered, then DIR is made and they
 * are written (`writeOutputs`).
 */
async function renderIntoDir(
  dir: string,
  targets: readonly string[],
  stream: boolean,
  opts: WriteOptions,
  render: (put: Put) => Promise<[string, FormatOutput][]>,
): Promise<void> {
  if (stream) {
    await streamOutputs(dir, targets, render, opts);
    return;
  }
  const outputs = await render(undefined);
  makeOutputDir(dir, "--out-dir");
  await writeOutputs(dir, outputs, opts);
}

/** The output path of each spec file in `--out-dir DIR`, and which earlier spec file already writes it. */
function specTargets(
  paths: readonly string[],
  format: OutputFormat,
  dir: string,
): { path: string; target: string; duplicateOf?: string }[] {
  const byTarget = new Map<string, string>();
  return paths.map((path) => {
    const target = join(dir, `${outputStem(path)}${format.suffix}`);
    const other = byTarget.get(target);
    if (other !== undefined) return { path, target, duplicateOf: other };
    byTarget.set(target, path);
    return { path, target };
  });
}

/**
 * Renders every spec for `--out-dir` (`jobs`: `specTargets`), each output given to `put` as it is made or,
 * without one, returned; and the specs' warning lines (`--mac` values past a spec's interfaces: one spec
 * only takes --mac). Throws one `InputError` with every problem of every spec.
 */
async function renderMany(
  jobs: readonly { path: string; target: string; duplicateOf?: string }[],
  choice: RenderChoice,
  put: Put,
): Promise<{ outputs: [string, FormatOutput][]; warnings: string[] }> {
  const unique = jobs.filter((job) => job.duplicateOf === undefined);
  const outputs: ([string, FormatOutput] | undefined)[] = [];
  const paths = unique.map((job) => job.path);
  const outcomes = await renderBatch({ kind: "specs", paths }, choice, undefined, (i, outcome) =>
    takeOutput(i, outcome, (unique[i] as { target: string }).target, put, outputs),
  );
  const problems: string[] = [];
  const warnings: string[] = [];
  let next = 0;
  for (const job of jobs) {
    if (job.duplicateOf !== undefined) {
      problems.push(`${job.path}: writes ${job.target} as ${job.duplicateOf} does; rename one of them`);
      continue;
    }
    const outcome = outcomes[next++] as Outcome;
    if ("lines" in outcome) problems.push(...outcome.lines);
    if ("warnings" in outcome) warnings.push(...(outcome.warnings ?? []));
  }
  if (problems.length > 0) throw new InputError(problems);
  return { outputs: inJobOrder(outputs), warnings };
}

export const renderCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(
      NAME,
      argv,
      {
        ...RENDER_OPTIONS,
        out: { type: "string", short: "o" },
        "out-dir": { type: "string" },
        fleet: { type: "string" },
        "file-mode": { type: "string" },
      },
      ["[SPEC...]"],
    );
    if (cl.help) {
      writeStdout(`${HELP}\n`);
      return EXIT_OK;
    }
    const choice = parseRenderChoice(cl, NAME);
    const format = choice.format;
    if (!format) throw new UsageError("missing option --format", NAME);
    const out = stringOption(cl, "out");
    const outDir = stringOption(cl, "out-dir");
    if (out !== undefined && outDir !== undefined)
      throw new UsageError("give --out or --out-dir, not both", NAME);
    if (out === "" || outDir === "" || (out === undefined && outDir === undefined)) {
      throw new UsageError("missing option --out (or --out-dir)", NAME);
    }
    if (outDir === "-")
      throw new UsageError("--out-dir -: - is stdout, but --out-dir names a directory; give one", NAME);
    const fileMode = parseFileMode(stringOption(cl, "file-mode"), NAME);
    if (fileMode !== undefined && out === "-")
      throw new UsageError("--file-mode sets the mode of files written; --out - writes to stdout", NAME);
    // A file name the format writes, for a message's example: seed.iso, user-data, guestinfo.json.
    const fileExample = format.suffix === ".iso" ? "seed.iso" : format.suffix.slice(1);
    const writeOptions = { ownedEntries: format.ownedEntries, fileMode, fileExample };
    const specs = cl.positionals;
    if (specs.length === 0 && (format.sameForEverySpec === undefined || outDir !== undefined)) {
      throw new UsageError("missing argument: SPEC...", NAME);
    }
    const fleet = stringOption(cl, "fleet");
    if (outDir !== undefined && (specs.includes(STDIN) || fleet === STDIN)) {
      throw new UsageError(
        "- (stdin) is read for one spec written with --out; --out-dir and --fleet read files by their names",
        NAME,
      );
    }
    if (fleet !== undefined) {
      if (fleet === "") throw new UsageError("missing value for --fleet", NAME);
      if (outDir === undefined)
        throw new UsageError("--fleet writes one output per member: give --out-dir DIR", NAME);
      checkFleetOptions(fleet, specs, choice, NAME);
      const specPath = specs[0] as string;
      // Loaded for --fleet only.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { planFleet } = require("./fleet-plan") as typeof FleetPlan;
      const planned = planFleet(specPath, fleet);
      const targets = planned.members.map((member) => join(outDir, `${member.hostname}${format.suffix}`));
      await renderIntoDir(outDir, targets, format.writes === "file", writeOptions, (put) =>
        renderFleet(specPath, fleet, planned, targets, choice, put),
      );
      return EXIT_OK;
    }
    if (outDir !== undefined) {
      if (specs.length > 1 && choice.flags.macs.length > 0) {
        throw new UsageError(
          "--mac gives one VM's MACs; with several specs set each interface's macAddress in its spec",
          NAME,
        );
      }
      // The warnings come from the render, which read the spec: it is not read again for them.
      const jobs = specTargets(specs, format, outDir);
      const targets = jobs.map((job) => job.target);
      // Specs that would write one path are refused after the render: nothing to stream.
      const stream = format.writes === "file" && jobs.every((job) => job.duplicateOf === undefined);
      await renderIntoDir(outDir, targets, stream, writeOptions, async (put) => {
        const { outputs, warnings } = await renderMany(jobs, choice, put);
        printWarnings(warnings);
        return outputs;
      });
      return EXIT_OK;
    }
    if (specs.length > 1) {
      throw new UsageError(`${specs.length} specs need --out-dir DIR (--out names one output)`, NAME);
    }
    if (out === "-" && format.writes === "directory") {
      throw new UsageError(
        `--out - (stdout) takes a single-file format; ${format.name} writes a directory`,
        NAME,
      );
    }
    const spec = specs.length === 0 ? undefined : loadSpec(specs[0] as string);
    const output =
      spec === undefined && format.sameForEverySpec
        ? format.sameForEverySpec()
        : (renderForFormat(spec as BootstrapSpec, choice) as FormatOutput);
    await writeOutput(out as string, output, writeOptions);
    if (spec !== undefined && !format.sameForEverySpec)
      printWarnings(unusedMacWarnings(spec, choice.flags.macs));
    return EXIT_OK;
  },
};
