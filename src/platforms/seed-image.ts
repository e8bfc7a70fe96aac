/**
 * The `seedImage` platform: for VMs whose resource is managed elsewhere (libvirt/KVM, Proxmox, oVirt, Packer,
 * bare QEMU). It writes a NoCloud (`cidata`) or config-drive v2 (`config-2`) seed ISO to a local path during
 * `pulumi up` (`${name}-seed`, a `NoCloudSeedIso` or `ConfigDriveSeedIso`; inside the provider plugin a `SeedIsoFile`); the VM attaches it as a CD-ROM.
 *
 * Updates: the image is rewritten in place when the rendered documents change; under the default
 * contentHash instance-id policy cloud-init runs again on the next boot that sees the new image.
 * `onChange: replace` has no VM to replace here: the VM's own resource decides (depend on `sha256`).
 */
import * as pulumi from "@pulumi/pulumi";
import { inputPropertiesError, platformProblems } from "../core/errors";
import type { SpecProblem } from "../core/problems";
import { isKnown } from "../core/known";
import { allMaybe, isOutput, mapMaybe, maybe } from "../core/maybe";
import { SeedImageFormat } from "../seed-image/types";
import type { BootstrapSpec } from "../spec/types";
import type { RenderedDocuments } from "../render/types";
import { configDriveRefusals, knownNetworkOptions, seedWording } from "../seed-image/wording";
import { isMacAddress } from "../spec/validate-util";
import type { KnownArgs, Platform } from "./platform";

export { SeedImageFormat } from "../seed-image/types";

/** Write a NoCloud or config-drive v2 seed ISO to a local file, for libvirt/KVM, Proxmox, oVirt, Packer or QEMU. */
export interface SeedImageArgs {
  /** `nocloud` (label `cidata`) or `configDrive` (label `config-2`, with network_data.json). Default `nocloud`. */
  format?: SeedImageFormat;
  /** Where the ISO is written on the machine running `pulumi up` (relative: to its working directory). */
  path: pulumi.Input<string>;
  /** configDrive only: also write the `flat_injected`-style legacy ENI file `openstack/content/0000`. Default false. */
  legacyNetworkFile?: pulumi.Input<boolean>;
  /** configDrive only: write `openstack/latest/network_data.json`. Default true. */
  networkDataJson?: pulumi.Input<boolean>;
  /**
   * The MAC addresses of the VM's NICs, by position: they fill in spec interfaces that have neither
   * `macAddress` nor `name` (a MAC in the spec wins).
   */
  macAddresses?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Permission bits of the ISO file, e.g. `0o644` (420) when the hypervisor reads it as another user.
   * Default `0o600` (owner only) when the documents hold a password hash, private key or secret file,
   * else `0o644`.
   */
  fileMode?: pulumi.Input<number>;
}

/** The ways out of a spec's problems in the `seedImage` platform's terms (its `format` and `macAddresses`). */
const seedImageWording = seedWording(`\`format: "${SeedImageFormat.NoCloud}"\``, "seedImage.macAddresses");

function validateSeedImageArgs(args: SeedImageArgs, known: KnownArgs): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const format = args.format ?? SeedImageFormat.NoCloud;
  if (!Object.values(SeedImageFormat).includes(format)) {
    problems.push({
      path: "format",
      message: `"${String(format)}" is not a seed image format; use "${SeedImageFormat.NoCloud}" or "${SeedImageFormat.ConfigDrive}".`,
    });
  }
  if (
    args.path === undefined ||
    args.path === null ||
    (typeof args.path === "string" && args.path.trim() === "")
  ) {
    problems.push({
      path: "path",
      message: "Give the file the ISO is written to, e.g. `out/web-01-seed.iso`.",
    });
  }
  if (format === SeedImageFormat.NoCloud) {
    for (const key of ["legacyNetworkFile", "networkDataJson"] as const) {
      if (args[key] !== undefined) {
        problems.push({ path: key, message: `\`${key}\` applies to \`format: configDrive\` only.` });
      }
    }
  }
  const mode: unknown = args.fileMode;
  if (
    mode !== undefined &&
    isKnown(mode) &&
    !(typeof mode === "number" && Number.isInteger(mode) && mode >= 0 && mode <= 0o777)
  ) {
    problems.push({
      path: "fileMode",
      message: `${JSON.stringify(mode)} is not a file mode; give permission bits such as 0o600 (384) or 0o644 (420).`,
    });
  }
  // With an option still an Output, `deploy` checks the drive once it resolves.
  const options = knownNetworkOptions(args);
  if (format === SeedImageFormat.ConfigDrive && known.bootstrap !== undefined && options !== undefined) {
    problems.push(...configDriveRefusals(known.bootstrap, options, seedImageWording));
  }
  const macs = isKnown(args.macAddresses) ? ((args.macAddresses ?? []) as string[]) : undefined;
  macs?.forEach((mac, i) => {
    if (typeof mac !== "string" || !isMacAddress(mac)) {
      problems.push({
        path: `macAddresses[${i}]`,
        message: `"${String(mac)}" is not a MAC address like 52:54:00:12:34:56.`,
      });
    }
  });
  if (macs !== undefined && known.bootstrap !== undefined) {
    (known.bootstrap.network?.interfaces ?? []).forEach((iface, i) => {
      if (iface.macAddress === undefined && iface.name === undefined && macs[i] === undefined) {
        problems.push({
          path: `macAddresses[${i}]`,
          message:
            `bootstrap.network.interfaces[${i}] is matched by position: give the MAC of the VM's NIC ${i} here, ` +
            "or set `macAddress` (or `name`) on the interface.",
        });
      }
    });
  }
  return problems;
}

export const seedImagePlatform: Platform<"seedImage"> = {
  key: "seedImage",
  wording: seedImageWording,
  validate: validateSeedImageArgs,
  deploy(args, ctx) {
    const format = args.format ?? SeedImageFormat.NoCloud;
    const assignedMacAddresses = args.macAddresses ?? [];
    const documents = ctx.render(
      mapMaybe(maybe(assignedMacAddresses), (macs) => ({ assignedMacAddresses: macs })),
    );
    // A spec and options known at construction were checked there (validate); those known only now are
    // checked here (the component's render, and this platform's refusals), so the seed resource gets the
    // component's failure (worded by this platform, secret values redacted) instead of rendering and
    // wording its own.
    const options = allMaybe<[boolean | undefined, boolean | undefined]>([
      maybe(args.legacyNetworkFile),
      maybe(args.networkDataJson),
    ]);
    const bootstrap =
      isOutput(ctx.spec) || isOutput(options)
        ? mapMaybe(
            allMaybe<
              [BootstrapSpec, BootstrapSpec, RenderedDocuments, [boolean | undefined, boolean | undefined]]
            >([ctx.bootstrap, ctx.spec, documents, options]),
            ([raw, spec, , [legacyNetworkFile, networkDataJson]]) => {
              const problems =
                format === SeedImageFormat.ConfigDrive
                  ? configDriveRefusals(spec, { legacyNetworkFile, networkDataJson }, seedImageWording)
                  : [];
              if (problems.length > 0)
                ctx.fail(inputPropertiesError(platformProblems("seedImage", problems)));
              return raw;
            },
          )
        : ctx.bootstrap;
    const common = {
      path: args.path,
      bootstrap,
      assignedMacAddresses,
      ...(args.fileMode !== undefined ? { fileMode: args.fileMode } : {}),
    };
    const image =
      format === SeedImageFormat.ConfigDrive
        ? ctx.seedIsoWriter.configDrive(
            ctx.childName("seed"),
            { ...common, legacyNetworkFile: args.legacyNetworkFile, networkDataJson: args.networkDataJson },
            ctx.childOptions,
          )
        : ctx.seedIsoWriter.noCloud(ctx.childName("seed"), common, ctx.childOptions);
    const label = format === SeedImageFormat.ConfigDrive ? "config-2" : "cidata";
    const deliveredTo = pulumi.interpolate`${format} seed ISO (volume label ${label}) at ${image.path}`;
    return { documents, deliveredTo, target: image, resources: { seedIso: image } };
  },
};
