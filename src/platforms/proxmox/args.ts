import type * as pulumi from "@pulumi/pulumi";

/**
 * Clone the VM from a template (`qm clone`): the provider's `clone` block. The template's disks, boot
 * order and cloud-init drive come along; the component adds the snippets, the NICs and the drive type.
 */
export interface ProxmoxCloneArgs {
  /** VM id of the template (or VM) to clone, e.g. 9000. */
  vmId: pulumi.Input<number>;
  /** Node the template lives on. Default: `nodeName`. */
  nodeName?: pulumi.Input<string>;
  /** Storage for the clone's disks. Default: the template's. */
  datastoreId?: pulumi.Input<string>;
  /** Full clone (true, the provider's default) or linked clone (false, needs a template). */
  full?: pulumi.Input<boolean>;
}

/** One disk of a fresh (not cloned) VM, passed to the provider's `disks` unchanged. */
export interface ProxmoxDiskArgs {
  /** `scsi0`, `virtio0`, `sata0`, ... */
  interface: pulumi.Input<string>;
  /** Storage the disk is created on (provider default `local-lvm`). */
  datastoreId?: pulumi.Input<string>;
  /** Size in GiB. */
  size?: pulumi.Input<number>;
  /** Import a cloud image stored as `import` content, e.g. `local:import/debian-12-genericcloud-amd64.qcow2`. */
  importFrom?: pulumi.Input<string>;
  /** Use an existing image volume (`iso`/`images` content) as the disk's source. */
  fileId?: pulumi.Input<string>;
  /** `raw`, `qcow2` or `vmdk`. */
  fileFormat?: pulumi.Input<string>;
  /** `on` or `ignore`. */
  discard?: pulumi.Input<string>;
  /** Use an IO thread. */
  iothread?: pulumi.Input<boolean>;
  /** Present the disk as SSD. */
  ssd?: pulumi.Input<boolean>;
}

/**
 * One NIC of the VM, matched by position with the spec's `network.interfaces` (entry `i` carries interface
 * `i`). Its MAC comes from the spec (`macAddress`), or, for an interface the spec matches by position
 * (neither `name` nor `macAddress`), is a static MAC derived from the component name and the position.
 */
export interface ProxmoxNetworkDeviceArgs {
  /** Bridge, e.g. `vmbr0` (the provider's default). */
  bridge?: pulumi.Input<string>;
  /** NIC model (`virtio`, the provider's default; `e1000`, ...). */
  model?: pulumi.Input<string>;
  /** VLAN tag. */
  vlanId?: pulumi.Input<number>;
  /** Use the Proxmox firewall on this NIC. */
  firewall?: pulumi.Input<boolean>;
  /** MTU (virtio only; 1 = the bridge's). */
  mtu?: pulumi.Input<number>;
}

/**
 * Deliver to a Proxmox VE VM through cloud-init "custom" snippets (`cicustom`): the rendered user-data,
 * meta-data, network-config and vendor-data are uploaded as `snippets` files and wired into the VM's
 * `initialization` block with the NoCloud drive type. Needs `@muhlba91/pulumi-proxmoxve` (an optional
 * peer dependency) and a provider that can reach the node over SSH (snippets are not uploaded by the API).
 */
export interface ProxmoxArgs {
  /** The Proxmox node the VM and the snippets are on, e.g. `pve`. */
  nodeName: pulumi.Input<string>;
  /**
   * Storage the snippets are uploaded to; its content types must include `snippets`
   * (`pvesm set local --content iso,vztmpl,backup,snippets`). E.g. `local`.
   */
  snippetsDatastoreId: pulumi.Input<string>;
  /**
   * Start of the snippet file names (`<prefix>-user-data`, ...). Default: `<project>-<stack>-<name>`, so
   * stacks sharing a storage do not overwrite each other's files. Letters, digits, `.`, `_`, `-`.
   */
  snippetPrefix?: string;
  /** VM name in Proxmox. Default: the component's name. */
  name?: pulumi.Input<string>;
  /** VM id. Default: the next free id (chosen by the provider). */
  vmId?: pulumi.Input<number>;
  /** Clone a template. Exactly one of `clone` or `disks`. */
  clone?: ProxmoxCloneArgs;
  /** Disks of a fresh VM, one of them holding a cloud image. Exactly one of `clone` or `disks`. */
  disks?: ProxmoxDiskArgs[];
  /** The VM's NICs, one per spec interface, in order. */
  networkDevices?: ProxmoxNetworkDeviceArgs[];
  /** Storage of the cloud-init drive Proxmox builds (`initialization.datastoreId`; provider default `local-lvm`). */
  cloudInitDatastoreId?: pulumi.Input<string>;
  /** Interface of the cloud-init drive (`ide2` by default; `scsi1`, `sata0`, ...). */
  cloudInitInterface?: pulumi.Input<string>;
  /** CPU cores. */
  cores?: pulumi.Input<number>;
  /** Memory in MiB. */
  memory?: pulumi.Input<number>;
  /** Enable the QEMU guest agent (the image must run it; the provider then waits for it to report addresses). */
  agent?: pulumi.Input<boolean>;
  /** Start the VM after creating it (provider default true). */
  started?: pulumi.Input<boolean>;
  /** Start the VM when the node boots. */
  onBoot?: pulumi.Input<boolean>;
  /** Proxmox tags. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Resource pool. */
  poolId?: pulumi.Input<string>;
  /** Description shown in the Proxmox UI. */
  description?: pulumi.Input<string>;
}
