/**
 * The jobs of `render --out-dir` (src/cli/render-parallel.ts runs them on one or more threads): load
 * (read, parse, validate) and render one spec file, or validate and render one fleet member; what a
 * job gives (`Outcome`); and the `BOOTSTRAPPED_VM_TRACE` diagnostics of the threads.
 */
import { writeSync } from "node:fs";
import type { BootstrapSpec } from "../spec/types";
import { InputError, inFile } from "./errors";
import { acceptMember, planFleet, type PlannedFleet } from "./fleet-plan";
import type { FormatOutput } from "./formats";
import { loadSpec, specSource, type SpecSource } from "./load-spec";
import { renderForFormat, unusedMacWarnings, type RenderChoice } from "./render-options";

/** What to render: spec files, or the members of a fleet (planned again, the same way, in a worker). */
export type RenderBatch =
  { kind: "specs"; paths: string[] } | { kind: "fleet"; specPath: string; planPath: string };

/**
 * What one job gave: the output (with the `warning:` lines of a spec file's `--mac` values past its
 * interfaces, if any), or its problem lines (stage 0: a member's validation, 1: render). `handedOver`: an
 * output given to the batch's `OutcomeSink` as it came, not kept.
 */
export type Outcome =
  | { output: FormatOutput; warnings?: readonly string[] }
  | { handedOver: true; warnings?: readonly string[] }
  | { lines: readonly string[]; stage: 0 | 1 }
  | { crash: string };

/**
 * Takes each job's outcome on the main thread as soon as it is known (job `i`; for spec files in job
 * order), and is awaited before the next job: `render --out-dir` writes the output meanwhile
 * (src/cli/write-out-dir.ts `streamOutputs`), and may throw to stop the batch (a signal came).
 */
export type OutcomeSink = (i: number, outcome: Outcome) => Promise<void>;

/** What the batch keeps of an outcome given to a sink: not the output, which the sink took. */
export function keptOf(outcome: Outcome): Outcome {
  if (!("output" in outcome)) return outcome;
  return outcome.warnings === undefined
    ? { handedOver: true }
    : { handedOver: true, warnings: outcome.warnings };
}

/** The output of an outcome, or throws: a worker's crash (a bug) as an Error with its stack. */
export function outputOf(outcome: Outcome): FormatOutput | undefined {
  if ("crash" in outcome) throw new Error(`render worker: ${outcome.crash}`);
  return "output" in outcome ? outcome.output : undefined;
}

/**
 * A spec file read, parsed and validated: the spec (with its file, which a worker thread's message carries
 * across), its problem lines, or a worker's crash (a bug).
 */
export type Loaded =
  { spec: BootstrapSpec; source?: SpecSource } | { lines: readonly string[] } | { crash: string };

/** Jobs 0 .. count - 1, each run on any thread. */
export interface Task {
  count: number;
  run(i: number): Outcome;
}

/**
 * With `BOOTSTRAPPED_VM_TRACE` set: `what` on stderr, with the process's age and this thread's CPU time
 * (written at once: a worker's `process.stderr` is flushed by the main thread, maybe after it ends).
 */
export function trace(what: string): void {
  if (!process.env.BOOTSTRAPPED_VM_TRACE) return;
  // process.threadCpuUsage: Node >= 22.19 (@types/node 22 does not know it yet).
  const cpu = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.();
  const ms = cpu === undefined ? "?" : ((cpu.user + cpu.system) / 1000).toFixed(0);
  writeSync(
    2,
    `bootstrapped-vm trace: at ${(process.uptime() * 1000).toFixed(0)} ms ${what} (thread cpu ${ms} ms)\n`,
  );
}

/** Loads spec `path` (read, parse, validate); only a non-`InputError` (a bug) is thrown. */
export function loadOne(path: string): Loaded {
  try {
    const spec = loadSpec(path);
    const source = specSource(spec);
    return source === undefined ? { spec } : { spec, source };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { lines: err.lines };
  }
}

/**
 * The outcome of rendering a loaded spec file, with its `--mac` warnings (`unusedMacWarnings`: found here,
 * from the spec as loaded, so the file is read once); a non-`InputError` (a bug) is thrown.
 */
export function renderLoaded(path: string, loaded: Loaded, choice: RenderChoice): Outcome {
  if ("crash" in loaded) return loaded;
  try {
    if ("lines" in loaded) throw new InputError(loaded.lines);
    const output = renderForFormat(loaded.spec, choice) as FormatOutput;
    const warnings = choice.format?.sameForEverySpec ? [] : unusedMacWarnings(loaded.spec, choice.flags.macs);
    return warnings.length > 0 ? { output, warnings } : { output };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { lines: err.lines.map((line) => inFile(path, line)), stage: 1 };
  }
}

/**
 * The problem lines a fleet's outcomes (in member order) stop at: those of the first member that fails
 * validation, else of the first that fails to render; undefined when every member rendered. `render --fleet`
 * and `validate --fleet` report the same member with the same lines.
 */
export function fleetFailure(outcomes: Iterable<Outcome>): readonly string[] | undefined {
  let renderFailure: readonly string[] | undefined;
  for (const outcome of outcomes) {
    if (!("lines" in outcome)) continue;
    if (outcome.stage === 0) return outcome.lines;
    renderFailure ??= outcome.lines;
  }
  return renderFailure;
}

/** The jobs of a fleet (planned again from its files when `fleet` is not given), or of spec files. */
export function makeTask(batch: RenderBatch, choice: RenderChoice, fleet: PlannedFleet | undefined): Task {
  if (batch.kind === "specs") {
    const paths = batch.paths;
    return {
      count: paths.length,
      run: (i) => renderLoaded(paths[i] as string, loadOne(paths[i] as string), choice),
    };
  }
  const planned = fleet ?? planFleet(batch.specPath, batch.planPath);
  return {
    count: planned.members.length,
    run(i) {
      const member = planned.members[i];
      if (member === undefined) throw new Error(`internal: no fleet member ${i}`);
      let spec;
      try {
        spec = acceptMember(planned, member).spec;
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        return { lines: err.lines, stage: 0 };
      }
      try {
        return { output: renderForFormat(spec, choice, planned.base, "fleet") as FormatOutput };
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        const lines = err.lines.map((line) =>
          inFile(batch.specPath, `${line} (fleet member ${member.index}, ${member.hostname})`),
        );
        return { lines, stage: 1 };
      }
    },
  };
}

/** `outcomes`' ISO bytes, to transfer to the main thread rather than copy (only whole, unshared buffers). */
export function transferable(outcomes: readonly [number, Outcome][]): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const [, outcome] of outcomes) {
    if (!("output" in outcome) || outcome.output.kind !== "file") continue;
    const data = outcome.output.data;
    if (typeof data === "string" || !(data.buffer instanceof ArrayBuffer)) continue;
    if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) buffers.push(data.buffer);
  }
  return buffers;
}

/** `Atomics.waitAsync` (ES2024; Node >= 16): settles when `array[index]` is notified or no longer `value`. */
export function waitAsync(array: Int32Array, index: number, value: number): Promise<unknown> {
  const atomics = Atomics as unknown as {
    waitAsync(a: Int32Array, i: number, v: number): { value: Promise<unknown> | string };
  };
  return Promise.resolve(atomics.waitAsync(array, index, value).value);
}
