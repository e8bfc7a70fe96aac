import * as pulumi from "@pulumi/pulumi";

/**
 * `value` as a Pulumi secret when `secret` is true, otherwise as it is (readable in state, diffs and
 * stack outputs). Secretness of `value` itself is kept either way.
 */
export function secretIf<T>(secret: pulumi.Input<boolean>, value: pulumi.Input<T>): pulumi.Output<T> {
  return pulumi
    .all([pulumi.output(secret), pulumi.output(value)])
    .apply(([s, v]) => (s ? pulumi.secret(v as T) : (v as T))) as pulumi.Output<T>;
}
