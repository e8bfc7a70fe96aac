/**
 * Every addressable device of a spec's network, in spec order: interfaces, then bonds, VLANs and bridges
 * (bond members and bridge ports are references, not devices of their own).
 */
import type { AddressingSpec, BondSpec, BootstrapSpec, BridgeSpec, InterfaceSpec, VlanSpec } from "./types";

export type NetworkDevice = (InterfaceSpec | BondSpec | VlanSpec | BridgeSpec) & AddressingSpec;

export function networkDevices(spec: BootstrapSpec): NetworkDevice[] {
  const network = spec.network;
  return [
    ...(network?.interfaces ?? []),
    ...(network?.bonds ?? []),
    ...(network?.vlans ?? []),
    ...(network?.bridges ?? []),
  ];
}

/** Whether a device has no addressing at all: no DHCP, no SLAAC, no static address. */
export function isUnaddressed(device: AddressingSpec): boolean {
  return !device.dhcp4 && !device.dhcp6 && !device.slaac && (device.addresses ?? []).length === 0;
}
