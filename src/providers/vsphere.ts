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

/** `networkInterfaces[]` of a VirtualMachine. */
export interface VirtualMachineNetworkInterfaceArgs {
  networkId: pulumi.Input<string>;
  adapterType?: pulumi.Input<string>;
  macAddress?: pulumi.Input<string>;
  useStaticMac?: pulumi.Input<boolean>;
  bandwidthLimit?: pulumi.Input<number>;
  bandwidthReservation?: pulumi.Input<number>;
  bandwidthShareLevel?: pulumi.Input<string>;
  bandwidthShareCount?: pulumi.Input<number>;
  ovfMapping?: pulumi.Input<string>;
}

/** `disks[]` of a VirtualMachine. */
export interface VirtualMachineDiskArgs {
  label: pulumi.Input<string>;
  size?: pulumi.Input<number>;
  unitNumber?: pulumi.Input<number>;
  thinProvisioned?: pulumi.Input<boolean>;
  eagerlyScrub?: pulumi.Input<boolean>;
  datastoreId?: pulumi.Input<string>;
  controllerType?: pulumi.Input<string>;
  attach?: pulumi.Input<boolean>;
  path?: pulumi.Input<string>;
  keepOnRemove?: pulumi.Input<boolean>;
}

/** `cdroms[]` of a VirtualMachine. */
export interface VirtualMachineCdromArgs {
  datastoreId?: pulumi.Input<string>;
  path?: pulumi.Input<string>;
  clientDevice?: pulumi.Input<boolean>;
}

/** `clone` of a VirtualMachine. */
export interface VirtualMachineCloneArgs {
  templateUuid: pulumi.Input<string>;
  linkedClone?: pulumi.Input<boolean>;
  timeout?: pulumi.Input<number>;
  ovfNetworkMap?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  ovfStorageMap?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** `vapp` of a VirtualMachine. */
export interface VirtualMachineVappArgs {
  properties?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** The VirtualMachine arguments this library sets (any other provider property may be added by name). */
export interface VirtualMachineArgs {
  resourcePoolId: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  datastoreId?: pulumi.Input<string>;
  datacenterId?: pulumi.Input<string>;
  folder?: pulumi.Input<string>;
  numCpus?: pulumi.Input<number>;
  memory?: pulumi.Input<number>;
  guestId?: pulumi.Input<string>;
  firmware?: pulumi.Input<string>;
  networkInterfaces?: pulumi.Input<pulumi.Input<VirtualMachineNetworkInterfaceArgs>[]>;
  disks?: pulumi.Input<pulumi.Input<VirtualMachineDiskArgs>[]>;
  cdroms?: pulumi.Input<pulumi.Input<VirtualMachineCdromArgs>[]>;
  clone?: pulumi.Input<VirtualMachineCloneArgs>;
  extraConfig?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  extraConfigRebootRequired?: pulumi.Input<boolean>;
  vapp?: pulumi.Input<VirtualMachineVappArgs>;
  replaceTrigger?: pulumi.Input<string>;
  waitForGuestNetTimeout?: pulumi.Input<number>;
  waitForGuestNetRoutable?: pulumi.Input<boolean>;
  waitForGuestIpTimeout?: pulumi.Input<number>;
  ignoredGuestIps?: pulumi.Input<pulumi.Input<string>[]>;
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

/** `vsphere:index/file:File`. It keeps no checksum: new content must go to a new `destinationFile`. */
export class File extends pulumi.CustomResource {
  declare public readonly destinationFile: pulumi.Output<string>;
  declare public readonly datastore: pulumi.Output<string>;

  constructor(name: string, args: FileArgs, opts?: pulumi.CustomResourceOptions) {
    super(FILE_TYPE, name, { ...args }, pulumi.mergeOptions({ version: VSPHERE_PLUGIN_VERSION }, opts));
  }
}
