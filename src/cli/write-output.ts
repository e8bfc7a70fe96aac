/**
 * Writes a command's output atomically: a file through `writeFileAtomic`, a directory tree through
 * `writeTreeAtomic`. A failure leaves what was there before (or nothing), never a partial result.
 * A directory is replaced only when it holds nothing but entries the format writes, so a mistyped
 * `--out` cannot wipe an unrelated directory. `-` is stdout for a single-file output. Many single-file
 * outputs (`--out-dir`) are written as one batch (`writeFilesAtomic`): no target is replaced before
 * every new file is on disk. Ctrl-C (SIGINT) and SIGTERM are taken while anything is written
 * (`writeUnlessInterrupted`): the command ends by the signal once no temporary file is left.
 *
 * File modes: a file that holds the documents' secrets (a password hash, private key or secret file:
 * `FormatOutput`'s `secret`, `secretFiles`) is created 0600, any other 0644 (the seed ISO resource's rule,
 * `seedFileMode`), less what the umask removes; `--file-mode` (`fileMode`) sets every file's mode exactly
 * instead, as the component's `fileMode` does. A tree's own modes (the seeder's executables) are kept. Every
 * file has its mode from its creation on, so a secret is never readable by others, not even briefly.
 *
 * `--out FILE` goes where `fileTarget` says (src/cli/out-file-target.ts: a link's target is replaced, a
 * device or FIFO written in place, a socket that is our own fd N written to fd N), and its directory must
 * exist.
 */
import { lstatSync, mkdirSync, readdirSync, rmdirSync } from "node:fs";
import { dirname } from "node:path";
import { AtomicBatch, writeFilesAtomic, WriteStopped } from "../util/atomic-batch";
import { writeFileAtomic, writeTreeAtomic, type FileMode } from "../util/atomic-write";
import { seedFileMode } from "../seed-image/inputs";
import { fsErrorWords, InputError, UsageError } from "./errors";
import type { FormatOutput } from "./formats";
import { binaryWords, fileTarget, writeInPlace, writeToFd } from "./out-file-target";
import { writeStdout } from "./stdout";

/** `--file-mode OCTAL`'s help line, for every command that writes files. */
export const FILE_MODE_HELP = `      --file-mode OCTAL    every file's mode, exactly (e.g. 0644, or 0640 with a group, when a
                           hypervisor reads the image as another user); default: 0600 for a file
                           holding a password hash, private key or secret file, else 0644`;

/**
 * `--file-mode OCTAL` (`0640`, `640`, `0o640`): permission bits from 0 to 0777; undefined without the
 * option. Anything else is a usage error that says what to give.
 */
export function parseFileMode(text: string | undefined, command: string): number | undefined {
  if (text === undefined) return undefined;
  if (text === "") throw new UsageError("missing value for --file-mode", command);
  const digits = /^(?:0o)?([0-7]{1,4})$/i.exec(text)?.[1];
  const mode = digits === undefined ? undefined : parseInt(digits, 8);
  if (mode === undefined || mode > 0o777) {
    throw new UsageError(
      `--file-mode ${text}: not permission bits in octal from 0 to 0777; give e.g. 0600, 0640 or 0644`,
      command,
    );
  }
  return mode;
}

/** The mode of an output file: `fileMode` exactly, else by whether it holds secrets (`seedFileMode`). */
function modeOf(secret: boolean, fileMode: number | undefined): FileMode {
  return fileMode === undefined ? { mode: seedFileMode(secret) } : { mode: fileMode, exact: true };
}

/**
 * Creates the directory `dir` an option names for many outputs (`--out-dir`, render-sample's `--out`) with
 * its parents, or says in words why it cannot.
 */
export function makeOutputDir(dir: string, option: string): void {
  createOutputDir(dir, option);
}

/**
 * `makeOutputDir`, returning a function that removes the directories it created (when still empty), for a
 * command that creates DIR before it knows whether it will write anything.
 */
function createOutputDir(dir: string, option: string): () => void {
  try {
    const first = mkdirSync(dir, { recursive: true });
    return () => {
      if (first === undefined) return;
      try {
        for (let d = dir; ; d = dirname(d)) {
          rmdirSync(d);
          if (d === first || dirname(d) === d) return;
        }
      } catch {
        // Not empty (something else wrote there meanwhile) or gone: left as it is.
      }
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    throw new InputError([
      `${option} ${dir}: ${code === "EEXIST" ? "exists and is not a directory; choose a directory" : `cannot create: ${fsErrorWords(err)}`}`,
    ]);
  }
}

/** `--out -`: the bytes on stdout; binary data is not sent to a terminal (as gzip(1) refuses to). */
function writeToStdout(data: string | Uint8Array): void {
  if (typeof data !== "string" && process.stdout.isTTY) {
    throw new InputError([
      `--out -: refusing to write ${binaryWords(data)} to a terminal; redirect stdout to a file or pipe`,
    ]);
  }
  writeStdout(data);
}

/** What is at `path` itself (a symbolic link is "other"), or undefined when nothing is. */
function existing(path: string): "file" | "dir" | "other" | undefined {
  try {
    const st = lstatSync(path);
    return st.isDirectory() ? "dir" : st.isFile() ? "file" : "other";
  } catch {
    return undefined;
  }
}

/**
 * Why the directory tree `output` cannot replace what is at `path` (ending "; remove it" for the caller to
 * add the other way out), or undefined: `path` is missing, or a directory holding nothing but entries the
 * format writes (`ownedEntries` and the tree's own).
 */
function treeTargetProblem(
  path: string,
  output: FormatOutput & { kind: "tree" },
  ownedEntries: readonly string[],
): string | undefined {
  const found = existing(path);
  if (found === "file" || found === "other") {
    return "exists and is not a directory (this format writes a directory); remove it";
  }
  if (found !== "dir") return undefined;
  const ours = new Set([...output.files.keys()].map((rel) => rel.split("/")[0]).concat(ownedEntries));
  const foreign = readdirSync(path).filter((entry) => !ours.has(entry));
  if (foreign.length === 0) return undefined;
  return (
    "refusing to replace a directory holding entries this format does not write " +
    `(${foreign.sort().slice(0, 5).join(", ")}); remove it`
  );
}

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

/** Writes the tree atomically, each file with its mode (see the top of this file). */
function writeTree(
  path: string,
  output: FormatOutput & { kind: "tree" },
  fileMode: number | undefined,
): void {
  const secret = new Set(output.secretFiles ?? []);
  writeTreeAtomic(path, output.files, (rel) => {
    const own = output.modes?.get(rel);
    return own === undefined ? modeOf(secret.has(rel), fileMode) : { mode: own, exact: true };
  });
}

/** Where and how a command writes its outputs. */
export interface WriteOptions {
  /** Top-level names an existing directory may hold besides the ones the new tree writes. */
  ownedEntries?: readonly string[];
  /** `--file-mode`: every file's exact mode; undefined: by whether it holds secrets. */
  fileMode?: number;
  /** A file name the format writes, for a message's example path (`seed.iso`); default `seed`. */
  fileExample?: string;
}

/**
 * Writes `output` to `path` (a file or a directory, as the output kind says). A signal while it is written
 * ends the command once the new file or directory is in place (`writeUnlessInterrupted`). A file goes where
 * `fileTarget` says (src/cli/out-file-target.ts).
 */
export async function writeOutput(
  path: string,
  output: FormatOutput,
  opts: WriteOptions = {},
): Promise<void> {
  if (path === "-" && output.kind === "file") {
    writeToStdout(output.data);
    return;
  }
  try {
    if (output.kind === "file") {
      const target = fileTarget(path, opts.fileExample ?? "seed");
      if (target.how === "in-place") {
        writeInPlace(path, output.data, target.append);
        return;
      }
      if (target.how === "fd") {
        // stdout (a socket) as `--out -` writes it: in order with the command's other output, EPIPE silent.
        if (target.fd === 1) writeStdout(output.data);
        else writeToFd(target.fd, output.data);
        return;
      }
      const mode = modeOf(output.secret === true, opts.fileMode);
      await writeUnlessInterrupted(() => writeFileAtomic(target.path, output.data, mode));
      return;
    }
    const problem = treeTargetProblem(path, output, opts.ownedEntries ?? []);
    if (problem !== undefined) throw new InputError([`--out ${path}: ${problem} or choose another --out`]);
    await writeUnlessInterrupted(() => writeTree(path, output, opts.fileMode));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError([`--out ${path}: cannot write: ${fsErrorWords(err)}`]);
  }
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

/**
 * Resolves once the event loop has polled for events after this call, so a SIGINT or SIGTERM that came
 * while synchronous code ran (`writeFileAtomic`, `writeTreeAtomic`) has been handed to its listeners:
 * Node calls them from the loop's poll phase, never during synchronous code. One immediate may run in the
 * check phase right after the poll that ran its caller; the immediate it schedules runs after the next.
 */
function signalsDelivered(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/**
 * Runs `write`, every write of a command's outputs, with Ctrl-C (SIGINT) and SIGTERM taken instead of
 * ending the process at once (which left the hidden `.NAME.*.tmp` file or directory of the write under way,
 * or a batch of them). A signal during a synchronous write (`writeFileAtomic`, `writeTreeAtomic`) waits for
 * its end: the new file or directory is in place. An asynchronous `write` asks `interrupted()` to stop
 * early (`writeFilesAtomic` removes its temporary files and throws `WriteStopped`, no target replaced).
 * Then the process ends by the signal, as it would have (exit status 130 or 143 in a shell); an error of
 * the write is thrown only when no signal came.
 */
async function writeUnlessInterrupted(
  write: (interrupted: () => boolean) => void | Promise<void>,
): Promise<void> {
  let signal: NodeJS.Signals | undefined;
  const take = (s: NodeJS.Signals) => (signal ??= s);
  process.on("SIGINT", take);
  process.on("SIGTERM", take);
  let failure: { err: unknown } | undefined;
  try {
    await write(() => signal !== undefined);
  } catch (err) {
    failure = { err };
  }
  await signalsDelivered();
  process.off("SIGINT", take);
  process.off("SIGTERM", take);
  if (signal !== undefined) process.kill(process.pid, signal);
  if (failure !== undefined && !(failure.err instanceof WriteStopped)) throw failure.err;
}
