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
  memoizeByObject((document: NetworkConfigV1 | NetworkConfigV2) =>
    document.version === 2 ? searchOnlyDnsLast(sortKeysDeep(document)) : sortKeysDeep(document),
  );

const V2_SECTIONS = ["ethernets", "bonds", "vlans", "bridges"] as const;

/** A v2 entry whose `nameservers` has search domains and no addresses. */
function searchOnly(entry: unknown): boolean {
  const ns = (entry as { nameservers?: { addresses?: unknown[]; search?: unknown[] } } | null)?.nameservers;
  return ns !== undefined && (ns.addresses ?? []).length === 0 && (ns.search ?? []).length > 0;
}

/**
 * A v2 document (keys sorted) with, in each section, the entries whose name servers are search domains only
 * moved after the others (each group in sorted order). For ENI and networkd, 22.4.2's and 25.1.4's
 * `network_state` reads a section's DNS device by device in document order (`_v2_common`) and refuses such an
 * entry (`Command missing {'address'}`: 22.4.2 `handle_nameserver`, 25.1.4 `_handle_individual_nameserver`,
 * both `@ensure_command_keys(["address"])`); `parse_config_v2` catches that for the whole section, so every
 * entry after it lost its DNS too (network_state.py 22.4.2 parse_config_v2 and _v2_common 799-824, 25.1.4
 * 808-820). Last, only its own search domains are lost (docs/cloud-init-versions.md, Known limits).
 * Documents without such an entry before another are unchanged.
 */
function searchOnlyDnsLast(sorted: unknown): unknown {
  const doc = sorted as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const section of V2_SECTIONS) {
    const entries = doc[section] as Record<string, unknown> | undefined;
    if (entries === undefined) continue;
    const keys = Object.keys(entries);
    const reordered = [
      ...keys.filter((k) => !searchOnly(entries[k])),
      ...keys.filter((k) => searchOnly(entries[k])),
    ];
    if (reordered.every((k, i) => k === keys[i])) continue;
    out ??= { ...doc };
    out[section] = Object.fromEntries(reordered.map((k) => [k, entries[k]]));
  }
  return out ?? sorted;
}

/** `stableYaml(v2)`, memoized on the (immutable, rendered) network object. */
export const networkV2Yaml: (v2: NetworkConfigV2) => string = memoizeByObject((v2: NetworkConfigV2) =>
  sortedYaml(sortedNetworkDocument(v2)),
);
