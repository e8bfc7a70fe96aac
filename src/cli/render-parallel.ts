/**
 * `render --out-dir` over many specs (or fleet members) on more than one thread. Every job is pure and
 * independent, and the caller reads the outcomes by job number, so the result (outputs and the order
 * of problems) is the one a single thread gives, whatever thread did what.
 *
 * Spec files: worker threads read, parse and validate specs (the YAML parser and the validator) while
 * the main thread renders them (the YAML writer, the documents, the ISO builder), in job order. Each
 * thread so warms up (V8 compiles and optimizes) only the code of its own stage, once, instead of every
 * thread warming up all of it for a share of the jobs. Loads are claimed one at a time from a shared
 * counter (`Atomics.add`); a worker posts each loaded spec on its own MessagePort, which the main thread
 * reads synchronously (`receiveMessageOnPort`); when the main thread would wait for a spec that is not
 * loaded yet, it claims the next unclaimed load itself, and it waits only when all are claimed.
 *
 * Fleet members: the main thread and worker threads take chunks of member numbers from one shared
 * counter, validate and render them; a worker posts its outcomes (ISO bytes transferred, not copied).
 *
 * A worker that starts late takes fewer jobs; one that fails leaves its jobs to the main thread. By
 * default spec files use the CPUs and a fleet the main thread (see `workerCount`); `BOOTSTRAPPED_VM_THREADS=N` sets them
 * (1: the main thread only). `BOOTSTRAPPED_VM_TRACE=1` prints on stderr when each thread starts, how many
 * jobs it did and its CPU time, to see whether the threads pay.
 */
import { availableParallelism } from "node:os";
import type * as WorkerThreads from "node:worker_threads";
import { nodeWorkerThreads } from "../util/builtins";
import type { PlannedFleet } from "./fleet-plan";
import { findFormat, type FormatFlags } from "./formats";
import { adoptValidated } from "./load-spec";
import type { RenderChoice } from "./render-options";
import {
  keptOf,
  loadOne,
  makeTask,
  renderLoaded,
  trace,
  transferable,
  waitAsync,
  type Loaded,
  type Outcome,
  type OutcomeSink,
  type RenderBatch,
  type Task,
} from "./render-jobs";

/** Fleet members one claim takes: small enough to balance two threads, large enough to keep claims rare. */
const CHUNK = 4;
/** Fewer jobs than this are not worth a worker's start (a few ms). */
const MIN_PARALLEL_JOBS = 16;
/**
 * Slots of the shared counter: the next job number; how many loaded specs the workers posted; from
 * slot 2 on, fleet worker w's claims are counted in slot 2 + w.
 */
const NEXT = 0;
const POSTED = 1;
const CLAIMS = 2;

interface WireChoice {
  formatName: string;
  flags: FormatFlags;
  cloudInit?: string;
}

/** A worker's task: load spec files (for the main thread to render), or validate and render members. */
type WorkerInput =
  | { kind: "load"; paths: string[]; counter: SharedArrayBuffer; port: WorkerThreads.MessagePort }
  | {
      kind: "fleet";
      batch: RenderBatch;
      choice: WireChoice;
      counter: SharedArrayBuffer;
      slot: number;
      count: number;
    };

/**
 * Worker threads to start for `count` jobs of `kind`. `BOOTSTRAPPED_VM_THREADS` sets the thread count.
 * By default (measured on 2 cores, 200 bench specs or fleet members; `bench bulk` times the other choice):
 * - spec files: all CPUs (at most 4 threads), whatever the load. A worker loads (reads, parses,
 *   validates) while the main thread renders, so each warms up only its own half of the code. The
 *   gain varies from run to run (from none to 16 % of the wall time, more often under load), and it
 *   always costs more CPU; docs/cli.md has the figures.
 * - a fleet: the main thread only. Its worker plans the fleet again and renders members with cold code,
 *   so a second thread costs more than it saves (`bench bulk`: 1053 ms on two threads, 801 ms on one).
 */
function workerCount(count: number, kind: RenderBatch["kind"]): number {
  // Under ts-jest the sources are TypeScript, which a worker cannot load: the main thread does it all.
  if (count < MIN_PARALLEL_JOBS || !__filename.endsWith(".js")) return 0;
  const setting = process.env.BOOTSTRAPPED_VM_THREADS;
  const threads =
    setting === undefined || setting === ""
      ? kind === "specs"
        ? availableParallelism()
        : 1
      : Number(setting);
  if (!Number.isInteger(threads) || threads < 1) return 0;
  return Math.min(threads, 4, Math.floor(count / CHUNK)) - 1;
}

/** Starts a worker thread running `workerMain` with `input`; `exited` settles when it ends (or fails to start). */
function startWorker(
  input: WorkerInput,
  transfer: WorkerThreads.Transferable[] = [],
): { worker: WorkerThreads.Worker; exited: Promise<void> } {
  const code =
    'require("node:module").enableCompileCache?.();' +
    `const m = require(${JSON.stringify(__filename)}); (m.runRenderWorker ?? m.workerMain)();`;
  const worker = new (nodeWorkerThreads.get().Worker)(code, {
    eval: true,
    workerData: input,
    transferList: transfer,
  });
  const exited = new Promise<void>((resolve) => {
    worker.once("error", () => resolve());
    worker.once("exit", () => resolve());
  });
  return { worker, exited };
}

/**
 * Renders spec files with `workers` worker threads loading them (see the top of this file); returns
 * the outcomes by job number.
 */
async function renderSpecFiles(
  paths: string[],
  choice: RenderChoice,
  workers: number,
  sink: OutcomeSink | undefined,
): Promise<Outcome[]> {
  const { MessageChannel, receiveMessageOnPort } = nodeWorkerThreads.get();
  const counter = new Int32Array(new SharedArrayBuffer(8));
  const ports: WorkerThreads.MessagePort[] = [];
  const started = Array.from({ length: workers }, () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    return startWorker({ kind: "load", paths, counter: counter.buffer, port: port2 }, [port2]);
  });
  let ended = false;
  const allEnded = Promise.all(started.map(({ exited }) => exited)).then(() => (ended = true));
  const loaded: (Loaded | undefined)[] = new Array<Loaded | undefined>(paths.length);
  const theirs = ports.map(() => 0);
  const drain = () => {
    ports.forEach((port, w) => {
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const [j, l] = m.message as [number, Loaded];
        loaded[j] = receivedLoaded(l);
        theirs[w] = (theirs[w] ?? 0) + 1;
      }
    });
  };
  const outcomes: Outcome[] = [];
  let here = 0;
  try {
    for (let i = 0; i < paths.length; i++) {
      for (;;) {
        const gone = ended;
        const seen = Atomics.load(counter, POSTED);
        drain();
        if (loaded[i] !== undefined) break;
        const j = Atomics.add(counter, NEXT, 1);
        if (j < paths.length) {
          // Rather than wait for a worker's spec, load the next one here (at first: while they start).
          loaded[j] = loadOne(paths[j] as string);
          here++;
        } else if (gone) {
          // Every worker has ended, and spec i (theirs) never came: load it here.
          loaded[i] = loadOne(paths[i] as string);
          here++;
        } else {
          await Promise.race([waitAsync(counter, POSTED, seen), allEnded]);
        }
      }
      const outcome = renderLoaded(paths[i] as string, loaded[i] as Loaded, choice);
      loaded[i] = undefined;
      outcomes.push(await handOver(sink, i, outcome));
    }
  } finally {
    Atomics.store(counter, NEXT, paths.length);
    for (const port of ports) port.close();
    for (const { worker } of started) void worker.terminate();
  }
  trace(`main thread: loaded ${here} of ${paths.length} specs (workers: ${theirs.join(", ")}), rendered all`);
  // Traced: the workers' last lines come before the process ends.
  if (process.env.BOOTSTRAPPED_VM_TRACE) await allEnded;
  return outcomes;
}

/** `outcome`, or what is kept of it once `sink` (when given) has taken it (`keptOf`). */
async function handOver(sink: OutcomeSink | undefined, i: number, outcome: Outcome): Promise<Outcome> {
  if (sink === undefined) return outcome;
  await sink(i, outcome);
  return keptOf(outcome);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Validates and renders fleet members on this thread and `workers` worker threads (see the top). */
async function renderMembers(
  batch: RenderBatch,
  choice: RenderChoice,
  fleet: PlannedFleet | undefined,
  workers: number,
  sink: OutcomeSink | undefined,
): Promise<Outcome[]> {
  const task = makeTask(batch, choice, fleet);
  const outcomes: (Outcome | undefined)[] = new Array<Outcome | undefined>(task.count);
  const counter = new Int32Array(new SharedArrayBuffer(4 * (CLAIMS + workers)));
  const wire: WireChoice = {
    formatName: choice.format?.name ?? "",
    flags: choice.flags,
    ...(choice.cloudInit === undefined ? {} : { cloudInit: choice.cloudInit }),
  };
  const started = Array.from({ length: workers }, (_, w) => {
    const slot = CLAIMS + w;
    const { worker, exited } = startWorker({
      kind: "fleet",
      batch,
      choice: wire,
      counter: counter.buffer,
      slot,
      count: task.count,
    });
    const theirs = new Promise<[number, Outcome][]>((resolve) => {
      worker.once("message", (m: [number, Outcome][]) => resolve(m));
      void exited.then(() => resolve([]));
    });
    return { worker, theirs, slot };
  });
  try {
    for (let from = Atomics.add(counter, NEXT, CHUNK); from < task.count;) {
      for (let i = from; i < Math.min(from + CHUNK, task.count); i++)
        outcomes[i] = await handOver(sink, i, task.run(i));
      from = Atomics.add(counter, NEXT, CHUNK);
    }
    const done = started.map(() => 0);
    for (const [w, { theirs, slot }] of started.entries()) {
      // A worker that never tried to claim a job never will get one (the counter is past the end).
      if (Atomics.load(counter, slot) === 0) continue;
      const posted = await theirs;
      for (const [i, outcome] of posted) outcomes[i] = await handOver(sink, i, outcome);
      done[w] = posted.length;
    }
    if (workers > 0)
      trace(`main thread: ${task.count - sum(done)} of ${task.count} jobs (workers: ${done.join(", ")})`);
  } finally {
    for (const { worker } of started) void worker.terminate();
  }
  for (let i = 0; i < task.count; i++) outcomes[i] ??= await handOver(sink, i, task.run(i));
  return outcomes as Outcome[];
}

/**
 * Runs every job of `batch` on this thread and on worker threads; returns the outcomes by job number.
 * `fleet`: the fleet the caller planned (the workers plan it again from the same files). `sink`: takes
 * each outcome as it is known, and the outputs are then not kept (`keptOf`).
 */
export async function renderBatch(
  batch: RenderBatch,
  choice: RenderChoice,
  fleet?: PlannedFleet,
  sink?: OutcomeSink,
): Promise<Outcome[]> {
  const count = batch.kind === "specs" ? batch.paths.length : (fleet?.members.length ?? Infinity);
  const workers = workerCount(count, batch.kind);
  trace(`main thread: ${workers} worker thread(s)`);
  if (batch.kind === "specs" && workers > 0) return renderSpecFiles(batch.paths, choice, workers, sink);
  return renderMembers(batch, choice, fleet, workers, sink);
}

/**
 * A spec a worker thread loaded, as the main thread receives it (a structured clone): adopted as validated,
 * with the file it was read from, so the problems its render finds are placed in that file. The file's
 * text comes along though only a problem needs it: for the 200 specs of `bench bulk` (324,000 characters)
 * it adds 0.1-0.4 ms to the messages' 2.6-2.8 ms, against about 580 ms for the whole render.
 */
export function receivedLoaded(l: Loaded): Loaded {
  return "spec" in l ? { spec: adoptValidated(l.spec, l.source) } : l;
}

/** A worker thread loading spec files: claims them one at a time and posts each on its port. */
function loadSpecFiles(input: Extract<WorkerInput, { kind: "load" }>): void {
  const counter = new Int32Array(input.counter);
  let done = 0;
  for (let j = Atomics.add(counter, NEXT, 1); j < input.paths.length; j = Atomics.add(counter, NEXT, 1)) {
    let loaded: Loaded;
    try {
      loaded = loadOne(input.paths[j] as string);
    } catch (err) {
      loaded = { crash: String((err as Error).stack ?? err) };
    }
    input.port.postMessage([j, loaded]);
    Atomics.add(counter, POSTED, 1);
    Atomics.notify(counter, POSTED);
    done++;
  }
  input.port.close();
  trace(`worker thread: loaded ${done} specs`);
}

/** A worker thread validating and rendering fleet members: claims chunks, posts every outcome at the end. */
function renderFleetMembers(input: Extract<WorkerInput, { kind: "fleet" }>): void {
  const { parentPort } = nodeWorkerThreads.get();
  const counter = new Int32Array(input.counter);
  const choice: RenderChoice = {
    format: findFormat(input.choice.formatName),
    flags: input.choice.flags,
    ...(input.choice.cloudInit === undefined ? {} : { cloudInit: input.choice.cloudInit }),
  };
  const results: [number, Outcome][] = [];
  let task: Task | undefined;
  for (;;) {
    Atomics.add(counter, input.slot, 1);
    const from = Atomics.add(counter, NEXT, CHUNK);
    if (from >= input.count) break;
    if (task === undefined) {
      task = makeTask(input.batch, choice, undefined);
      trace("worker thread: planned the fleet");
    }
    for (let i = from; i < Math.min(from + CHUNK, input.count); i++) {
      try {
        results.push([i, task.run(i)]);
      } catch (err) {
        results.push([i, { crash: String((err as Error).stack ?? err) }]);
      }
    }
  }
  trace(`worker thread: rendered ${results.length} fleet members`);
  parentPort?.postMessage(results, transferable(results));
}

/** The worker thread's side of `renderBatch` (started through `runRenderWorker`, src/cli/main.ts). */
export function workerMain(): void {
  const input = nodeWorkerThreads.get().workerData as WorkerInput;
  trace(`worker thread: started`);
  if (input.kind === "load") loadSpecFiles(input);
  else renderFleetMembers(input);
}
