/**
 * A typed binding of the two vSphere provider resources this library creates, registered by the
 * provider's own tokens with its camelCase property names (as in pulumi/pulumi-vsphere's
 * `sdk/nodejs/virtualMachine.ts` and `file.ts`). `@pulumi/vsphere` is a drop-in replacement: same
 * tokens, same property names. The provider plugin version is pinned below; pass `{ version }` in
 * the resource options (or an explicit provider) to use another one.
 */
import * as pulumi from "@pulumi/pulumi";

/** The vSphere provider plugin version these resources ask for by default. */
export const VSPHERE_PLUGIN_VERSION = "4.17.0";

export const VIRTUAL_MACHINE_TYPE = "vsphere:index/virtualMachine:VirtualMachine";
export const FILE_TYPE = "vsphere:index/file:File";

/** The `networkInterfaces[]` properties of a VirtualMachine that describe the device (all but its MAC). */
export interface VirtualMachineNetworkInterfaceDeviceArgs {
  /** Managed object ID of the network/port group. */
  networkId: pulumi.Input<string>;
  /** `vmxnet3` (provider default), `e1000`, `e1000e`, `sriov`. */
  adapterType?: pulumi.Input<string>;
  /** Bandwidth limit in Mbit/s. */
  bandwidthLimit?: pulumi.Input<number>;
  /** Bandwidth reservation in Mbit/s. */
  bandwidthReservation?: pulumi.Input<number>;
  /** Bandwidth share level: `low`, `normal`, `high`, `custom`. */
  bandwidthShareLevel?: pulumi.Input<string>;
  /** Bandwidth share count for the `custom` level. */
  bandwidthShareCount?: pulumi.Input<number>;
  /** The OVF network this NIC maps to (OVF deploys). */
  ovfMapping?: pulumi.Input<string>;
}

/** `networkInterfaces[]` of a VirtualMachine. */
export interface VirtualMachineNetworkInterfaceArgs extends VirtualMachineNetworkInterfaceDeviceArgs {
  /** Static MAC, used when `useStaticMac` is true. */
  macAddress?: pulumi.Input<string>;
  /** Use `macAddress` instead of a MAC vSphere generates. */
  useStaticMac?: pulumi.Input<boolean>;
}

/** `disks[]` of a VirtualMachine. */
export interface VirtualMachineDiskArgs {
  /** Unique label, e.g. `disk0`. */
  label: pulumi.Input<string>;
  /** Size in GB. */
  size?: pulumi.Input<number>;
  /** Unit number on the controller (0 is the boot disk). */
  unitNumber?: pulumi.Input<number>;
  /** Thin provisioning. */
  thinProvisioned?: pulumi.Input<boolean>;
  /** Zero the disk eagerly. */
  eagerlyScrub?: pulumi.Input<boolean>;
  /** Datastore of this disk (default: the VM's). */
  datastoreId?: pulumi.Input<string>;
  /** Controller type: `scsi`, `sata`, `ide`, `nvme`. */
  controllerType?: pulumi.Input<string>;
  /** Attach an existing disk at `path` instead of creating one. */
  attach?: pulumi.Input<boolean>;
  /** Path of an existing disk to attach. */
  path?: pulumi.Input<string>;
  /** Keep the disk when it is removed from the VM. */
  keepOnRemove?: pulumi.Input<boolean>;
}

/** `cdroms[]` of a VirtualMachine. */
export interface VirtualMachineCdromArgs {
  /** Datastore holding the ISO. */
  datastoreId?: pulumi.Input<string>;
  /** Path of the ISO on the datastore. */
  path?: pulumi.Input<string>;
  /** Use the client's device instead of an ISO. */
  clientDevice?: pulumi.Input<boolean>;
}

/** `clone` of a VirtualMachine. */
export interface VirtualMachineCloneArgs {
  /** UUID of the template or VM to clone. */
  templateUuid: pulumi.Input<string>;
  /** Linked clone (needs a snapshot on the template). */
  linkedClone?: pulumi.Input<boolean>;
  /** Clone timeout in minutes. */
  timeout?: pulumi.Input<number>;
  /** OVF network mapping (OVF network name -> network ID). */
  ovfNetworkMap?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  /** OVF storage mapping. */
  ovfStorageMap?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** `vapp` of a VirtualMachine. */
export interface VirtualMachineVappArgs {
  /** Property key -> value. Only properties the template defines can be set. */
  properties?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** The VirtualMachine's placement, hardware and guest-network waiters: plain values of `VirtualMachineArgs`. */
export interface VirtualMachineSettingsArgs {
  /** Resource pool ID (required by the provider). */
  resourcePoolId: pulumi.Input<string>;
  /** Datastore ID for the VM's files. */
  datastoreId?: pulumi.Input<string>;
  /** Datacenter ID (needed for OVF deploys). */
  datacenterId?: pulumi.Input<string>;
  /** VM folder path. */
  folder?: pulumi.Input<string>;
  /** Virtual CPUs. */
  numCpus?: pulumi.Input<number>;
  /** Memory in MB. */
  memory?: pulumi.Input<number>;
  /** Guest OS ID, e.g. `ubuntu64Guest`. */
  guestId?: pulumi.Input<string>;
  /** Firmware: `bios` or `efi`. */
  firmware?: pulumi.Input<string>;
  /** Reboot the VM when extraConfig changes (provider default true). */
  extraConfigRebootRequired?: pulumi.Input<boolean>;
  /** Minutes to wait for a routable guest address (provider default 5; < 1 disables). */
  waitForGuestNetTimeout?: pulumi.Input<number>;
  /** Wait for an address reachable through the default gateway (provider default true). */
  waitForGuestNetRoutable?: pulumi.Input<boolean>;
  /** Minutes to wait for any guest IP (provider default 0: disabled). */
  waitForGuestIpTimeout?: pulumi.Input<number>;
  /** Addresses/CIDRs the waiters ignore. */
  ignoredGuestIps?: pulumi.Input<pulumi.Input<string>[]>;
}

/** The VirtualMachine arguments this library sets (any other provider property may be added by name). */
export interface VirtualMachineArgs extends VirtualMachineSettingsArgs {
  name?: pulumi.Input<string>;
  networkInterfaces?: pulumi.Input<pulumi.Input<VirtualMachineNetworkInterfaceArgs>[]>;
  disks?: pulumi.Input<pulumi.Input<VirtualMachineDiskArgs>[]>;
  cdroms?: pulumi.Input<pulumi.Input<VirtualMachineCdromArgs>[]>;
  clone?: pulumi.Input<VirtualMachineCloneArgs>;
  extraConfig?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  vapp?: pulumi.Input<VirtualMachineVappArgs>;
  replaceTrigger?: pulumi.Input<string>;
  [property: string]: unknown;
}

/** Output properties of a VirtualMachine read back by this library. */
const VIRTUAL_MACHINE_OUTPUTS = [
  "uuid",
  "moid",
  "defaultIpAddress",
  "guestIpAddresses",
  "powerState",
] as const;

/** `vsphere:index/virtualMachine:VirtualMachine`. */
export class VirtualMachine extends pulumi.CustomResource {
  /** The VM's UUID (also its resource ID). */
  declare public readonly uuid: pulumi.Output<string>;
  /** The managed object reference ID. */
  declare public readonly moid: pulumi.Output<string>;
  /** The address the provider selected (needs VMware Tools in the guest). */
  declare public readonly defaultIpAddress: pulumi.Output<string>;
  /** All guest addresses VMware Tools reports. */
  declare public readonly guestIpAddresses: pulumi.Output<string[]>;
  /** `on`, `off` or `suspended`. */
  declare public readonly powerState: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly extraConfig: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: VirtualMachineArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs: pulumi.Inputs = { ...args };
    for (const out of VIRTUAL_MACHINE_OUTPUTS) inputs[out] = undefined;
    super(VIRTUAL_MACHINE_TYPE, name, inputs, pulumi.mergeOptions({ version: VSPHERE_PLUGIN_VERSION }, opts));
  }
}

/** Arguments of `vsphere:index/file:File` (upload `sourceFile` to `datastore`/`destinationFile`). */
export interface FileArgs {
  sourceFile: pulumi.Input<string>;
  destinationFile: pulumi.Input<string>;
  datastore: pulumi.Input<string>;
  datacenter?: pulumi.Input<string>;
  createDirectories?: pulumi.Input<boolean>;
  sourceDatacenter?: pulumi.Input<string>;
  sourceDatastore?: pulumi.Input<string>;
}

/**
 * `vsphere:index/file:File`. It keeps no checksum, and only `sourceFile`/`sourceDatacenter`/
 * `sourceDatastore` force a replacement; a new `destinationFile` moves the old file (terraform-provider-
 * vsphere v2.16.1 vsphere/resource_vsphere_file.go:51-73, 209-261). New content needs a new
 * `destinationFile` and `replaceOnChanges` on it (see platforms/vsphere/transport-nocloud-iso.ts).
 */
export class File extends pulumi.CustomResource {
  declare public readonly destinationFile: pulumi.Output<string>;
  declare public readonly datastore: pulumi.Output<string>;

  constructor(name: string, args: FileArgs, opts?: pulumi.CustomResourceOptions) {
    super(FILE_TYPE, name, { ...args }, pulumi.mergeOptions({ version: VSPHERE_PLUGIN_VERSION }, opts));
  }
}
