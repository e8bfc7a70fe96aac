/**
 * A VM cloned from a template imported from Ubuntu's cloud OVA. OVF templates take their settings as
 * vApp properties (the vSphere provider warns against extraConfig there); cloud-init's OVF datasource
 * reads `instance-id`, `hostname`, `public-keys` and `user-data`. Ubuntu's OVA defines no
 * `network-config` property, so this VM uses DHCP (the spec has no network) and `templateProperties`
 * lists the properties the template defines. The password is kept in Pulumi config as a secret; the
 * component hashes it and marks the user-data secret.
 *
 * The library is imported by its package name, as in a project of your own; `package.json` names it at
 * the version this example is written for. In this repository the tests map the name to src/ (jest
 * `moduleNameMapper`, tsconfig `paths`), and test/package/installed-example.test.ts runs a copy against
 * the packed package.
 */
import * as pulumi from "@pulumi/pulumi";
import { BootstrappedVm, OnChange, VsphereTransport } from "bootstrapped-vm";

const config = new pulumi.Config();

const app = new BootstrappedVm("app", {
  onChange: OnChange.Replace,
  bootstrap: {
    hostname: "app-01",
    defaultUserSshAuthorizedKeys: [
      config.get("sshPublicKey") ?? "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKey ubuntu@example",
    ],
    users: [{ name: "ops", groups: ["sudo"], password: config.get("opsPassword") ?? "change-me-please" }],
    sshPasswordAuthentication: false,
    packages: ["qemu-guest-agent"],
  },
  vsphere: {
    transport: VsphereTransport.Vapp,
    name: "app-01",
    resourcePoolId: config.require("resourcePoolId"),
    datastoreId: config.require("datastoreId"),
    numCpus: 2,
    memory: 2048,
    guestId: "ubuntu64Guest",
    networkInterfaces: [{ networkId: config.require("networkId") }],
    disks: [{ label: "disk0", size: 16 }],
    clone: { templateUuid: config.require("ovaTemplateUuid") },
    vapp: { templateProperties: ["instance-id", "hostname", "public-keys", "user-data"] },
  },
});

export const instanceId = app.instanceId;
export const contentHash = app.contentHash;
export const userData = app.userData;
export const deliveredTo = app.deliveredTo;
