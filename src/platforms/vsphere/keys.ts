/** The extraConfig keys and vApp properties the vSphere transports own. */

/** guestinfo keys cloud-init's VMware datasource reads (DataSourceVMware, cloud-init >= 21.3). */
export const GUESTINFO_KEYS = [
  "guestinfo.metadata",
  "guestinfo.metadata.encoding",
  "guestinfo.userdata",
  "guestinfo.userdata.encoding",
  "guestinfo.vendordata",
  "guestinfo.vendordata.encoding",
] as const;

/** OVF properties the `vapp` transport sets (cloud-init's OVF datasource). */
export const VAPP_PROPERTY_KEYS = [
  "instance-id",
  "hostname",
  "public-keys",
  "user-data",
  "network-config",
] as const;

/** VirtualMachine arguments the platform copies from `vsphere` unchanged when set. */
export const PLAIN_VM_ARGS = [
  "datastoreId",
  "datacenterId",
  "folder",
  "numCpus",
  "memory",
  "guestId",
  "firmware",
  "disks",
  "clone",
  "extraConfigRebootRequired",
  "waitForGuestNetTimeout",
  "waitForGuestNetRoutable",
  "waitForGuestIpTimeout",
  "ignoredGuestIps",
] as const;

/** VirtualMachine properties the platform sets itself; `passthrough` must not name them. */
export const MANAGED_VM_PROPERTIES = [
  ...PLAIN_VM_ARGS,
  // Set from the arguments with a default, the assigned MACs or the transport's documents merged in.
  "name",
  "resourcePoolId",
  "networkInterfaces",
  "cdroms",
  "extraConfig",
  "vapp",
  "replaceTrigger",
] as const;

/** Property path of a map key: `extraConfig["guestinfo.userdata"]`. */
export function keyPath(map: string, key: string): string {
  return `${map}[${JSON.stringify(key)}]`;
}
