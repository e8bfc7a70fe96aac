/**
 * A libvirt/KVM guest whose VM is managed outside Pulumi (virt-install, virsh, Proxmox, ...): the
 * `seedImage` platform writes its NoCloud seed ISO (volume label `cidata`) to a local file on `pulumi up`,
 * and the guest attaches it as a CD-ROM. The NIC's MAC is fixed here and in the domain, so the static
 * network config lands on it. `pulumi destroy` removes the ISO; a changed spec rewrites it in place and
 * gives it a new instance-id, so cloud-init runs again on the guest's next boot.
 *
 * The library is imported by its package name, as in a project of your own; `package.json` names it at
 * the version this example is written for. In this repository the tests map the name to src/ (jest
 * `moduleNameMapper`, tsconfig `paths`), and test/package/installed-example.test.ts runs a copy against
 * the packed package.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolve } from "node:path";
import { BootstrappedVm, SeedImageFormat } from "bootstrapped-vm";

const config = new pulumi.Config();
const seedPath = resolve(config.get("seedPath") ?? "out/web-01-seed.iso");
const mac = config.get("macAddress") ?? "52:54:00:10:00:10";

const web = new BootstrappedVm("web", {
  bootstrap: {
    hostname: "web-01",
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
    packages: ["qemu-guest-agent"],
    runcmd: ["systemctl enable --now qemu-guest-agent"],
    network: {
      interfaces: [
        {
          addresses: ["192.168.122.10/24"],
          gateway4: "192.168.122.1",
          nameservers: ["192.168.122.1"],
        },
      ],
    },
  },
  seedImage: { format: SeedImageFormat.NoCloud, path: seedPath, macAddresses: [mac] },
});

export const instanceId = web.instanceId;
export const userData = web.userData;
export const networkConfig = web.networkConfig;
export const deliveredTo = web.deliveredTo;
export const seedIsoPath = seedPath;
/** Creates the guest from a cloud image, with the seed ISO as a CD-ROM and the NIC on the MAC the spec expects. */
export const virtInstallCommand =
  `virt-install --name web-01 --memory 2048 --vcpus 2 --import --os-variant debian12 ` +
  `--disk path=/var/lib/libvirt/images/web-01.qcow2 --disk path=${seedPath},device=cdrom ` +
  `--network network=default,mac=${mac} --noautoconsole`;
/** The same attachment in a libvirt domain's XML (`<devices>`). */
export const libvirtDiskXml =
  `<disk type="file" device="cdrom"><driver name="qemu" type="raw"/>` +
  `<source file="${seedPath}"/><target dev="sdb" bus="sata"/><readonly/></disk>`;
