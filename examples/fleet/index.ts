/**
 * 100 workers from one base spec (docs/fleets.md): each VM gets its own host name, its own static
 * address from 10.20.0.0/22, its own documents in its own guestinfo, and therefore its own instance-id.
 * There is no metadata server every VM must reach and no ordering between VMs, so all 100 boot at once.
 *
 * The library is imported by its package name, as in a project of your own; `package.json` names it at
 * the version this example is written for. In this repository the tests map the name to src/ (jest
 * `moduleNameMapper`, tsconfig `paths`), and test/package/installed-example.test.ts runs a copy against
 * the packed package.
 */
import * as pulumi from "@pulumi/pulumi";
import { createFleet } from "bootstrapped-vm";

const config = new pulumi.Config();
const count = config.getNumber("count") ?? 100;

const fleet = createFleet(
  "worker",
  {
    count,
    hostname: "worker-%{n:3}",
    base: {
      hostname: "worker",
      domain: "fleet.example.internal",
      defaultUserSshAuthorizedKeys: [
        config.get("sshPublicKey") ?? "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKey ops@example",
      ],
      packages: ["chrony"],
      files: [{ path: "/etc/fleet/member", content: "name=%{hostname}\naddress=%{ipv4}\nrack=%{rack}\n" }],
      runcmd: ["echo '%{hostname} (%{ipv4}) is up' > /var/log/fleet-member.log"],
      network: { interfaces: [{ nameservers: ["10.20.0.53"] }] },
    },
    addressPools: [{ cidr: "10.20.0.0/22", gateway: "10.20.0.1", reserved: ["10.20.0.2-10.20.0.63"] }],
    // Per-member variables: four racks, round robin.
    variables: Array.from({ length: count }, (_, i) => ({ rack: `r${(i % 4) + 1}` })),
  },
  (member) => ({
    vsphere: {
      name: member.hostname,
      resourcePoolId: config.require("resourcePoolId"),
      datastoreId: config.require("datastoreId"),
      numCpus: 2,
      memory: 2048,
      guestId: "ubuntu64Guest",
      networkInterfaces: [{ networkId: config.require("networkId") }],
      disks: [{ label: "disk0", size: 20, thinProvisioned: true }],
      clone: { templateUuid: config.require("templateUuid") },
    },
  }),
);

export const hostnames = fleet.map((f) => f.member.hostname);
export const addresses = fleet.map((f) => f.member.addresses[0]);
export const instanceIds = pulumi.all(fleet.map((f) => f.vm.instanceId));
