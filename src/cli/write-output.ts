/**
 * Writes a command's output atomically: a file through `writeFileAtomic`, a directory tree through
 * `writeTreeAtomic`. A failure leaves what was there before (or nothing), never a partial result.
 * A directory is replaced only when it holds nothing but entries the format writes, so a mistyped
 * `--out` cannot wipe an unrelated directory. `-` is stdout for a single-file output. Many single-file
 * outputs (`--out-dir`) are written as one batch (`writeFilesAtomic`): no target is replaced before
 * every new file is on disk.
 */
import { chmodSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeFilesAtomic } from "../util/atomic-batch";
import { writeFileAtomic, writeTreeAtomic } from "../util/atomic-write";
import { fsErrorWords, InputError } from "./errors";
import type { FormatOutput } from "./formats";

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
    if (found === "file" || found === "other") {
      throw new InputError([`--out ${path}: exists and is not a directory; this format writes a directory`]);
    }
    if (found === "dir") {
      const ours = new Set([...output.files.keys()].map((rel) => rel.split("/")[0]).concat(ownedEntries));
      const foreign = readdirSync(path).filter((entry) => !ours.has(entry));
      if (foreign.length > 0) {
        throw new InputError([
          `--out ${path}: refusing to replace a directory holding entries this format does not write ` +
            `(${foreign.sort().slice(0, 5).join(", ")}); remove it or choose another --out`,
        ]);
      }
    }
    writeTreeAtomic(path, output.files);
    for (const [rel, mode] of output.modes ?? []) chmodSync(join(path, rel), mode);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError([`--out ${path}: cannot write: ${fsErrorWords(err)}`]);
  }
}

/**
 * Writes every `[path, output]` of `--out-dir DIR` (DIR exists). Single-file outputs go as one batch:
 * every target is checked first (a directory in the way fails before anything is written), then all
 * files are written, fsynced, renamed into place and DIR fsynced (src/util/atomic-batch.ts). Directory
 * outputs are written one after another, each atomically.
 */
export async function writeOutputs(
  dir: string,
  outputs: readonly (readonly [string, FormatOutput])[],
  ownedEntries: readonly string[] = [],
): Promise<void> {
  const files: [string, string | Uint8Array][] = [];
  for (const [path, output] of outputs) {
    if (output.kind === "file") files.push([path, output.data]);
    else writeOutput(path, output, ownedEntries);
  }
  if (files.length === 0) return;
  const blocked = files.filter(([path]) => {
    const found = existing(path);
    return found === "dir" || found === "other";
  });
  if (blocked.length > 0) {
    throw new InputError(
      blocked.map(([path]) => `--out-dir ${dir}: ${path} exists and is not a regular file; remove it`),
    );
  }
  try {
    await writeFilesAtomic(files);
  } catch (err) {
    throw new InputError([`--out-dir ${dir}: cannot write: ${fsErrorWords(err)}`]);
  }
}
