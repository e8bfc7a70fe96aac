/**
 * A web server cloned from a cloud image template whose cloud-init is 21.3 or newer: the documents
 * travel in guestinfo (extraConfig). The network has no DHCP, so the VM gets a static address on its
 * first NIC, which the component gives a deterministic static MAC so the config lands on it.
 *
 * The library is imported by its package name, as in a project of your own; `package.json` names it at
 * the version this example is written for. In this repository the tests map the name to src/ (jest
 * `moduleNameMapper`, tsconfig `paths`), and test/package/installed-example.test.ts runs a copy against
 * the packed package.
 */
import * as pulumi from "@pulumi/pulumi";
import { BootstrappedVm, OnChange } from "bootstrapped-vm";

const config = new pulumi.Config();

const web = new BootstrappedVm("web", {
  onChange: OnChange.Rerun,
  bootstrap: {
    hostname: "web-01",
    domain: "example.internal",
    timezone: "Europe/Berlin",
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
          addresses: [config.get("address") ?? "192.0.2.10/24"],
          gateway4: config.get("gateway") ?? "192.0.2.1",
          nameservers: ["192.0.2.53"],
        },
      ],
    },
  },
  vsphere: {
    name: "web-01",
    resourcePoolId: config.require("resourcePoolId"),
    datastoreId: config.require("datastoreId"),
    folder: config.get("folder") ?? "bootstrapped",
    numCpus: 2,
    memory: 4096,
    guestId: "ubuntu64Guest",
    networkInterfaces: [{ networkId: config.require("networkId") }],
    disks: [{ label: "disk0", size: 20, thinProvisioned: true }],
    clone: { templateUuid: config.require("templateUuid") },
    extraConfig: { "disk.EnableUUID": "TRUE" },
  },
});

export const instanceId = web.instanceId;
export const contentHash = web.contentHash;
export const userData = web.userData;
export const networkConfig = web.networkConfig;
export const deliveredTo = web.deliveredTo;
