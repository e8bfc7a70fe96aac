import * as pulumi from "@pulumi/pulumi";
import { allMaybe, mapMaybe, type Maybe } from "./maybe";

/**
 * `value` as a Pulumi secret when `secret` is true, otherwise as it is (readable in state, diffs and
 * stack outputs). Secretness of `value` itself is kept either way. Known values stay plain unless
 * they must become secret.
 */
export function secretIf<T>(secret: Maybe<boolean>, value: Maybe<T>): Maybe<T> {
  return mapMaybe(allMaybe<[boolean, T]>([secret, value]), ([s, v]) =>
    s ? (pulumi.secret(v) as pulumi.Output<T>) : v,
  );
}
