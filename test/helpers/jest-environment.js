/**
 * The test environment of `npm test` (jest.config.js): jest's node environment, and in a jest worker
 * process an exit without Node's native teardown once the worker has ended cleanly.
 *
 * Why. Told to end, a jest worker stops listening and exits when its event loop is empty; jest gives it
 * 500 ms (jest-worker 30.5.1, build/index.js `BaseWorkerPool.end`: `workerGracefulExitTimeout ?? 500`;
 * jest-worker 29.7.0 had the same as `FORCE_EXIT_DELAY`), then kills it and prints
 * "A worker process has failed to exit gracefully and has been force exited". Every `npm test` printed
 * that. Measured on 4 December 2026: no handle or request was left in the workers (async_hooks over the
 * whole run); each reached its `exit` event 1-2 ms after the end message. But each test file loads the
 * Pulumi SDK into a registry of its own, and at the end a worker held 0.7-6 GB (RSS; heap 0.5-1.3 GB).
 * From its `exit` event to its end Node freed all that (the V8 isolate's teardown): 400 and 870 ms for
 * 735 MB and 1,724 MB (process states read from /proc every 5 ms), past jest's 500 ms. Ended with
 * SIGKILL from its `exit` listener instead, a worker of 1,390 MB was gone 144 ms later.
 *
 * So a worker whose `exit` event comes with status 0 ends itself with SIGKILL: the kernel frees its
 * memory, Node's teardown is skipped. By then it has sent jest every result (its event loop ran empty),
 * and on Linux its stdout and stderr writes are synchronous. A non-zero status (a crash) is left as it is
 * for jest to see. The listener is moved to the end of the `exit` listeners after every test file, so
 * those a test file added (temporary-file clean-ups) run first. Jest's main process (a single test file
 * runs there, in band) is never touched.
 *
 * The kernel's part grows with the memory too (about 0.1 ms a MB here): a worker of 5-6 GB, as the full run
 * left without a limit, still passed 500 ms. jest.config.js therefore also replaces a worker whose heap
 * passed 512 MB after a test file (`workerIdleMemoryLimit`).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded by jest as CommonJS, untransformed */
"use strict";
const { TestEnvironment } = require("jest-environment-node");

/** The main module of a jest worker process. */
const WORKER_MAIN = /[\\/]jest-worker[\\/]build[\\/]processChild\.js$/;

/** Ends the process with SIGKILL after a clean exit (status 0). */
function endAtOnce(code) {
  if (code === 0) process.kill(process.pid, "SIGKILL");
}

/** Whether this process is a jest worker (not jest's main process). */
function inJestWorker() {
  return require.main !== undefined && WORKER_MAIN.test(require.main.filename);
}

/** Makes `endAtOnce` the last `exit` listener of a jest worker process. */
function endWorkerAtOnce() {
  if (!inJestWorker()) return;
  process.removeListener("exit", endAtOnce);
  process.on("exit", endAtOnce);
}

class WorkerEnvironment extends TestEnvironment {
  async setup() {
    endWorkerAtOnce();
    await super.setup();
  }

  async teardown() {
    await super.teardown();
    endWorkerAtOnce();
  }
}

module.exports = WorkerEnvironment;
module.exports.endWorkerAtOnce = endWorkerAtOnce;
