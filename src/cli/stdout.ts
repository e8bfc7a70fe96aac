/**
 * Every write of the command line to stdout goes through `writeStdout`, and every line it writes on stderr
 * through `writeStderr`. A write that fails (a full disk: `> /dev/full`; a reader that went away:
 * `| head -c 10`) ends the command with one line instead of Node's stack trace of an unhandled 'error'
 * event, and with the status of an output that cannot be written: 1, or diff(1)'s 2 for trouble
 * (`setStdoutFailureStatus`). A closed pipe is said nothing about, as the tools killed by SIGPIPE say
 * nothing. The listener is added at the first write: `process.stdout` loads Node's stream modules, which a
 * render to a file never needs (test/cli/startup.test.ts).
 *
 * The two keep the order they were written in, also when both are one pipe or socket (`2>&1`): Node writes
 * to a pipe or socket as much as it takes at once and queues the rest (libuv makes the fd non-blocking), so
 * a large `render -o -` was still queued when its `--mac` warning went straight into the pipe, in the middle
 * of the document (and `validate bad.yaml good.yaml`'s `valid` line could land in bad.yaml's problems). A
 * write waits while the other stream has not taken everything written on it before (the callbacks of those
 * writes), and behind every write already waiting; waiting writes go out in their order.
 */
import { EXIT_INPUT, fsErrorWords } from "./errors";

type Stream = "stdout" | "stderr";

let failureStatus = EXIT_INPUT;
let guarded = false;

/** Writes on each stream whose bytes it has not taken yet. */
const pending: Record<Stream, number> = { stdout: 0, stderr: 0 };
/** Writes waiting for the other stream to take what was written on it before, in their order. */
const held: { to: Stream; data: string | Uint8Array }[] = [];

function otherThan(to: Stream): Stream {
  return to === "stdout" ? "stderr" : "stdout";
}

function send(to: Stream, data: string | Uint8Array): void {
  pending[to]++;
  process[to].write(data, () => {
    pending[to]--;
    for (let next = held[0]; next !== undefined && pending[otherThan(next.to)] === 0; next = held[0]) {
      held.shift();
      send(next.to, next.data);
    }
  });
}

/** Writes `data` on `to` in its order with everything written on either stream before (see the top). */
function writeInOrder(to: Stream, data: string | Uint8Array): void {
  if (held.length > 0 || pending[otherThan(to)] > 0) held.push({ to, data });
  else send(to, data);
}

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
  writeInOrder("stdout", data);
}

/** Writes `text` on stderr, in its order with the command's stdout (see the top). */
export function writeStderr(text: string): void {
  writeInOrder("stderr", text);
}
