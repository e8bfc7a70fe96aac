/**
 * Arguments of the vSphere platform (`BootstrappedVmArgs.vsphere`). Property names match the
 * `vsphere:index/virtualMachine:VirtualMachine` resource where they are passed to it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { GuestinfoEncoding } from "../../render/guestinfo";

/** How the cloud-init documents reach the guest. */
export enum VsphereTransport {
  /** `guestinfo.metadata/userdata/vendordata` in extraConfig: cloud-init >= 21.3 (DataSourceVMware). Default. */
  Guestinfo = "guestinfo",
  /** vApp/OVF properties (`instance-id`, `hostname`, `public-keys`, `user-data`, ...): OVA templates (DataSourceOVF). */
  Vapp = "vapp",
  /** A NoCloud ISO uploaded to a datastore and attached as a CD-ROM: images with cloud-init < 21.3. */
  NocloudIso = "nocloudIso",
}

/** A virtual NIC (the provider's `networkInterfaces[]`). */
export interface VsphereNetworkInterface {
  /** Managed object ID of the network/port group. */
  networkId: pulumi.Input<string>;
  /** `vmxnet3` (provider default), `e1000`, `e1000e`, `sriov`. */
  adapterType?: pulumi.Input<string>;
  /**
   * Static MAC. When unset and the spec matches this NIC by position, the platform assigns a
   * deterministic MAC in VMware's manual range (00:50:56:00:00:00-00:50:56:3F:FF:FF) from the VM name
   * and the NIC index, so the static network config lands on this NIC.
   */
  macAddress?: pulumi.Input<string>;
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

/** A virtual disk (the provider's `disks[]`). */
export interface VsphereDisk {
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

/** A CD-ROM device (the provider's `cdroms[]`). */
export interface VsphereCdrom {
  /** Datastore holding the ISO. */
  datastoreId?: pulumi.Input<string>;
  /** Path of the ISO on the datastore. */
  path?: pulumi.Input<string>;
  /** Use the client's device instead of an ISO. */
  clientDevice?: pulumi.Input<boolean>;
}

/** Clone from a template (the provider's `clone`). Guest customization is not used: cloud-init does that job. */
export interface VsphereClone {
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

/** vApp properties set next to the ones the `vapp` transport writes (the provider's `vapp`). */
export interface VsphereVapp {
  /** Property key -> value. Only properties the template defines can be set. */
  properties?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  /**
   * The OVF properties the template defines, for the `vapp` transport: it sets only those of
   * `instance-id`, `hostname`, `public-keys`, `user-data`, `network-config` that are listed (vSphere
   * rejects properties a template does not define; Ubuntu's cloud OVA has no `network-config`).
   * Default: all five.
   */
  templateProperties?: string[];
}

/** Options of the `guestinfo` transport. */
export interface VsphereGuestinfoOptions {
  /** Ask cloud-init to blank `guestinfo.userdata` after reading it (metadata `redact`). Default true. */
  redactUserData?: boolean;
  /** Encoding of the values: `auto` (default: gzip+base64, or base64 when smaller), `gzip+base64`, `base64`. */
  encoding?: GuestinfoEncoding;
}

/** Where the `nocloudIso` transport writes and uploads the seed ISO. */
export interface VsphereNocloudIsoOptions {
  /** Name of the datastore to upload to (the File resource's `datastore`). */
  datastore: pulumi.Input<string>;
  /** Name of the datacenter of that datastore (the File resource's `datacenter`). */
  datacenter?: pulumi.Input<string>;
  /** Folder on the datastore. Default `bootstrapped-vm`. The file name holds the content hash. */
  directory?: pulumi.Input<string>;
  /** Local path the ISO is written to during `pulumi up`. Default `.bootstrapped-vm/<name>-seed.iso`. */
  localPath?: pulumi.Input<string>;
}

/** The vSphere platform's arguments. */
export interface VsphereArgs {
  /** Delivery transport. Default `guestinfo`. Plain value: it decides which resources exist. */
  transport?: VsphereTransport;
  /** Options of the `guestinfo` transport (an error with other transports). */
  guestinfo?: VsphereGuestinfoOptions;
  /** Options of the `nocloudIso` transport (required with it). */
  nocloudIso?: VsphereNocloudIsoOptions;

  /** VM name in vCenter. Default: the component's name. Also the seed of the static MACs. */
  name?: pulumi.Input<string>;
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
  /** NICs in guest order; the spec's position-matched interfaces map to them by index. */
  networkInterfaces?: pulumi.Input<pulumi.Input<VsphereNetworkInterface>[]>;
  /** Virtual disks. */
  disks?: pulumi.Input<pulumi.Input<VsphereDisk>[]>;
  /** Clone from a template. */
  clone?: pulumi.Input<VsphereClone>;
  /** CD-ROMs (the `nocloudIso` transport adds the seed ISO as the first one). */
  cdroms?: pulumi.Input<pulumi.Input<VsphereCdrom>[]>;
  /** Your own extraConfig keys, merged with the transport's; a key the transport writes is an error. */
  extraConfig?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  /** Your own vApp properties (merged with the `vapp` transport's; collisions are an error). */
  vapp?: VsphereVapp;
  /** Replace the VM when this changes. With `onChange: replace` the content hash is appended. */
  replaceTrigger?: pulumi.Input<string>;
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
  /**
   * Any other `VirtualMachine` argument, by its provider property name (`annotation`, `tags`,
   * `hardwareVersion`, ...). A key this platform sets itself is an error.
   */
  // `any`, not `unknown`: Pulumi's schema inference maps `any` to `pulumi.json#/Any` and rejects `unknown`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  passthrough?: { [key: string]: pulumi.Input<any> };
}
