import type * as pulumi from "@pulumi/pulumi";
import type { BootstrapSpec } from "../spec/types";
import type { VsphereArgs } from "../platforms/vsphere/args";
import type { OpenstackArgs } from "../platforms/openstack/args";
import type { SeedImageArgs } from "../platforms/seed-image";
import type { ProxmoxArgs } from "../platforms/proxmox/args";
import type { OnChange, PlatformArgs } from "../platforms/platform-args";

export { OnChange } from "../platforms/platform-args";
export type { PlatformKey } from "../platforms/platform-args";

/**
 * Arguments of `BootstrappedVm`.
 *
 * Exactly one platform field (`vsphere`, and the fields other platforms add below it) must be set.
 * They are separate optional fields, not a TypeScript union, so `pulumi package add` can infer a
 * schema for other languages (interfaces, arrays, maps and string enums only; no unions, no callbacks).
 *
 * Adding a platform: add one optional field here, named like the platform's registry key
 * (`src/platforms/registry.ts`) and typed like its entry in `PlatformArgs`
 * (`src/platforms/platform-args.ts`); every field other than `bootstrap` and `onChange` is a platform field.
 */
export interface BootstrappedVmArgs {
  /**
   * The platform-neutral bootstrap spec. Values inside may be Pulumi Inputs (an IP address from another
   * resource, a secret from config): the component resolves them deeply. In TypeScript write such a
   * spec as `bootstrapSpec({...})`, which types nested Inputs and keeps meta-data readable when only
   * a password is secret (a spec wrapped whole in `pulumi.output` is secret as a whole).
   */
  bootstrap: pulumi.Input<BootstrapSpec>;
  /** Change policy. Default `rerun`. */
  onChange?: OnChange;
  /** Deliver to a vSphere VM (guestinfo, vApp properties or a NoCloud ISO on a datastore). */
  vsphere?: VsphereArgs;
  /** Deliver to an OpenStack server through its config drive, with Neutron ports for static addresses. */
  openstack?: OpenstackArgs;
  /** Write a NoCloud or config-drive seed ISO to a local file, for a VM managed elsewhere (libvirt, Proxmox, ...). */
  seedImage?: SeedImageArgs;
  /** Deliver to a Proxmox VE VM through cloud-init snippets (`cicustom`) on a NoCloud drive; needs `@muhlba91/pulumi-proxmoxve`. */
  proxmox?: ProxmoxArgs;
}

/** The argument fields shared by every platform; every other field of `BootstrappedVmArgs` is a platform. */
export const COMMON_ARG_KEYS = ["bootstrap", "onChange"] as const;

/** The platform fields of `BootstrappedVmArgs`, each required. */
type PlatformFields = Required<Omit<BootstrappedVmArgs, (typeof COMMON_ARG_KEYS)[number]>>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

/**
 * Compile-time check that the platform fields above are exactly `PlatformArgs` (the platforms' own
 * list, which they type themselves by without importing this file): a type error here when they differ.
 */
export type PlatformFieldsMatch = Assert<Same<PlatformFields, PlatformArgs>>;
