/**
 * The network config documents as YAML text, serialized once per rendered network: NoCloud's
 * `network-config` and guestinfo's `network` carry the same bytes, so they share one serialization; and
 * the key-sorted copy each serialization starts from, shared with guestinfo's JSON metadata (which holds
 * the same document) so the document is not sorted twice.
 */
import { sortedYaml, sortKeysDeep } from "../util/serialize";
import { memoizeByObject } from "../util/memo";
import type { NetworkConfigV1, NetworkConfigV2 } from "./types";

/**
 * `sortKeysDeep(document)`, memoized on the (immutable, rendered) network object. The copy is never
 * handed to a caller to keep or change: it is only written out (YAML here, JSON in guestinfo's metadata),
 * and neither the `yaml` library nor JSON.stringify changes what it writes.
 */
export const sortedNetworkDocument: (document: NetworkConfigV1 | NetworkConfigV2) => unknown =
  memoizeByObject((document: NetworkConfigV1 | NetworkConfigV2) => sortKeysDeep(document));

/** `stableYaml(v2)`, memoized on the (immutable, rendered) network object. */
export const networkV2Yaml: (v2: NetworkConfigV2) => string = memoizeByObject((v2: NetworkConfigV2) =>
  sortedYaml(sortedNetworkDocument(v2)),
);
