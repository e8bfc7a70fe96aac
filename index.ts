/**
 * The project's default Pulumi program (`Pulumi.yaml` at the repository root). With no cloud account it
 * writes two seed images for the sample spec into `./out` on `pulumi up`:
 *
 *   out/nocloud.iso       NoCloud seed (label `cidata`) for libvirt/KVM, Proxmox, Packer, bare QEMU
 *   out/config-drive.iso  config-drive v2 (label `config-2`, network_data.json + legacy content/0000)
 *                         for oVirt-style and OpenStack-style images
 *
 *   pulumi login --local && pulumi stack init dev && pulumi up
 *
 * `pulumi preview` writes nothing; `pulumi destroy` removes both files. Config `outDir` moves them.
 */
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { BootstrappedVm } from "./src/component";
import { SeedImageFormat } from "./src/platforms/seed-image";
import type { BootstrapSpec } from "./src/spec/types";

const config = new pulumi.Config();
const outDir = config.get("outDir") ?? "out";
// YAML 1.2 core schema, like the command line: `yes`/`no` stay strings.
const spec = parse(readFileSync(join(__dirname, "examples", "sample-spec.yaml"), "utf8"), {
  version: "1.2",
}) as BootstrapSpec;

const nocloud = new BootstrappedVm("sample-nocloud", {
  bootstrap: spec,
  seedImage: { format: SeedImageFormat.NoCloud, path: join(outDir, "nocloud.iso") },
});

const configDrive = new BootstrappedVm("sample-config-drive", {
  bootstrap: spec,
  seedImage: {
    format: SeedImageFormat.ConfigDrive,
    path: join(outDir, "config-drive.iso"),
    legacyNetworkFile: true,
  },
});

export const instanceId = nocloud.instanceId;
export const contentHash = nocloud.contentHash;
export const networkConfig = nocloud.networkConfig;
export const userData = nocloud.userData;
export const nocloudIso = nocloud.deliveredTo;
export const configDriveIso = configDrive.deliveredTo;
