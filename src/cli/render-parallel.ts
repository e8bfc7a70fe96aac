/**
 * `render --out-dir` over many specs (or fleet members) on more than one thread. Every job (read,
 * validate and render one spec; validate and render one member) is pure and independent, so the main
 * thread and worker threads take chunks of job numbers from one shared counter (`Atomics.add`) until
 * none are left; a worker posts its outcomes back, and the caller reads them by job number, so the
 * result (outputs and the order of problems) is the one a single thread gives, whatever thread did
 * what. A worker that starts late simply takes fewer jobs; one that fails leaves its jobs to the main
 * thread. By default the threads are the idle CPUs (see `workerCount`); `BOOTSTRAPPED_VM_THREADS=N`
 * sets them (1: the main thread only).
 */
import { availableParallelism, loadavg } from "node:os";
import type * as WorkerThreads from "node:worker_threads";
import { InputError, inFile } from "./errors";
import { acceptMember, planFleet, type PlannedFleet } from "./fleet-plan";
import { findFormat, type FormatFlags, type FormatOutput } from "./formats";
import { loadSpec } from "./load-spec";
import { renderForFormat, type RenderChoice } from "./render-options";

/** What to render: spec files, or the members of a fleet (planned again, the same way, in a worker). */
export type RenderBatch =
  { kind: "specs"; paths: string[] } | { kind: "fleet"; specPath: string; planPath: string };

/** What one job gave: the output, or its problem lines (stage 0: a member's validation, 1: render). */
export type Outcome =
  { output: FormatOutput } | { lines: readonly string[]; stage: 0 | 1 } | { crash: string };

/** The output of an outcome, or throws: a worker's crash (a bug) as an Error with its stack. */
export function outputOf(outcome: Outcome): FormatOutput | undefined {
  if ("crash" in outcome) throw new Error(`render worker: ${outcome.crash}`);
  return "output" in outcome ? outcome.output : undefined;
}

/**
 * `node:worker_threads`, loaded when a worker is started (or in one): it loads Node's stream modules,
 * which a single-spec command line run should not pay for (test/cli/startup.test.ts).
 */
function workerThreads(): typeof WorkerThreads {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
  return require("node:worker_threads") as typeof WorkerThreads;
}

/** Jobs one claim takes: small enough to balance two threads, large enough to keep claims rare. */
const CHUNK = 4;
/** Fewer jobs than this are not worth a worker's start (a few ms). */
const MIN_PARALLEL_JOBS = 16;
/** Slot of the shared counter holding the next job number; slot 1 + w counts worker w's claims. */
const NEXT = 0;

interface WireChoice {
  formatName: string;
  flags: FormatFlags;
  cloudInit?: string;
}

interface WorkerInput {
  batch: RenderBatch;
  choice: WireChoice;
  counter: SharedArrayBuffer;
  slot: number;
  count: number;
}

interface Task {
  count: number;
  run(i: number): Outcome;
}

/** The jobs of `batch`; a non-`InputError` (a bug) is thrown, not turned into an outcome. */
function makeTask(batch: RenderBatch, choice: RenderChoice, fleet: PlannedFleet | undefined): Task {
  if (batch.kind === "specs") {
    return {
      count: batch.paths.length,
      run(i) {
        const path = batch.paths[i] as string;
        try {
          return { output: renderForFormat(loadSpec(path), choice) as FormatOutput };
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          return { lines: err.lines.map((line) => inFile(path, line)), stage: 1 };
        }
      },
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
        return { output: renderForFormat(spec, choice) as FormatOutput };
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        const lines = err.lines.map((line) =>
          inFile(batch.specPath, `${line} (fleet member ${member.hostname})`),
        );
        return { lines, stage: 1 };
      }
    },
  };
}

/**
 * Worker threads to start for `count` jobs: by default one fewer than the CPUs, and only CPUs the
 * 1-minute load average leaves idle (as `make --load-average` does): on a busy machine a worker only
 * competes with the main thread for the same CPU. `BOOTSTRAPPED_VM_THREADS` sets the thread count.
 */
function workerCount(count: number): number {
  // Under ts-jest the sources are TypeScript, which a worker cannot load: the main thread does it all.
  if (count < MIN_PARALLEL_JOBS || !__filename.endsWith(".js")) return 0;
  const setting = process.env.BOOTSTRAPPED_VM_THREADS;
  // A CPU counts as idle while the load average stays half a CPU below the count (2 CPUs: under 1.5).
  const idle = Math.ceil(availableParallelism() - (loadavg()[0] ?? 0) + 0.5);
  const threads =
    setting === undefined || setting === ""
      ? Math.max(1, Math.min(availableParallelism(), idle))
      : Number(setting);
  if (!Number.isInteger(threads) || threads < 1) return 0;
  return Math.min(threads, 4, Math.floor(count / CHUNK)) - 1;
}

/** A worker's outcomes, or none when it fails (its jobs are then done on the main thread). */
function outcomesOf(worker: WorkerThreads.Worker): Promise<[number, Outcome][]> {
  return new Promise((resolve) => {
    worker.once("message", (m: [number, Outcome][]) => resolve(m));
    worker.once("error", () => resolve([]));
    worker.once("exit", () => resolve([]));
  });
}

/**
 * Runs every job of `batch` on this thread and on worker threads; returns the outcomes by job number.
 * `fleet`: the fleet the caller planned (the workers plan it again from the same files).
 */
export async function renderBatch(
  batch: RenderBatch,
  choice: RenderChoice,
  fleet?: PlannedFleet,
): Promise<Outcome[]> {
  const task = makeTask(batch, choice, fleet);
  const outcomes: (Outcome | undefined)[] = new Array<Outcome | undefined>(task.count);
  const workers = workerCount(task.count);
  const counter = new Int32Array(new SharedArrayBuffer(4 * (1 + workers)));
  const wire: WireChoice = {
    formatName: choice.format?.name ?? "",
    flags: choice.flags,
    ...(choice.cloudInit === undefined ? {} : { cloudInit: choice.cloudInit }),
  };
  const started = Array.from({ length: workers }, (_, w) => {
    const input: WorkerInput = {
      batch,
      choice: wire,
      counter: counter.buffer,
      slot: 1 + w,
      count: task.count,
    };
    const code =
      'require("node:module").enableCompileCache?.();' +
      `const m = require(${JSON.stringify(__filename)}); (m.runRenderWorker ?? m.workerMain)();`;
    const worker = new (workerThreads().Worker)(code, { eval: true, workerData: input });
    return { worker, outcomes: outcomesOf(worker), slot: 1 + w };
  });
  try {
    for (let from = Atomics.add(counter, NEXT, CHUNK); from < task.count;) {
      for (let i = from; i < Math.min(from + CHUNK, task.count); i++) outcomes[i] = task.run(i);
      from = Atomics.add(counter, NEXT, CHUNK);
    }
    for (const { outcomes: theirs, slot } of started) {
      // A worker that never tried to claim a job never will get one (the counter is past the end).
      if (Atomics.load(counter, slot) === 0) continue;
      for (const [i, outcome] of await theirs) outcomes[i] = outcome;
    }
  } finally {
    for (const { worker } of started) void worker.terminate();
  }
  for (let i = 0; i < task.count; i++) outcomes[i] ??= task.run(i);
  return outcomes as Outcome[];
}

/** The worker thread's side of `renderBatch` (started through `runRenderWorker`, src/cli/main.ts). */
export function workerMain(): void {
  const { parentPort, workerData } = workerThreads();
  const input = workerData as WorkerInput;
  const counter = new Int32Array(input.counter);
  const format = findFormat(input.choice.formatName);
  const choice: RenderChoice = {
    format,
    flags: input.choice.flags,
    ...(input.choice.cloudInit === undefined ? {} : { cloudInit: input.choice.cloudInit }),
  };
  const results: [number, Outcome][] = [];
  let task: Task | undefined;
  for (;;) {
    Atomics.add(counter, input.slot, 1);
    const from = Atomics.add(counter, NEXT, CHUNK);
    if (from >= input.count) break;
    task ??= makeTask(input.batch, choice, undefined);
    for (let i = from; i < Math.min(from + CHUNK, input.count); i++) {
      try {
        results.push([i, task.run(i)]);
      } catch (err) {
        results.push([i, { crash: String((err as Error).stack ?? err) }]);
      }
    }
  }
  parentPort?.postMessage(results);
}
