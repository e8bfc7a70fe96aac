/**
 * The component's `ipAddresses`: the spec's static addresses when it has any (known before the VM
 * exists, and what DNS, Ansible or a load balancer should point at), else what the platform reports
 * once the VM runs (vSphere `guestIpAddresses`, OpenStack `accessIpV4`/`accessIpV6`).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { BootstrapSpec } from "../spec/types";
import { networkDevices } from "../spec/network-list";
import { mapMaybe, type Maybe } from "../core/maybe";

/**
 * The static addresses of the spec's devices without their prefix length, in spec order: interfaces, then
 * bonds, VLANs and bridges (bond members and bridge ports carry none).
 */
export function staticAddresses(spec: BootstrapSpec): string[] {
  return networkDevices(spec).flatMap((device) =>
    (device.addresses ?? []).map((cidr) => cidr.split("/")[0] ?? cidr),
  );
}

/**
 * The spec's static addresses, or (when it has none) the reported ones, or `[]`. Secret when the spec is
 * (a secret input reaching the network), or when the reported addresses are.
 */
export function vmAddresses(
  spec: Maybe<BootstrapSpec>,
  reported: pulumi.Output<string[]> | undefined,
): Maybe<string[]> {
  return mapMaybe(spec, (s): pulumi.Input<string[]> => {
    const fixed = staticAddresses(s);
    return fixed.length > 0 || reported === undefined ? fixed : reported;
  });
}
