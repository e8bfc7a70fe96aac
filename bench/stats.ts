/** Small helpers shared by the benchmarks: medians, fixed-precision formatting, child Node programs. */
import { spawnSync } from "node:child_process";

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A number with `digits` decimals, as the bench lines print it. */
export function fixed(value: number, digits = 3): string {
  return value.toFixed(digits);
}

/** Milliseconds since an arbitrary origin, high resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Runs the Node program `file` with `args` in a process of its own and returns the JSON value its last
 * line of output holds; `name` says which benchmark failed when the program exits non-zero.
 */
export function runJsonChild<T>(name: string, file: string, args: readonly string[]): T {
  const r = spawnSync(process.execPath, [file, ...args], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stderr}`);
  const last = r.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as T;
}
