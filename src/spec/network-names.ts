/**
 * The guest names the spec's NICs and VLANs get when the spec gives them none: one rule for the validator and
 * for every renderer (network config v1 and v2, ENI, `network_data.json`), so a spec names its devices the same
 * in every document and for every target.
 */
import type { InterfaceSpec, NetworkSpec } from "./types";

/**
 * The guest name of every NIC: its `name`, else `eth<i>` (`i` its position in `network.interfaces`). A default
 * name that the spec already gives another NIC, or that is in `reserved` (the names of the bonds, VLANs and
 * bridges), is skipped for the next free `eth<n>`, counting on from the number of NICs, so no two devices share
 * a name. A default VLAN name (`<link>.<id>`) always has a dot and `eth<n>` never has one, so reserving the
 * VLANs' default names or only their given ones comes to the same NIC names.
 */
export function nicGuestNames(
  names: readonly (string | undefined)[],
  reserved: readonly string[] = [],
): string[] {
  // Most NICs are named in the spec: the names in use are gathered only when one is not (a list, not a Set:
  // there are a handful, and building a Set cost more than the lookups in a profile, issue #18).
  let used: string[] | undefined;
  let next = names.length;
  return names.map((given, index) => {
    if (given !== undefined) return given;
    used ??= [...reserved, ...names.filter((n): n is string => n !== undefined)];
    let name = `eth${index}`;
    while (used.includes(name)) name = `eth${next++}`;
    used.push(name);
    return name;
  });
}

/** The names the spec gives its bonds, bridges and VLANs: the names a NIC's default `eth<n>` must not take. */
export function deviceGivenNames(network: NetworkSpec): string[] {
  return [
    ...(network.bonds ?? []).map((b) => b.name),
    ...(network.bridges ?? []).map((b) => b.name),
    ...(network.vlans ?? []).flatMap((v) => (v.name === undefined ? [] : [v.name])),
  ];
}

/**
 * A VLAN's default name, `<link name>.<id>`: the Linux convention, what ifupdown creates by itself (its
 * `link.defn`, no `vlan` package needed) and the name cloud-init's `convert_net_json` gives every
 * `network_data.json` VLAN. A NIC known only by MAC is its `eth<i>` (`nicGuestNames`).
 */
export function defaultVlanName(linkName: string, id: number): string {
  return `${linkName}.${id}`;
}

/**
 * The position in `interfaces` of the NIC a member, link or port reference names: the NIC whose `name` it is,
 * else the one whose `macAddress` it is (in any case); -1 when none. The validator and the renderers resolve
 * references with it alike.
 */
export function nicIndex(interfaces: readonly InterfaceSpec[], ref: string): number {
  const byName = interfaces.findIndex((i) => i.name === ref);
  if (byName >= 0) return byName;
  const lower = ref.toLowerCase();
  return interfaces.findIndex((i) => i.macAddress?.toLowerCase() === lower);
}
