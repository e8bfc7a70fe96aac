/**
 * The network config documents as YAML text, serialized once per rendered network: NoCloud's
 * `network-config` and guestinfo's `network` carry the same bytes, so they share one serialization; and
 * the key-sorted copy each serialization starts from, shared with guestinfo's JSON metadata (which holds
 * the same document) so the document is not sorted twice.
 */
import { sortedYaml, sortKeysDeep } from "../util/serialize";
import type { NetworkConfigV1, NetworkConfigV2 } from "./types";

const cache = new WeakMap<NetworkConfigV2, string>();
const sortedCache = new WeakMap<NetworkConfigV1 | NetworkConfigV2, unknown>();

/**
 * `sortKeysDeep(document)`, memoized on the (immutable, rendered) network object. The copy is never
 * handed to a caller to keep or change: it is only written out (YAML here, JSON in guestinfo's metadata),
 * and neither the `yaml` library nor JSON.stringify changes what it writes.
 */
export function sortedNetworkDocument(document: NetworkConfigV1 | NetworkConfigV2): unknown {
  let sorted = sortedCache.get(document);
  if (sorted === undefined) {
    sorted = sortKeysDeep(document);
    sortedCache.set(document, sorted);
  }
  return sorted;
}

/** `stableYaml(v2)`, memoized on the (immutable, rendered) network object. */
export function networkV2Yaml(v2: NetworkConfigV2): string {
  let text = cache.get(v2);
  if (text === undefined) {
    text = sortedYaml(sortedNetworkDocument(v2));
    cache.set(v2, text);
  }
  return text;
}
