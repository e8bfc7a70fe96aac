/**
 * A VM from an older image whose cloud-init predates the VMware datasource (< 21.3). The documents
 * are written into a NoCloud seed ISO on the machine running `pulumi up`, uploaded with the vSphere
 * File resource to a datastore path that holds a content token, and attached as a CD-ROM. A changed
 * spec uploads a new file (the File is replaced), the CD-ROM moves to it, then the old file is
 * deleted. The datastore folder (`bootstrapped-vm`) must exist: `govc datastore.mkdir -ds <ds>
 * bootstrapped-vm`. (The alternative for such templates, the guestinfo seeder, is
 * `renderVmwareSeederFiles()`.)
 *
 * The library is imported by its package name, as in a project of your own; `package.json` names it at
 * the version this example is written for. In this repository the tests map the name to src/ (jest
 * `moduleNameMapper`, tsconfig `paths`), and test/package/installed-example.test.ts runs a copy against
 * the packed package.
 */
import * as pulumi from "@pulumi/pulumi";
import { BootstrappedVm, VsphereTransport } from "bootstrapped-vm";

const config = new pulumi.Config();

const legacy = new BootstrappedVm("legacy", {
  bootstrap: {
    hostname: "legacy-01",
    defaultUserSshAuthorizedKeys: [
      config.get("sshPublicKey") ?? "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKey admin@example",
    ],
    runcmd: ["echo provisioned > /etc/motd"],
    network: { interfaces: [{ addresses: ["198.51.100.20/24"], gateway4: "198.51.100.1" }] },
  },
  vsphere: {
    transport: VsphereTransport.NocloudIso,
    nocloudIso: {
      datastore: config.require("isoDatastoreName"),
      datacenter: config.require("datacenterName"),
    },
    name: "legacy-01",
    resourcePoolId: config.require("resourcePoolId"),
    datastoreId: config.require("datastoreId"),
    numCpus: 1,
    memory: 1024,
    guestId: "centos7_64Guest",
    networkInterfaces: [{ networkId: config.require("networkId") }],
    disks: [{ label: "disk0", size: 10 }],
    clone: { templateUuid: config.require("templateUuid") },
  },
});

export const instanceId = legacy.instanceId;
export const contentHash = legacy.contentHash;
export const deliveredTo = legacy.deliveredTo;
