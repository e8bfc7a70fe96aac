/**
 * `--out-dir DIR`: many outputs of one command written together. Every target is checked before anything
 * is written; directory outputs are written one after another, each atomically, and the single-file outputs
 * go as one batch (`AtomicBatch`, src/util/atomic-batch.ts): no target is replaced before every new file is
 * on disk. `writeOutputs` takes outputs all made already; `streamOutputs` takes each as it is rendered. Modes,
 * target checks of directory outputs and tree writes are src/cli/write-output.ts's; signals are taken as
 * there (`writeUnlessInterrupted`, src/cli/write-interrupt.ts).
 */
import { AtomicBatch, writeFilesAtomic, WriteStopped } from "../util/atomic-batch";
import type { FileMode } from "../util/atomic-write";
import { fsErrorWords, InputError } from "./errors";
import type { FormatOutput } from "./formats";
import { signalsDelivered, writeUnlessInterrupted } from "./write-interrupt";
import {
  createOutputDir,
  existing,
  modeOf,
  treeTargetProblem,
  writeTree,
  type WriteOptions,
} from "./write-output";

/**
 * Why a single-file output cannot go to `path` in `--out-dir` (ending "; remove it"), or undefined. It goes
 * in by rename, not as `--out FILE` (`fileTarget`): whatever is there but a regular file (a link, a device,
 * a FIFO, a directory) is refused: not followed, not written in place.
 */
function fileTargetProblem(path: string): string | undefined {
  return ["dir", "other"].includes(existing(path) ?? "")
    ? "exists and is not a regular file; remove it"
    : undefined;
}

/** A problem of the target `path` of `--out-dir DIR`, with the other way out. */
function outDirProblem(dir: string, path: string, problem: string): string {
  return `--out-dir ${dir}: ${path}: ${problem} or choose another --out-dir`;
}

/**
 * Writes every `[path, output]` of `--out-dir DIR` (DIR exists). Every target is checked first, so a
 * directory or file in the way fails before anything is written. Directory outputs are written one after
 * another, each atomically; the single-file outputs then go as one batch: all files are written, fsynced,
 * renamed into place and DIR fsynced (src/util/atomic-batch.ts). A signal stops the writes before the next
 * directory output or before the batch replaces any file (`writeUnlessInterrupted`).
 */
export async function writeOutputs(
  dir: string,
  outputs: readonly (readonly [string, FormatOutput])[],
  opts: WriteOptions = {},
): Promise<void> {
  const problems: string[] = [];
  for (const [path, output] of outputs) {
    const problem =
      output.kind === "tree"
        ? treeTargetProblem(path, output, opts.ownedEntries ?? [])
        : fileTargetProblem(path);
    if (problem !== undefined) problems.push(outDirProblem(dir, path, problem));
  }
  if (problems.length > 0) throw new InputError(problems);
  const files: [string, string | Uint8Array, FileMode][] = [];
  try {
    await writeUnlessInterrupted(async (interrupted) => {
      for (const [path, output] of outputs) {
        if (output.kind === "file") {
          files.push([path, output.data, modeOf(output.secret === true, opts.fileMode)]);
          continue;
        }
        await signalsDelivered();
        if (interrupted()) return;
        writeTree(path, output, opts.fileMode);
      }
      if (files.length === 0) return;
      await signalsDelivered();
      if (!interrupted()) await writeFilesAtomic(files, undefined, interrupted);
    });
  } catch (err) {
    throw new InputError([`--out-dir ${dir}: cannot write: ${fsErrorWords(err)}`]);
  }
}

/**
 * Renders and writes the single-file outputs of `--out-dir DIR` together: `produce` makes them and gives each
 * to `put` (awaiting it) as soon as it is made, and `put` starts writing it into the batch of DIR
 * (`AtomicBatch`): its temporary file is written and fsynced on libuv's thread pool while the next output is
 * made, and the output's bytes are then let go. Once `produce` has returned, every file is renamed into place
 * (the guarantee of `writeOutputs`: no target is replaced before every new file is on disk). When `produce`
 * throws (a spec's problems), every temporary file is removed, DIR too when this created it, and its error
 * is thrown as it is: nothing was written. `targets`, every path `put` will be given, are checked before
 * anything is made: whatever is there but a regular file is refused (as by `writeOutputs`). A signal stops
 * the batch at the next `put` (which throws `WriteStopped`) and ends the command once no temporary file is
 * left, no target replaced (`writeUnlessInterrupted`). `put(path, undefined)` says that job failed (its
 * problems will be thrown): the batch is abandoned at once, so no more files are written for nothing.
 */
export async function streamOutputs<T>(
  dir: string,
  targets: readonly string[],
  produce: (put: (path: string, output: FormatOutput | undefined) => Promise<void>) => Promise<T>,
  opts: WriteOptions = {},
): Promise<T> {
  const problems = targets.flatMap((path) => {
    const problem = fileTargetProblem(path);
    return problem === undefined ? [] : [outDirProblem(dir, path, problem)];
  });
  if (problems.length > 0) throw new InputError(problems);
  const removeCreated = createOutputDir(dir, "--out-dir");
  let made: { value: T } | undefined;
  let writeError: { err: unknown } | undefined;
  try {
    await writeUnlessInterrupted(async (interrupted) => {
      const batch = new AtomicBatch(undefined, interrupted);
      let failed = false;
      try {
        made = {
          value: await produce(async (path, output) => {
            if (interrupted()) throw new WriteStopped();
            if (output === undefined) {
              if (!failed) await batch.abandon();
              failed = true;
              return;
            }
            if (output.kind !== "file") throw new Error(`internal: ${path}: streamOutputs takes files only`);
            if (!failed) batch.add(path, output.data, modeOf(output.secret === true, opts.fileMode));
            await batch.pace();
          }),
        };
      } catch (err) {
        await batch.abandon();
        throw err;
      }
      if (failed) throw new Error("internal: streamOutputs: a job failed, but its problems were not thrown");
      try {
        await batch.commit();
      } catch (err) {
        if (!(err instanceof WriteStopped)) writeError = { err };
        throw err;
      }
    });
  } catch (err) {
    removeCreated();
    if (writeError !== undefined) {
      throw new InputError([`--out-dir ${dir}: cannot write: ${fsErrorWords(writeError.err)}`]);
    }
    throw err;
  }
  if (made === undefined) throw new Error("internal: streamOutputs: nothing produced and no error");
  return made.value;
}
