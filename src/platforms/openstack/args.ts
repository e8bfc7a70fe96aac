import type * as pulumi from "@pulumi/pulumi";
/** @ts-ignore optional peer (src/platforms/optional-peer.ts) */
import type * as openstack from "@pulumi/openstack";

/**
 * One Neutron port of the server, matched by position with the spec's `network.interfaces`
 * (entry `i` carries interface `i`). Nova builds `network_data.json` on the config drive from these ports.
 */
export interface OpenstackNetworkArgs {
  /** The Neutron network the port is created on. */
  networkId: pulumi.Input<string>;
  /**
   * The IPv4 subnet the interface's static IPv4 addresses belong to (required when it has any). For a
   * static address to reach the guest, the subnet must have DHCP disabled (see docs/openstack.md).
   */
  subnetId?: pulumi.Input<string>;
  /** The IPv6 subnet the interface's static IPv6 addresses belong to (required when it has any). */
  ipv6SubnetId?: pulumi.Input<string>;
  /** Security group IDs of the port (with ports, security groups belong on the port, not the server). */
  securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Port security (anti-spoofing) on the port. Default: Neutron's (enabled). */
  portSecurityEnabled?: pulumi.Input<boolean>;
}

/**
 * Deliver to an OpenStack server (`openstack.compute.Instance`) through its config drive.
 *
 * The server always gets `configDrive: true`, the rendered user-data (checked against Nova's 65535-byte
 * limit after base64) and `metadata` (the spec's `metadata`, these `metadata`, and the content hash).
 * Every `networks` entry becomes a Neutron port with the spec interface's static addresses as fixed IPs.
 */
export interface OpenstackArgs {
  /** Server name. Default: the component's name. */
  name?: pulumi.Input<string>;
  /** Flavor by name. Exactly one of `flavorName` or `flavorId`. */
  flavorName?: pulumi.Input<string>;
  /** Flavor by ID. Exactly one of `flavorName` or `flavorId`. */
  flavorId?: pulumi.Input<string>;
  /** Image by name. At most one of `imageName` or `imageId`; neither when booting from `blockDevices`. */
  imageName?: pulumi.Input<string>;
  /** Image by ID. */
  imageId?: pulumi.Input<string>;
  /** Boot-from-volume and extra disks, passed to the server unchanged. */
  blockDevices?: pulumi.Input<pulumi.Input<openstack.types.input.compute.InstanceBlockDevice>[]>;
  /** Availability zone. */
  availabilityZone?: pulumi.Input<string>;
  /** Name of an existing Nova key pair (Nova puts it into meta_data.json `public_keys`). */
  keyPair?: pulumi.Input<string>;
  /** Security group names of the server (applies to ports Nova creates; prefer `networks[].securityGroupIds`). */
  securityGroups?: pulumi.Input<pulumi.Input<string>[]>;
  /** The server's ports, in the order of the spec's interfaces. */
  networks?: OpenstackNetworkArgs[];
  /** More Nova metadata (string map, at most 255 characters per key and value). Updates in place. */
  metadata?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  /** Server tags. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Region. Default: the provider's. */
  region?: pulumi.Input<string>;
}
