/**
 * The two ways a command fails. Both carry lines that are printed one per line on stderr.
 * `UsageError` (exit 2): the command line itself is wrong (unknown option, missing argument, bad value).
 * `InputError` (exit 1): the command line is fine but an input is not (unreadable or invalid spec, a render
 * that cannot fit its transport, a file that cannot be written).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose `--help` the message points to; undefined for the top level. */
    readonly command?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

export class InputError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join("\n"));
    this.name = "InputError";
  }
}

const FS_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "is a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOSPC: "no space left on the device",
  EIO: "input/output error",
  EBADF: "not open (closed by the caller)",
  EROFS: "read-only file system",
  // From creating an output's parent directories (mkdir -p) where a part of the path is a file.
  EEXIST: "a part of the path exists and is not a directory",
  ENAMETOOLONG: "the name is too long",
};

/**
 * A file system error in words, without Node's code, system call and paths (which may be a temporary file
 * the user never named): `no such file or directory`, `permission denied`, ...
 */
export function fsErrorWords(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined ? FS_ERRORS[code] : undefined) ?? String((err as Error)?.message ?? err);
}

/** Why an input file cannot be read, as `cannot read <what>: <words>` says it (ENOENT: "no such file"). */
export function unreadableWords(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code === "ENOENT" ? "no such file" : fsErrorWords(err);
}

/**
 * Prefixes a problem line with the spec file it belongs to (as `shownAs`), unless it already names it (problems found in
 * a spec file carry `FILE:LINE:COLUMN:` from src/cli/spec-positions.ts).
 */
export function inFile(path: string, line: string, shownAs = path): string {
  return line.startsWith(`${path}:`) ? line : `${shownAs}: ${line}`;
}

/** Exit status of a command: 0 success, 1 bad input or a difference found, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;
