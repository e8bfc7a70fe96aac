/**
 * The config-drive recipe for networks without DHCP: a Neutron network whose IPv4 and IPv6 subnets have
 * DHCP disabled, a port per interface with the spec's fixed IPs (the component creates it), and a server
 * with `configDrive: true` on that port. Nova writes the static addresses into the config drive's
 * network_data.json and cloud-init configures them before the network is up (docs/openstack.md).
 *
 * The library is imported by its package name, as in a project of your own; `package.json` names it at
 * the version this example is written for. In this repository the tests map the name to src/ (jest
 * `moduleNameMapper`, tsconfig `paths`), and test/package/installed-example.test.ts runs a copy against
 * the packed package.
 */
import * as openstack from "@pulumi/openstack";
import * as pulumi from "@pulumi/pulumi";
import { BootstrappedVm } from "bootstrapped-vm";

const config = new pulumi.Config();

const network = new openstack.networking.Network("servers", { adminStateUp: true });
// Nova writes a static ("ipv4"/"ipv6") network into network_data.json only for subnets with DHCP disabled.
// The subnet's gateway and DNS servers are what Nova writes: keep them equal to the spec's.
const v4 = new openstack.networking.Subnet("servers-v4", {
  networkId: network.id,
  ipVersion: 4,
  cidr: "192.0.2.0/24",
  gatewayIp: "192.0.2.1",
  enableDhcp: false,
  dnsNameservers: ["192.0.2.53"],
});
const v6 = new openstack.networking.Subnet("servers-v6", {
  networkId: network.id,
  ipVersion: 6,
  cidr: "2001:db8:10::/64",
  gatewayIp: "2001:db8:10::1",
  enableDhcp: false,
});

const web = new BootstrappedVm("web", {
  bootstrap: {
    hostname: "web-01",
    domain: "example.internal",
    users: [
      {
        name: "ops",
        groups: ["sudo"],
        shell: "/bin/bash",
        sudo: ["ALL=(ALL) NOPASSWD:ALL"],
        sshAuthorizedKeys: [
          config.get("sshPublicKey") ?? "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKey ops@example",
        ],
      },
    ],
    packages: ["nginx"],
    runcmd: ["systemctl enable --now nginx"],
    network: {
      interfaces: [
        {
          addresses: ["192.0.2.10/24", "2001:db8:10::10/64"],
          gateway4: "192.0.2.1",
          gateway6: "2001:db8:10::1",
          nameservers: ["192.0.2.53"],
        },
      ],
    },
    metadata: { role: "web" },
  },
  openstack: {
    name: "web-01",
    flavorName: config.get("flavorName") ?? "m1.small",
    imageName: config.get("imageName") ?? "debian-12-genericcloud-amd64",
    keyPair: config.get("keyPair"),
    availabilityZone: config.get("availabilityZone"),
    networks: [{ networkId: network.id, subnetId: v4.id, ipv6SubnetId: v6.id }],
  },
});

export const instanceId = web.instanceId;
export const contentHash = web.contentHash;
export const userData = web.userData;
export const networkConfig = web.networkConfig;
export const deliveredTo = web.deliveredTo;
// The static addresses (for DNS, Ansible, a load balancer) and the server's port, e.g. for a floating IP.
export const ipAddresses = web.ipAddresses;
export const portId = web.openstackPorts?.[0]?.id;
