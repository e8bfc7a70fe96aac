/**
 * The network config v2 document as YAML text, serialized once per rendered network: NoCloud's
 * `network-config` and guestinfo's `network` carry the same bytes, so they share one serialization.
 */
import { stableYaml } from "../util/serialize";
import type { NetworkConfigV2 } from "./types";

const cache = new WeakMap<NetworkConfigV2, string>();

/** `stableYaml(v2)`, memoized on the (immutable, rendered) network object. */
export function networkV2Yaml(v2: NetworkConfigV2): string {
  let text = cache.get(v2);
  if (text === undefined) {
    text = stableYaml(v2);
    cache.set(v2, text);
  }
  return text;
}
