/**
 * Writes a command's output atomically: a file through `writeFileAtomic`, a directory tree through
 * `writeTreeAtomic`. A failure leaves what was there before (or nothing), never a partial result.
 * A directory is replaced only when it holds nothing but entries the format writes, so a mistyped
 * `--out` cannot wipe an unrelated directory. `-` is stdout for a single-file output.
 */
import { chmodSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic, writeTreeAtomic } from "../util/atomic-write";
import { InputError } from "./errors";
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
    throw new InputError([`--out ${path}: cannot write: ${(err as Error).message}`]);
  }
}
