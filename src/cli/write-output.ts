/**
 * Writes a command's output atomically: a file through `writeFileAtomic`, a directory tree through
 * `writeTreeAtomic`. A failure leaves what was there before (or nothing), never a partial result.
 * A directory is replaced only when it holds nothing but entries the format writes, so a mistyped
 * `--out` cannot wipe an unrelated directory. `-` is stdout for a single-file output. Many outputs
 * (`--out-dir`) are written by src/cli/write-out-dir.ts, with the target checks, modes and tree writes of
 * this file. Ctrl-C (SIGINT) and SIGTERM are taken while anything is written (`writeUnlessInterrupted`,
 * src/cli/write-interrupt.ts): the command ends by the signal once no temporary file is left.
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
import { writeFileAtomic, writeTreeAtomic, type FileMode } from "../util/atomic-write";
import { seedFileMode } from "../seed-image/inputs";
import { fsErrorWords, InputError, UsageError } from "./errors";
import type { FormatOutput } from "./formats";
import { binaryWords, fileTarget, writeInPlace, writeToFd } from "./out-file-target";
import { writeStdout } from "./stdout";
import { writeUnlessInterrupted } from "./write-interrupt";

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
export function modeOf(secret: boolean, fileMode: number | undefined): FileMode {
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
export function createOutputDir(dir: string, option: string): () => void {
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
export function existing(path: string): "file" | "dir" | "other" | undefined {
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
export function treeTargetProblem(
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
export function writeTree(
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
