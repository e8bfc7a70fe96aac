/**
 * Signals while a command writes its outputs: Ctrl-C (SIGINT) and SIGTERM are taken, the write ends (or
 * stops early, when it asks), and then the process ends by the signal, so no temporary file is left
 * behind. Used by src/cli/write-output.ts and src/cli/write-out-dir.ts.
 */
import { WriteStopped } from "../util/atomic-batch";

/**
 * Resolves once the event loop has polled for events after this call, so a SIGINT or SIGTERM that came
 * while synchronous code ran (`writeFileAtomic`, `writeTreeAtomic`) has been handed to its listeners:
 * Node calls them from the loop's poll phase, never during synchronous code. One immediate may run in the
 * check phase right after the poll that ran its caller; the immediate it schedules runs after the next.
 */
export function signalsDelivered(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/**
 * Runs `write`, every write of a command's outputs, with Ctrl-C (SIGINT) and SIGTERM taken instead of
 * ending the process at once (which left the hidden `.NAME.*.tmp` file or directory of the write under way,
 * or a batch of them). A signal during a synchronous write (`writeFileAtomic`, `writeTreeAtomic`) waits for
 * its end: the new file or directory is in place. An asynchronous `write` asks `interrupted()` to stop
 * early (`writeFilesAtomic` removes its temporary files and throws `WriteStopped`, no target replaced).
 * Then the process ends by the signal, as it would have (exit status 130 or 143 in a shell); an error of
 * the write is thrown only when no signal came.
 */
export async function writeUnlessInterrupted(
  write: (interrupted: () => boolean) => void | Promise<void>,
): Promise<void> {
  let signal: NodeJS.Signals | undefined;
  const take = (s: NodeJS.Signals) => (signal ??= s);
  process.on("SIGINT", take);
  process.on("SIGTERM", take);
  let failure: { err: unknown } | undefined;
  try {
    await write(() => signal !== undefined);
  } catch (err) {
    failure = { err };
  }
  await signalsDelivered();
  process.off("SIGINT", take);
  process.off("SIGTERM", take);
  if (signal !== undefined) process.kill(process.pid, signal);
  if (failure !== undefined && !(failure.err instanceof WriteStopped)) throw failure.err;
}
