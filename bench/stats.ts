/** Small helpers shared by the benchmarks: medians and fixed-precision formatting. */

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
