/**
 * Node built-ins that many runs never need, each loaded on its first use. `node:crypto`, `node:zlib` and
 * `node:worker_threads` each load Node's stream modules too, which costs a command-line run that does not
 * hash natively, compress or start a worker several milliseconds of start-up (test/cli/startup.test.ts).
 * The one place such a module is required: everything else asks for it here.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use (see above) */
import type * as Crypto from "node:crypto";
import type * as WorkerThreads from "node:worker_threads";
import type * as Zlib from "node:zlib";

/** A module loaded by the first `get()`; `loaded` tells whether that has happened (no load). */
export interface OnFirstUse<T> {
  get(): T;
  readonly loaded: boolean;
}

/** `load()` on the first `get()`, its value from then on; packages loaded lazily use it too (pako: zlib.ts). */
export function onFirstUse<T extends object>(load: () => T): OnFirstUse<T> {
  let value: T | undefined;
  return {
    get: () => (value ??= load()),
    get loaded() {
      return value !== undefined;
    },
  };
}

export const nodeCrypto = onFirstUse(() => require("node:crypto") as typeof Crypto);
export const nodeZlib = onFirstUse(() => require("node:zlib") as typeof Zlib);
export const nodeWorkerThreads = onFirstUse(() => require("node:worker_threads") as typeof WorkerThreads);
