/**
 * The text of a spec file (or fleet plan, or lease table) as the command line reads it: strict UTF-8, and no
 * more than `MAX_SPEC_BYTES`, so that a byte that is not UTF-8 is refused at its place instead of read as
 * U+FFFD, and a device or an endless pipe is refused instead of read until memory runs out; and the
 * `FILE:LINE:COL:` of places in that text (`placer`).
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "./errors";
import { linePositions } from "./spec-positions";

/**
 * The most a spec file (or fleet plan, or lease table) may hold: 128 MiB, above a 100 MB file content
 * (which validates in about 6 s with 700 MB of memory) and below what makes reading it a memory problem
 * (V8's longest string is 512 MiB); larger is not a spec but a device or an endless pipe.
 */
export const MAX_SPEC_BYTES = 128 * 2 ** 20;

/**
 * The text of the file `path` (a descriptor: standard input), which problems name `name`; `what` says what
 * it holds (`spec`, `fleet plan`, `lease table`). Throws `InputError` when it goes on past `MAX_SPEC_BYTES` or
 * holds a byte that is not UTF-8 (placed); an error opening or reading it is thrown as it is, for the caller
 * to word.
 */
export function readTextFile(path: string | number, name: string, what: string): string {
  const bytes = readAtMost(path, MAX_SPEC_BYTES);
  if (bytes === undefined) {
    throw cannotRead(
      name,
      what,
      `it goes on past ${MAX_SPEC_BYTES / 2 ** 20} MiB, more than a ${what} file holds (a device such as ` +
        `/dev/zero, or a pipe that does not end?); give the ${what} file itself`,
    );
  }
  return utf8Text(name, bytes);
}

/** `<name>: cannot read <what>: <why>`, the file named as problems name it (`''` for an empty name). */
export function cannotRead(name: string, what: string, why: string): InputError {
  return new InputError([`${name === "" ? "''" : name}: cannot read ${what}: ${why}`]);
}

/** The first read's buffer when the size is not known beforehand (standard input, a pipe, a device). */
const UNKNOWN_SIZE_CHUNK = 64 * 2 ** 10;

/**
 * The bytes of the file `path` (a descriptor: standard input), or undefined when it holds more than `max`:
 * it is read no further, so `/dev/zero` or an endless pipe is refused instead of read until memory runs out.
 * One buffer of the file's size and a byte (a regular file; the byte sees it end, or grow since `fstat`),
 * doubled while more comes: a render of 200 spec files allocated 1 MiB twice a file (400 MiB for 700 KB of
 * specs), and the garbage collector followed.
 */
function readAtMost(path: string | number, max: number): Buffer | undefined {
  const fd = typeof path === "number" ? path : openSync(path, "r");
  try {
    const { size } = fstatSync(fd);
    let buffer = Buffer.allocUnsafe(Math.min(max + 1, size > 0 ? size + 1 : UNKNOWN_SIZE_CHUNK));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        const larger = Buffer.allocUnsafe(Math.min(max + 1, buffer.length * 2));
        buffer.copy(larger, 0, 0, total);
        buffer = larger;
      }
      const n = readSync(fd, buffer, total, buffer.length - total, null);
      if (n === 0) return buffer.subarray(0, total);
      total += n;
      if (total > max) return undefined;
    }
  } finally {
    if (typeof path !== "number") closeSync(fd);
  }
}

/**
 * `bytes` as UTF-8 text; throws `InputError` placed at the first byte that is not UTF-8 (a Latin-1 `é`,
 * a UTF-16 file), which reading as UTF-8 turned into U+FFFD: a spec that said `café` rendered `caf\ufffd`.
 */
function utf8Text(file: string, bytes: Buffer): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError([
      `${file}:1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 ` +
        "(e.g. iconv -f UTF-16 -t UTF-8)",
    ]);
  }
  const text = bytes.toString("utf8");
  // A U+FFFD the file holds as its UTF-8 bytes (EF BF BD) is text; the first other one is a bad byte.
  let offset = 0; // of the character at `from`
  for (
    let from = 0, at = text.indexOf("\ufffd");
    at !== -1;
    from = at + 1, at = text.indexOf("\ufffd", from)
  ) {
    offset += Buffer.byteLength(text.slice(from, at), "utf8");
    if (bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd) {
      offset += 3;
      continue;
    }
    throw new InputError([
      `${placer(file, text)(at)} byte 0x${(bytes[offset] ?? 0).toString(16).toUpperCase()} is not UTF-8 ` +
        "text (a Latin-1 or Windows-1252 character?); save the file as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)",
    ]);
  }
  return text;
}

/**
 * `FILE:LINE:COL:` of offsets in `text`, the file `path`. The line starts are found once for the text, not
 * once for each offset placed (a file with 20,000 repeated keys gets 20,000 lines).
 */
export function placer(path: string, text: string): (offset: number) => string {
  const positionOf = linePositions(text);
  return (offset) => {
    const { line, col } = positionOf(offset);
    return `${path}:${line}:${col}:`;
  };
}
