/**
 * Bonds, VLANs and bridges of a validated spec, with every member and link reference resolved to the
 * device it names, so each renderer can write the reference in its own terms (v1 / ENI name, v2 key,
 * network_data.json link id).
 */
import type { BondSpec, BridgeSpec, NetworkSpec, VlanSpec } from "../spec/types";
import { defaultVlanName, deviceGivenNames, nicGuestNames, nicIndex } from "../spec/network-names";

/** A reference to a NIC (index into `network.interfaces`), a bond or a VLAN (index into their lists). */
export interface DeviceRef {
  kind: "interface" | "bond" | "vlan";
  index: number;
}

export interface ResolvedBond {
  spec: BondSpec;
  /** Member NICs, indexes into `network.interfaces`, in spec order. */
  members: number[];
  /** The primary member's NIC index. */
  primary?: number;
}

export interface ResolvedVlan {
  spec: VlanSpec;
  /** The VLAN's guest name (`name`, else `<link>.<id>`, a NIC known by MAC only being `eth<i>`). */
  name: string;
  link: DeviceRef;
}

export interface ResolvedBridge {
  spec: BridgeSpec;
  ports: DeviceRef[];
}

export interface NetworkDevices {
  bonds: ResolvedBond[];
  vlans: ResolvedVlan[];
  bridges: ResolvedBridge[];
}

/** No bonds, VLANs or bridges. */
export const NO_DEVICES: NetworkDevices = { bonds: [], vlans: [], bridges: [] };

function unresolved(what: string): never {
  throw new Error(`${what}; validate the spec (assertValidSpec) before rendering`);
}

/** Resolves the references of a validated network. Throws on a dangling one (a spec that skipped validation). */
export function resolveNetworkDevices(network: NetworkSpec | undefined): NetworkDevices {
  if (network === undefined) return NO_DEVICES;
  const interfaces = network.interfaces;
  const bondSpecs = network.bonds ?? [];
  const nic = (ref: string, path: string): number => {
    const index = nicIndex(interfaces, ref);
    return index >= 0 ? index : unresolved(`${path}: ${JSON.stringify(ref)} names no NIC`);
  };
  const bonds = bondSpecs.map((spec, b) => {
    const bond: ResolvedBond = {
      spec,
      members: spec.interfaces.map((ref, i) => nic(ref, `network.bonds[${b}].interfaces[${i}]`)),
    };
    if (spec.primary !== undefined) bond.primary = nic(spec.primary, `network.bonds[${b}].primary`);
    return bond;
  });
  // The NICs' guest names, for the VLANs' default names: a NIC's default `eth<n>` avoids the names given to
  // bonds, bridges and VLANs (a VLAN's default name has a dot, so it never takes an `eth<n>`).
  let nicNames: string[] | undefined;
  const nicName = (index: number): string | undefined =>
    (nicNames ??= nicGuestNames(
      interfaces.map((i) => i.name),
      deviceGivenNames(network),
    ))[index];
  const vlans = (network.vlans ?? []).map((spec, v): ResolvedVlan => {
    const nicAt = nicIndex(interfaces, spec.link);
    const bondAt = bondSpecs.findIndex((b) => b.name === spec.link);
    const link: DeviceRef =
      nicAt >= 0
        ? { kind: "interface", index: nicAt }
        : bondAt >= 0
          ? { kind: "bond", index: bondAt }
          : unresolved(`network.vlans[${v}].link: ${JSON.stringify(spec.link)} names no NIC or bond`);
    const linkName = (link.kind === "interface" ? nicName(link.index) : bondSpecs[link.index]?.name) ?? "";
    return { spec, name: spec.name ?? defaultVlanName(linkName, spec.id), link };
  });
  const bridges = (network.bridges ?? []).map((spec, r) => ({
    spec,
    ports: spec.interfaces.map((ref, i): DeviceRef => {
      const nicAt = nicIndex(interfaces, ref);
      if (nicAt >= 0) return { kind: "interface", index: nicAt };
      const bondAt = bondSpecs.findIndex((b) => b.name === ref);
      if (bondAt >= 0) return { kind: "bond", index: bondAt };
      const vlanAt = vlans.findIndex((v) => v.name === ref);
      if (vlanAt >= 0) return { kind: "vlan", index: vlanAt };
      return unresolved(
        `network.bridges[${r}].interfaces[${i}]: ${JSON.stringify(ref)} names no NIC, bond or VLAN`,
      );
    }),
  }));
  return { bonds, vlans, bridges };
}

/** The names of the bonds, VLANs and bridges (NICs' default names must not take them). */
export function deviceNames(devices: NetworkDevices): string[] {
  return [
    ...devices.bonds.map((b) => b.spec.name),
    ...devices.vlans.map((v) => v.name),
    ...devices.bridges.map((b) => b.spec.name),
  ];
}

/** A reference written in one format's terms, given that format's NIC names. */
export function refName(devices: NetworkDevices, nicNames: readonly string[], ref: DeviceRef): string {
  if (ref.kind === "interface") return nicNames[ref.index] ?? "";
  if (ref.kind === "bond") return devices.bonds[ref.index]?.spec.name ?? "";
  return devices.vlans[ref.index]?.name ?? "";
}

/** True when the network has any bond, VLAN or bridge. */
export function hasDevices(devices: NetworkDevices): boolean {
  return devices.bonds.length + devices.vlans.length + devices.bridges.length > 0;
}

/** The bonds and VLANs that are bridge ports, as `bond#<index>` / `vlan#<index>` (indexes into `devices`). */
export function portedDevices(devices: NetworkDevices): Set<string> {
  return new Set(
    devices.bridges.flatMap((b) =>
      b.ports.filter((p) => p.kind !== "interface").map((p) => `${p.kind}#${p.index}`),
    ),
  );
}

/** Indexes of the NICs that are bond members or bridge ports. */
export function memberNics(devices: NetworkDevices): Set<number> {
  return new Set([
    ...devices.bonds.flatMap((b) => b.members),
    ...devices.bridges.flatMap((b) => b.ports.filter((p) => p.kind === "interface").map((p) => p.index)),
  ]);
}
