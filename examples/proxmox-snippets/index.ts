/**
 * The Proxmox recipe: a VM cloned from a cloud-init template (e.g. a Debian genericcloud image imported as
 * VM 9000), with the rendered user-data, meta-data and network-config uploaded as snippets to a storage that
 * allows the `snippets` content type, and wired into the VM as `cicustom` on a NoCloud drive
 * (docs/proxmox.md). The provider needs SSH access to the node for snippet uploads (`ssh` in its config).
 *
 * The password comes from the stack's secret config: the snippets holding its hash are uploaded from
 * secret inputs. `onChange: replace` names the snippets by content, so a change uploads new files and
 * replaces the VM; the default (`rerun`) keeps the VM and its snippet names.
 *
 * The library is imported by its package name, as in a project of your own; `package.json` names it at
 * the version this example is written for. In this repository the tests map the name to src/ (jest
 * `moduleNameMapper`, tsconfig `paths`), and test/package/installed-example.test.ts runs a copy against
 * the packed package.
 */
import * as pulumi from "@pulumi/pulumi";
import { BootstrappedVm, bootstrapSpec, OnChange } from "bootstrapped-vm";

const config = new pulumi.Config();

const web = new BootstrappedVm("web", {
  bootstrap: bootstrapSpec({
    hostname: "web-01",
    domain: "lab.internal",
    users: [
      {
        name: "ops",
        groups: ["sudo"],
        shell: "/bin/bash",
        sudo: ["ALL=(ALL) NOPASSWD:ALL"],
        password: config.requireSecret("opsPassword"),
        sshAuthorizedKeys: [
          config.get("sshPublicKey") ?? "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKey ops@example",
        ],
      },
    ],
    packages: ["qemu-guest-agent", "nginx"],
    runcmd: ["systemctl enable --now qemu-guest-agent nginx"],
    network: {
      interfaces: [
        {
          addresses: ["192.168.10.21/24"],
          gateway4: "192.168.10.1",
          nameservers: ["192.168.10.1"],
        },
      ],
    },
  }),
  onChange: OnChange.Replace,
  proxmox: {
    nodeName: config.get("nodeName") ?? "pve",
    snippetsDatastoreId: config.get("snippetsDatastore") ?? "local",
    clone: { vmId: config.getNumber("templateVmId") ?? 9000, full: true },
    networkDevices: [{ bridge: config.get("bridge") ?? "vmbr0" }],
    cloudInitDatastoreId: config.get("cloudInitDatastore") ?? "local-lvm",
    cores: 2,
    memory: 2048,
    agent: true,
  },
});

export const instanceId = web.instanceId;
export const contentHash = web.contentHash;
export const userData = web.userData;
export const metaData = web.metaData;
export const networkConfig = web.networkConfig;
export const deliveredTo = web.deliveredTo;
