/**
 * The platforms `BootstrappedVm` can deliver to, keyed by their field in `BootstrappedVmArgs`.
 * The mapped type makes a platform field without a registry entry (or the reverse) a type error.
 * Adding a platform: one file implementing `Platform<K>` (see `platform.ts`) and one line here.
 */
import type { Platform, PlatformKey } from "./platform";
import { vspherePlatform } from "./vsphere/platform";
import { openstackPlatform } from "./openstack/platform";
import { seedImagePlatform } from "./seed-image";
import { proxmoxPlatform } from "./proxmox/platform";

export const platformRegistry: { readonly [K in PlatformKey]: Platform<K> } = {
  vsphere: vspherePlatform,
  openstack: openstackPlatform,
  seedImage: seedImagePlatform,
  proxmox: proxmoxPlatform,
};

/** The platform keys in registry order (used in messages: "Only one of `vsphere`, ... can be set."). */
export function platformKeys(): PlatformKey[] {
  return Object.keys(platformRegistry) as PlatformKey[];
}
