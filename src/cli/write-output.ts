/**
 * Writes a command's output atomically: a file through `writeFileAtomic`, a directory tree through
 * `writeTreeAtomic`. A failure leaves what was there before (or nothing), never a partial result.
 * A directory is replaced only when it holds nothing but entries the format writes, so a mistyped
 * `--out` cannot wipe an unrelated directory. `-` is stdout for a single-file output. Many single-file
 * outputs (`--out-dir`) are written as one batch (`writeFilesAtomic`): no target is replaced before
 * every new file is on disk.
 *
 * File modes: a file that holds the documents' secrets (a password hash, private key or secret file:
 * `FormatOutput`'s `secret`, `secretFiles`) is created 0600, any other 0644 (the seed ISO resource's rule,
 * `seedFileMode`), less what the umask removes; `--file-mode` (`fileMode`) sets every file's mode exactly
 * instead, as the component's `fileMode` does. A tree's own modes (the seeder's executables) are kept. Every
 * file has its mode from its creation on, so a secret is never readable by others, not even briefly.
 */
import { lstatSync, mkdirSync, readdirSync } from "node:fs";
import { writeFilesAtomic, WriteStopped } from "../util/atomic-batch";
import { writeFileAtomic, writeTreeAtomic, type FileMode } from "../util/atomic-write";
import { seedFileMode } from "../seed-image/inputs";
import { fsErrorWords, InputError, UsageError } from "./errors";
import type { FormatOutput } from "./formats";
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
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    throw new InputError([
      `${option} ${dir}: ${code === "EEXIST" ? "exists and is not a directory; choose a directory" : `cannot create: ${fsErrorWords(err)}`}`,
    ]);
  }
}

/** `--out -`: the bytes on stdout; a binary image is not sent to a terminal (as gzip(1) refuses to). */
function writeToStdout(data: string | Uint8Array): void {
  if (typeof data !== "string" && process.stdout.isTTY) {
    throw new InputError([
      "--out -: refusing to write a binary image to a terminal; redirect stdout to a file or pipe",
    ]);
  }
  writeStdout(data);
}

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
}

/** Writes `output` to `path` (a file or a directory, as the output kind says). */
export function writeOutput(path: string, output: FormatOutput, opts: WriteOptions = {}): void {
  if (path === "-" && output.kind === "file") {
    writeToStdout(output.data);
    return;
  }
  const found = existing(path);
  try {
    if (output.kind === "file") {
      if (path.endsWith("/")) {
        throw new InputError([
          `--out ${path}: names a directory; this format writes a file, e.g. ${path}seed`,
        ]);
      }
      if (found === "dir" || found === "other") {
        throw new InputError([`--out ${path}: exists and is not a regular file; choose a file path`]);
      }
      writeFileAtomic(path, output.data, modeOf(output.secret === true, opts.fileMode));
      return;
    }
    const problem = treeTargetProblem(path, output, opts.ownedEntries ?? []);
    if (problem !== undefined) throw new InputError([`--out ${path}: ${problem} or choose another --out`]);
    writeTree(path, output, opts.fileMode);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError([`--out ${path}: cannot write: ${fsErrorWords(err)}`]);
  }
}

/**
 * Writes every `[path, output]` of `--out-dir DIR` (DIR exists). Every target is checked first, so a
 * directory or file in the way fails before anything is written. Single-file outputs then go as one
 * batch: all files are written, fsynced, renamed into place and DIR fsynced (src/util/atomic-batch.ts).
 * Directory outputs are written one after another, each atomically.
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
        : ["dir", "other"].includes(existing(path) ?? "")
          ? "exists and is not a regular file; remove it"
          : undefined;
    if (problem !== undefined)
      problems.push(`--out-dir ${dir}: ${path}: ${problem} or choose another --out-dir`);
  }
  if (problems.length > 0) throw new InputError(problems);
  const files: [string, string | Uint8Array, FileMode][] = [];
  try {
    for (const [path, output] of outputs) {
      if (output.kind === "file")
        files.push([path, output.data, modeOf(output.secret === true, opts.fileMode)]);
      else writeTree(path, output, opts.fileMode);
    }
    if (files.length > 0) await writeBatchUnlessInterrupted(files);
  } catch (err) {
    throw new InputError([`--out-dir ${dir}: cannot write: ${fsErrorWords(err)}`]);
  }
}

/**
 * `writeFilesAtomic`, with Ctrl-C (SIGINT) and SIGTERM taken while it runs (a batch of many images takes
 * seconds): a signal stops it before any target is replaced, its temporary files are removed, and the
 * process then ends by that signal as it would have (exit status 130 or 143 in a shell). Without this the
 * signal killed the process with up to a batch of hidden `.NAME.*.tmp` files left in DIR.
 */
async function writeBatchUnlessInterrupted(files: [string, string | Uint8Array, FileMode][]): Promise<void> {
  let signal: NodeJS.Signals | undefined;
  const take = (s: NodeJS.Signals) => (signal ??= s);
  process.on("SIGINT", take);
  process.on("SIGTERM", take);
  try {
    await writeFilesAtomic(files, undefined, () => signal !== undefined);
  } catch (err) {
    if (!(err instanceof WriteStopped)) throw err;
  } finally {
    process.off("SIGINT", take);
    process.off("SIGTERM", take);
  }
  if (signal !== undefined) process.kill(process.pid, signal);
}
