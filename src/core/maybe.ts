/**
 * Values that are plain when known at construction and Outputs otherwise.
 *
 * Most specs and platform arguments are plain values: nothing in them waits for another resource.
 * Computing with plain values needs no Output, no promise and no microtask per step, errors thrown
 * along the way surface at construction, and the children receive the values as they are (a plain
 * value is a valid Pulumi Input). Values that are still Outputs go through `apply` as usual, with
 * the same functions. Wrap a plain result in `pulumi.secret` where it must be secret: the result is
 * then an Output, and everything derived from it stays an Output.
 */
import * as pulumi from "@pulumi/pulumi";
import { isKnown } from "./known";

/** A value known now, or an Output of it. */
export type Maybe<T> = T | pulumi.Output<T>;

/** True when `value` is an Output (and computations on it go through `apply`). */
export function isOutput<T>(value: Maybe<T>): value is pulumi.Output<T> {
  return pulumi.Output.isInstance(value);
}

/** An Input as it is when it holds no Output or Promise anywhere, otherwise resolved deeply as one Output. */
export function maybe<T>(value: pulumi.Input<T>): Maybe<pulumi.Unwrap<T>> {
  return isKnown(value) ? (value as pulumi.Unwrap<T>) : pulumi.output(value);
}

/** `f(value)` now when the value is known, otherwise `value.apply(f)`. */
export function mapMaybe<T, U>(value: Maybe<T>, f: (v: T) => pulumi.Input<U>): Maybe<U> {
  if (isOutput(value)) return value.apply(f) as pulumi.Output<U>;
  const result = f(value);
  return result instanceof Promise ? (pulumi.output(result) as pulumi.Output<U>) : (result as Maybe<U>);
}

/** The values as a tuple when all are known, otherwise `pulumi.all` of them. */
export function allMaybe<T extends unknown[]>(values: { [K in keyof T]: Maybe<T[K]> }): Maybe<T> {
  return values.some((v) => isOutput(v))
    ? (pulumi.all(values) as unknown as pulumi.Output<T>)
    : (values as T);
}

/** The value as an Output (for public Output-typed properties). */
export function toOutput<T>(value: Maybe<T>): pulumi.Output<T> {
  return isOutput(value) ? value : (pulumi.output(value) as pulumi.Output<T>);
}
