/**
 * The spec's interfaces as far as matching them to NICs needs: each one's `name` and `macAddress`, taken
 * with `ctx.specValue`, so they stay known in a preview where another value of the spec (a password from a
 * resource not yet created) is unknown. The NICs' MACs derive from these alone; were they unknown, so would
 * be the VM's NIC list, and a preview would show a change (or a replacement) the update does not make.
 */
import * as pulumi from "@pulumi/pulumi";
import { allMaybe, isOutput, mapMaybe, type Maybe } from "../core/maybe";
import type { BootstrapSpec, InterfaceSpec } from "../spec/types";
import type { PlatformContext } from "./platform";

/** An interface's keys for NIC matching. */
export type InterfaceKeys = Pick<InterfaceSpec, "name" | "macAddress">;

/**
 * `{ network: { interfaces } }` with only each interface's `name` and `macAddress`: a spec for the pure NIC
 * planners, which read nothing else. Not secret (the MACs it gives the NICs are plain, as before).
 */
export function interfaceKeysSpec(ctx: Pick<PlatformContext, "specValue">): Maybe<BootstrapSpec> {
  const at = (i: number, key: string) => ctx.specValue(["network", "interfaces", i, key]);
  const count = ctx.specValue(["network", "interfaces", "length"]) as Maybe<number | undefined>;
  const keys = mapMaybe(count, (n) =>
    allMaybe<unknown[]>(
      Array.from({ length: n ?? 0 }, (_, i) => allMaybe<unknown[]>([at(i, "name"), at(i, "macAddress")])),
    ),
  ) as Maybe<[string | undefined, string | undefined][]>;
  const spec = mapMaybe(keys, (list) => ({
    network: {
      interfaces: list.map(([name, macAddress]): InterfaceKeys => ({
        ...(name !== undefined ? { name } : {}),
        ...(macAddress !== undefined ? { macAddress } : {}),
      })),
    },
  })) as Maybe<BootstrapSpec>;
  return isOutput(spec) ? pulumi.unsecret(spec) : spec;
}
