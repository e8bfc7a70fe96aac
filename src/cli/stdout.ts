/**
 * Every write of the command line to stdout goes through `writeStdout`. A write that fails (a full disk:
 * `> /dev/full`; a reader that went away: `| head -c 10`) ends the command with one line instead of Node's
 * stack trace of an unhandled 'error' event, and with the status of an output that cannot be written: 1,
 * or diff(1)'s 2 for trouble (`setStdoutFailureStatus`). A closed pipe is said nothing about, as the tools
 * killed by SIGPIPE say nothing. The listener is added at the first write: `process.stdout` loads Node's
 * stream modules, which a render to a file never needs (test/cli/startup.test.ts).
 */
import { EXIT_INPUT, fsErrorWords } from "./errors";

let failureStatus = EXIT_INPUT;
let guarded = false;

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
  process.stdout.write(data);
}
