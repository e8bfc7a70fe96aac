/**
 * Arguments of the vSphere platform (`BootstrappedVmArgs.vsphere`). Property names match the
 * `vsphere:index/virtualMachine:VirtualMachine` resource where they are passed to it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type {
  VirtualMachineCdromArgs,
  VirtualMachineCloneArgs,
  VirtualMachineDiskArgs,
  VirtualMachineNetworkInterfaceDeviceArgs,
  VirtualMachineSettingsArgs,
  VirtualMachineVappArgs,
} from "../../providers/vsphere";
import type { GuestinfoEncoding } from "../../render/guestinfo";

/** How the cloud-init documents reach the guest. */
export enum VsphereTransport {
  /** `guestinfo.metadata/userdata/vendordata` in extraConfig: cloud-init >= 21.3 (DataSourceVMware). Default. */
  Guestinfo = "guestinfo",
  /**
   * vApp/OVF properties (`instance-id`, `hostname`, `public-keys`, `user-data`, ...): OVA templates
   * (DataSourceOVF). A spec with a network needs cloud-init >= 21.4 (`network-config`).
   */
  Vapp = "vapp",
  /** A NoCloud ISO uploaded to a datastore and attached as a CD-ROM: images with cloud-init < 21.3. */
  NocloudIso = "nocloudIso",
}

// The NIC, disk, CD-ROM, clone and vApp shapes are the provider's (documented once, in the binding);
// they are declared as interfaces here, not as type aliases, so that the component's schema names its
// types `VsphereDisk`, ... and Pulumi's schema analyzer accepts them (it needs a class or interface).

/**
 * A virtual NIC (the provider's `networkInterfaces[]`). `useStaticMac` is not an argument: the
 * platform sets it on the NICs it gives a MAC, and `macAddress` says how it chooses one. (It extends
 * the binding's device part instead of `Omit<VirtualMachineNetworkInterfaceArgs, "useStaticMac">`:
 * Pulumi's schema analyzer turns the properties of a mapped type into untyped, undocumented `Any`.)
 */
export interface VsphereNetworkInterface extends VirtualMachineNetworkInterfaceDeviceArgs {
  /**
   * Static MAC. When unset and the spec matches this NIC by position, the platform assigns a
   * deterministic MAC in VMware's manual range (00:50:56:00:00:00-00:50:56:3F:FF:FF) from the VM name
   * and the NIC index, so the static network config lands on this NIC.
   */
  macAddress?: pulumi.Input<string>;
}

/** A virtual disk (the provider's `disks[]`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a named type of its own for the schema
export interface VsphereDisk extends VirtualMachineDiskArgs {}

/** A CD-ROM device (the provider's `cdroms[]`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a named type of its own for the schema
export interface VsphereCdrom extends VirtualMachineCdromArgs {}

/** Clone from a template (the provider's `clone`). Guest customization is not used: cloud-init does that job. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a named type of its own for the schema
export interface VsphereClone extends VirtualMachineCloneArgs {}

/** vApp properties set next to the ones the `vapp` transport writes (the provider's `vapp`). */
export interface VsphereVapp extends VirtualMachineVappArgs {
  /**
   * The OVF properties the template defines, for the `vapp` transport: it sets only those of
   * `instance-id`, `hostname`, `public-keys`, `user-data`, `network-config` that are listed (vSphere
   * rejects properties a template does not define; Ubuntu's cloud OVA has no `network-config`).
   * Default: all five. A list without `user-data`, or without `network-config` for a spec with a
   * network, is an error: that part of the spec would never reach the guest.
   */
  templateProperties?: string[];
  /**
   * Add a client-device CD-ROM for the `vapp` transport. Default true. A template whose OVF environment
   * transport is `iso` alone (Ubuntu's cloud OVAs) needs one: the provider refuses the plan without it
   * (terraform-provider-vsphere v2.16.1 `VerifyVAppTransport`,
   * vsphere/internal/virtualdevice/virtual_machine_cdrom_subresource.go:594-614). Not added when one of
   * `cdroms` already is a client device.
   */
  clientCdrom?: boolean;
}

/** When cloud-init blanks the guestinfo keys it read (metadata `redact`). */
export enum GuestinfoRedact {
  /** Only when the documents hold secrets. Default. */
  Secrets = "secrets",
  Always = "always",
  Never = "never",
}

/** Options of the `guestinfo` transport. */
export interface VsphereGuestinfoOptions {
  /**
   * Which keys cloud-init blanks after reading them (metadata `redact`): `secrets` (default) redacts
   * `userdata` and `vendordata` only when the documents hold secrets (password hashes, secret files),
   * `always` redacts them always, `never` does not redact. A redacted key is read back by the
   * provider as `---`, so each later `pulumi up` shows an extraConfig diff that rewrites the key and,
   * with `extraConfigRebootRequired` (default true), reboots the VM; without redaction any user in
   * the guest can read the key with `vmware-rpctool`. See docs/vsphere.md for the evidence.
   */
  redact?: GuestinfoRedact;
  /**
   * Deprecated: use `redact` (true is `always`, false is `never`).
   * @deprecated Use `redact`: true is `always`, false is `never`.
   */
  redactUserData?: boolean;
  /**
   * Largest encoded guestinfo value accepted, in bytes. Default 65536 (64 KiB), a conservative ceiling;
   * raise it when your vSphere accepts larger values (docs/vsphere.md states what the sources say).
   */
  maxValueBytes?: number;
  /** Encoding of the values: `auto` (default: gzip+base64, or base64 when smaller), `gzip+base64`, `base64`. */
  encoding?: GuestinfoEncoding;
  /**
   * The template has the bootstrapped-vm guestinfo seeder (`renderVmwareSeederFiles`, docs/vsphere.md): it reads
   * the guestinfo keys and hands cloud-init a NoCloud seed, so the transport works with every cloud-init the
   * spec can target, 20.4 included. Without it the transport needs cloud-init 21.3 or later (DataSourceVMware),
   * and an older `bootstrap.cloudInit.minVersion` is refused. Default false.
   */
  seeder?: boolean;
}

/** Where the `nocloudIso` transport writes and uploads the seed ISO. */
export interface VsphereNocloudIsoOptions {
  /** Name of the datastore to upload to (the File resource's `datastore`). */
  datastore: pulumi.Input<string>;
  /**
   * Name of the datacenter of that datastore (the File resource's `datacenter`). Required: the
   * provider resolves an empty name to the default datacenter, which fails on a vCenter with more
   * than one (govmomi `Finder.DefaultDatacenter`).
   */
  datacenter: pulumi.Input<string>;
  /**
   * Folder on the datastore; it must exist (the provider's directory creation fails when the folder
   * exists on vSAN). Default `bootstrapped-vm`. The file name holds a content token.
   */
  directory?: pulumi.Input<string>;
  /**
   * Key of the content token in the file name when the documents hold secrets (required then, at
   * least 16 characters, e.g. `config.requireSecret("seedPathKey")`): the path is part of the File's
   * resource id, which Pulumi stores unencrypted, so it must not carry a plain hash of secrets.
   */
  pathKey?: pulumi.Input<string>;
  /** Local path the ISO is written to during `pulumi up`. Default `.bootstrapped-vm/<name>-seed.iso`. */
  localPath?: pulumi.Input<string>;
}

/**
 * The vSphere platform's arguments. Placement, hardware and the guest-network waiters are the
 * provider's (`VirtualMachineSettingsArgs`), passed to the VirtualMachine unchanged.
 */
export interface VsphereArgs extends VirtualMachineSettingsArgs {
  /** Delivery transport. Default `guestinfo`. Plain value: it decides which resources exist. */
  transport?: VsphereTransport;
  /** Options of the `guestinfo` transport (an error with other transports). */
  guestinfo?: VsphereGuestinfoOptions;
  /** Options of the `nocloudIso` transport (required with it). */
  nocloudIso?: VsphereNocloudIsoOptions;

  /** VM name in vCenter. Default: the component's name. Also the seed of the static MACs. */
  name?: pulumi.Input<string>;
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
  /**
   * Any other `VirtualMachine` argument, by its provider property name (`annotation`, `tags`,
   * `hardwareVersion`, ...). A key this platform sets itself is an error.
   */
  // `any`, not `unknown`: Pulumi's schema inference maps `any` to `pulumi.json#/Any` and rejects `unknown`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  passthrough?: { [key: string]: pulumi.Input<any> };
}
