/**
 * Every write of the command line to stdout goes through `writeStdout`, and every line it writes on stderr
 * through `writeStderr`. A write that fails (a full disk: `> /dev/full`; a reader that went away:
 * `| head -c 10`) ends the command with one line instead of Node's stack trace of an unhandled 'error'
 * event, and with the status of an output that cannot be written: 1, or diff(1)'s 2 for trouble
 * (`setStdoutFailureStatus`). A closed pipe is said nothing about, as the tools killed by SIGPIPE say
 * nothing. The listener is added at the first write: `process.stdout` loads Node's stream modules, which a
 * render to a file never needs (test/cli/startup.test.ts).
 *
 * A stderr line comes after what was written on stdout before it, also when both are one pipe or socket
 * (`2>&1`): Node writes to a pipe or socket as much as it takes at once and queues the rest (libuv makes the
 * fd non-blocking), so a large `render -o -` was still queued when its `--mac` warning went straight into the
 * pipe, in the middle of the document. `writeStderr` holds its lines until stdout has taken every byte
 * written before them (the callbacks of those writes), and then writes them in their order.
 */
import { EXIT_INPUT, fsErrorWords } from "./errors";

let failureStatus = EXIT_INPUT;
let guarded = false;
/** Writes of `writeStdout` whose bytes stdout has not taken yet. */
let stdoutPending = 0;
/** `writeStderr` text waiting for `stdoutPending` to fall to 0. */
const held: string[] = [];

/** The exit status when stdout cannot take the output (diff: 2). */
export function setStdoutFailureStatus(status: number): void {
  failureStatus = status;
}

/** Writes `data` on stdout; see the top of this file for a write that fails. */
export function writeStdout(data: string | Uint8Array): void {
  if (!guarded) {
    guarded = true;
    process.stdout.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE")
        process.stderr.write(`bootstrapped-vm: error: standard output: ${fsErrorWords(err)}\n`);
      process.exit(failureStatus);
    });
  }
  stdoutPending++;
  process.stdout.write(data, () => {
    stdoutPending--;
    if (stdoutPending === 0 && held.length > 0) process.stderr.write(held.splice(0).join(""));
  });
}

/** Writes `text` on stderr once stdout has taken everything `writeStdout` wrote before (see the top). */
export function writeStderr(text: string): void {
  if (stdoutPending === 0) process.stderr.write(text);
  else held.push(text);
}
