/**
 * `vapp` transport: vApp/OVF properties (`instance-id`, `hostname`, `public-keys`, `user-data` as
 * base64, `network-config`), read by cloud-init's OVF datasource from templates imported from an OVA.
 * The vSphere provider warns to use `vapp.properties`, not extraConfig, with OVF templates. Only
 * properties the template defines can be set (Ubuntu's cloud OVA defines all but `network-config`).
 *
 * Provider rules (terraform-provider-vsphere v2.16.1, bridged by pulumi-vsphere 4.17.0):
 * - vApp properties are accepted only on cloned VMs (vsphere/virtual_machine_config_structure.go:
 *   805-813); the platform's validation asks for `clone`.
 * - When the template's OVF environment transport is `iso` alone (copied from the template on
 *   clone, vsphere/internal/vmworkflow/virtual_machine_clone_subresource.go:146-152), the plan fails
 *   unless a CD-ROM is a client device ("this virtual machine requires a client CDROM device to
 *   deliver vApp properties", vsphere/internal/virtualdevice/virtual_machine_cdrom_subresource.go:
 *   594-614). So the transport adds `{ clientDevice: true }` unless a user CD-ROM already is one or
 *   `vapp.clientCdrom` is false.
 */
import { allMaybe, mapMaybe, maybe, type Maybe } from "../../core/maybe";
import type { VirtualMachineCdromArgs } from "../../providers/vsphere";
import { keyNames, type VsphereTransportBuilder } from "./transport";
import { vappValues } from "./vapp-values";

export const vappTransport: VsphereTransportBuilder = ({ args, vmName, documents }) => {
  const vappProperties = mapMaybe(documents, vappValues);
  const user = maybe(args.cdroms ?? []) as Maybe<VirtualMachineCdromArgs[]>;
  const cdroms =
    args.vapp?.clientCdrom === false
      ? undefined
      : mapMaybe(user, (u): VirtualMachineCdromArgs[] =>
          u.some((c) => c.clientDevice === true) ? [] : [{ clientDevice: true }],
        );
  return {
    vappProperties,
    ...(cdroms !== undefined ? { cdroms } : {}),
    description: mapMaybe(
      allMaybe<[string, string[]]>([vmName, keyNames(vappProperties)]),
      ([vm, names]) => `vSphere VM "${vm}": vApp properties ${[...names].sort().join(", ")} (OVF datasource)`,
    ),
  };
};
