/**
 * Writes a command's output atomically: a file through `writeFileAtomic`, a directory tree through
 * `writeTreeAtomic`. A failure leaves what was there before (or nothing), never a partial result.
 * A directory is replaced only when it holds nothing but entries the format writes, so a mistyped
 * `--out` cannot wipe an unrelated directory. `-` is stdout for a single-file output. Many single-file
 * outputs (`--out-dir`) are written as one batch (`writeFilesAtomic`): no target is replaced before
 * every new file is on disk.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeFilesAtomic } from "../util/atomic-batch";
import { writeFileAtomic, writeTreeAtomic } from "../util/atomic-write";
import { fsErrorWords, InputError } from "./errors";
import type { FormatOutput } from "./formats";

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
function writeStdout(data: string | Uint8Array): void {
  if (typeof data !== "string" && process.stdout.isTTY) {
    throw new InputError([
      "--out -: refusing to write a binary image to a terminal; redirect stdout to a file or pipe",
    ]);
  }
  process.stdout.write(data);
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

/** Writes the tree atomically and sets its modes. */
function writeTree(path: string, output: FormatOutput & { kind: "tree" }): void {
  writeTreeAtomic(path, output.files);
  for (const [rel, mode] of output.modes ?? []) chmodSync(join(path, rel), mode);
}

/**
 * Writes `output` to `path` (a file or a directory, as the output kind says). `ownedEntries`: top-level
 * names an existing directory may hold besides the ones the new tree writes.
 */
export function writeOutput(path: string, output: FormatOutput, ownedEntries: readonly string[] = []): void {
  if (path === "-" && output.kind === "file") {
    writeStdout(output.data);
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
      writeFileAtomic(path, output.data);
      return;
    }
    const problem = treeTargetProblem(path, output, ownedEntries);
    if (problem !== undefined) throw new InputError([`--out ${path}: ${problem} or choose another --out`]);
    writeTree(path, output);
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
  ownedEntries: readonly string[] = [],
): Promise<void> {
  const problems: string[] = [];
  for (const [path, output] of outputs) {
    const problem =
      output.kind === "tree"
        ? treeTargetProblem(path, output, ownedEntries)
        : ["dir", "other"].includes(existing(path) ?? "")
          ? "exists and is not a regular file; remove it"
          : undefined;
    if (problem !== undefined)
      problems.push(`--out-dir ${dir}: ${path}: ${problem} or choose another --out-dir`);
  }
  if (problems.length > 0) throw new InputError(problems);
  const files: [string, string | Uint8Array][] = [];
  try {
    for (const [path, output] of outputs) {
      if (output.kind === "file") files.push([path, output.data]);
      else writeTree(path, output);
    }
    if (files.length > 0) await writeFilesAtomic(files);
  } catch (err) {
    throw new InputError([`--out-dir ${dir}: cannot write: ${fsErrorWords(err)}`]);
  }
}
