/** Telling plain values from values that still wait for Outputs or Promises. */
import * as pulumi from "@pulumi/pulumi";

/** True when `value` is a Promise or another thenable. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** True when `value` holds no Output or Promise anywhere, so it can be validated synchronously. */
export function isKnown(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || isPromiseLike(value)) return false;
  if (Array.isArray(value)) return value.every(isKnown);
  if (value !== null && typeof value === "object") return Object.values(value).every(isKnown);
  return true;
}
