/**
 * The arguments platforms receive, declared here so that platforms never import the component above
 * them: each platform's own arguments by its registry key, and the change policy they all follow.
 * `BootstrappedVmArgs` (`src/component/args.ts`) has one optional field per entry of `PlatformArgs`,
 * with the same type; a compile-time check there keeps the two in step.
 */
import type { OpenstackArgs } from "./openstack/args";
import type { ProxmoxArgs } from "./proxmox/args";
import type { SeedImageArgs } from "./seed-image";
import type { VsphereArgs } from "./vsphere/args";

/** What happens to an existing VM when the rendered cloud-init documents change. */
export enum OnChange {
  /**
   * Keep the VM; the content-derived instance-id changes, so cloud-init treats the next boot as a first
   * boot and runs its per-instance modules again. Default.
   */
  Rerun = "rerun",
  /** Replace the VM whenever the rendered content changes (vSphere `replaceTrigger` = content hash). */
  Replace = "replace",
}

/** Each platform's arguments, by its key in the registry and its field in `BootstrappedVmArgs`. */
export interface PlatformArgs {
  vsphere: VsphereArgs;
  openstack: OpenstackArgs;
  seedImage: SeedImageArgs;
  proxmox: ProxmoxArgs;
}

/** Names of the platform fields of `BootstrappedVmArgs` (`"vsphere"`, ...). */
export type PlatformKey = keyof PlatformArgs;
