/**
 * The output formats of `render`, one entry each: what it is and how it is produced from the rendered
 * documents. A new format is one new entry here.
 */
import type { BootstrapSpec } from "../spec/types";
import type { RenderedDocuments } from "../render/types";
import {
  encodeUserData,
  LEGACY_NETWORK_CONTENT_PATH,
  renderConfigDriveTree,
  renderGuestinfo,
  renderNoCloudFiles,
  renderVappProperties,
} from "../render";
import { overlongVappRemedies, vappNetworkRemedy } from "../render/vapp";
import { buildConfigDriveIso, buildNoCloudIso } from "../iso";
import { renderVmwareSeederFiles, SEEDER_PATH } from "../seeder/vmware-seeder";
import { deliveredNetworkConfig } from "../render/network-delivery";
import { networkV2Yaml } from "../render/network-yaml";
import { stableJson, stableYaml } from "../util/serialize";
import { remedyProblem, SpecValidationError } from "../core/problems";
import { GuestinfoSizeError, guestinfoUnreadRemedy } from "../render/guestinfo";

/**
 * The vApp map for `spec`, refused as the component's `vapp` transport refuses it: when its target
 * cloud-init would ignore the network in it (`vappNetworkRemedy`), and when a value is longer than a vApp
 * string property holds (`overlongVappRemedies`). The problems' ways out are worded by the command.
 */
export function vappProperties(spec: BootstrapSpec, docs: RenderedDocuments): Record<string, string> {
  const ignored = vappNetworkRemedy(spec);
  if (ignored !== undefined) throw new SpecValidationError([remedyProblem("cloudInit.minVersion", ignored)]);
  const properties = renderVappProperties(docs);
  const overlong = overlongVappRemedies(properties, spec, () => guestinfoFits(docs));
  if (overlong.length > 0) throw new SpecValidationError(overlong.map((r) => remedyProblem("", r)));
  return properties;
}

/** Whether the documents fit guestinfo's value limit (the CLI writes guestinfo for the default one). */
function guestinfoFits(docs: RenderedDocuments): boolean {
  try {
    renderGuestinfo(docs, {});
    return true;
  } catch (err) {
    if (err instanceof GuestinfoSizeError) return false;
    throw err;
  }
}

/**
 * The guestinfo keys for `spec`, refused as the component's `guestinfo` transport refuses them: for a target
 * cloud-init without the VMware datasource (`guestinfoUnreadRemedy`), unless the template has the seeder
 * (`--seeder`).
 */
export function guestinfoKeys(
  spec: BootstrapSpec,
  docs: RenderedDocuments,
  flags: FormatFlags,
): Record<string, string> {
  const unread = guestinfoUnreadRemedy(spec, flags.seeder);
  if (unread !== undefined) throw new SpecValidationError([remedyProblem("cloudInit.minVersion", unread)]);
  return renderGuestinfo(docs, {});
}

/** Flags of `render` that change what a format contains. */
export interface FormatFlags {
  /** Network config version for `network-config`; undefined: the version the guest is given. */
  networkVersion?: 1 | 2;
  /** Add the flat_injected-style legacy network file (`openstack/content/0000`) to config-drive output. */
  legacyNetworkFile: boolean;
  /** MACs the platform assigns, by NIC index (`--mac`); the same ones `renderAll` got. */
  macs: readonly string[];
  /** `--seeder`: the template has the bootstrapped-vm seeder, which reads guestinfo for any cloud-init. */
  seeder?: boolean;
}

/**
 * One file's bytes, or a directory tree (relative path -> bytes) that replaces `--out` as a whole. What
 * holds the secrets the documents' `containsSecrets` marks (a password hash, private key or secret file)
 * says so: src/cli/write-output.ts writes it readable by its owner only, as the seed ISO resource does.
 */
export type FormatOutput =
  | {
      kind: "file";
      data: string | Uint8Array;
      /** The bytes hold the documents' secrets (`RenderedDocuments.containsSecrets`). */
      secret?: boolean;
    }
  | {
      kind: "tree";
      files: ReadonlyMap<string, string | Uint8Array>;
      /** The format's own file modes, by relative path (the seeder's executables); no mode option changes them. */
      modes?: ReadonlyMap<string, number>;
      /** Relative paths of the files that hold the documents' secrets (`RenderedDocuments.containsSecrets`). */
      secretFiles?: readonly string[];
    };

export interface OutputFormat {
  name: string;
  /**
   * For directory formats: every top-level entry the format can write. An existing `--out` directory is
   * replaced only when it holds nothing else (so a mistyped `--out` cannot wipe an unrelated directory).
   */
  ownedEntries?: readonly string[];
  /** One line for `--help`. */
  summary: string;
  /** What `--out` names: one file (`-` is stdout) or a directory. */
  writes: "file" | "directory";
  /** With `--out-dir`: what follows a spec's name (`web` -> `web.iso`); "" for a directory per spec. */
  suffix: string;
  render(spec: BootstrapSpec, docs: RenderedDocuments, flags: FormatFlags): FormatOutput;
  /**
   * The output when it is the same for every spec (`vmware-seeder`): nothing is rendered from a spec, so
   * `render` needs none and no `--mac`.
   */
  sameForEverySpec?: () => FormatOutput;
}

/** `data`, holding every document: secret when the documents hold secrets. */
function documentsFile(docs: RenderedDocuments, data: string | Uint8Array): FormatOutput {
  return docs.containsSecrets ? { kind: "file", data, secret: true } : { kind: "file", data };
}

/** A JSON document of every document as written by the CLI: sorted keys, two-space indent, final newline. */
function jsonFile(docs: RenderedDocuments, value: unknown): FormatOutput {
  return documentsFile(docs, `${stableJson(value, 2)}\n`);
}

/** The network documents of a seed tree: the spec's network alone, never derived from its secrets. */
function isNetworkFile(rel: string): boolean {
  return (
    rel === "network-config" ||
    rel.endsWith("/network_data.json") ||
    rel === `openstack${LEGACY_NETWORK_CONTENT_PATH}`
  );
}

/**
 * A seed tree: when the documents hold secrets, every file but the network config holds them or what is
 * derived from them (user-data, vendor-data; meta-data's instance-id and content hash, which the component
 * keeps secret as well).
 */
function documentsTree(docs: RenderedDocuments, files: ReadonlyMap<string, Buffer>): FormatOutput {
  if (!docs.containsSecrets) return { kind: "tree", files };
  return { kind: "tree", files, secretFiles: [...files.keys()].filter((rel) => !isNetworkFile(rel)) };
}

/** The NoCloud seed files in the shape the ISO writer takes. */
function noCloudIso(docs: RenderedDocuments): Buffer {
  const files = renderNoCloudFiles(docs);
  return buildNoCloudIso({
    userData: files.get("user-data") ?? "",
    metaData: files.get("meta-data") ?? "",
    networkConfig: files.get("network-config"),
    vendorData: files.get("vendor-data"),
  });
}

/** The config-drive tree `configdrive-iso` and `configdrive-dir` write, refused as they refuse it. */
export function configDriveTree(
  spec: BootstrapSpec,
  docs: RenderedDocuments,
  flags: FormatFlags,
): Map<string, Buffer> {
  return renderConfigDriveTree(spec, docs, {
    legacyNetworkFile: flags.legacyNetworkFile,
    assignedMacAddresses: flags.macs,
  });
}

/** The seeder's files, the same for every spec. */
function vmwareSeederTree(): FormatOutput {
  return { kind: "tree", files: renderVmwareSeederFiles(), modes: new Map([[SEEDER_PATH, 0o755]]) };
}

export const OUTPUT_FORMATS: readonly OutputFormat[] = [
  {
    name: "nocloud-iso",
    writes: "file",
    suffix: ".iso",
    summary: "NoCloud seed image (ISO 9660 + Rock Ridge + Joliet, label cidata)",
    render: (_spec, docs) => documentsFile(docs, noCloudIso(docs)),
  },
  {
    name: "configdrive-iso",
    writes: "file",
    suffix: ".iso",
    summary: "OpenStack config-drive v2 image (label config-2)",
    render: (spec, docs, flags) =>
      documentsFile(docs, buildConfigDriveIso(configDriveTree(spec, docs, flags))),
  },
  {
    name: "nocloud-dir",
    writes: "directory",
    suffix: "",
    ownedEntries: ["user-data", "meta-data", "network-config", "vendor-data"],
    summary: "directory with user-data, meta-data [, network-config, vendor-data]",
    render: (_spec, docs) => documentsTree(docs, renderNoCloudFiles(docs)),
  },
  {
    name: "configdrive-dir",
    writes: "directory",
    suffix: "",
    ownedEntries: ["openstack", "ec2"],
    summary: "directory with the config-drive v2 tree (openstack/latest/..., ec2/latest/...)",
    render: (spec, docs, flags) => documentsTree(docs, configDriveTree(spec, docs, flags)),
  },
  {
    name: "guestinfo",
    writes: "file",
    suffix: ".guestinfo.json",
    summary: "JSON map of the vSphere extraConfig keys (guestinfo.*) and values",
    render: (spec, docs, flags) => jsonFile(docs, guestinfoKeys(spec, docs, flags)),
  },
  {
    name: "vapp",
    writes: "file",
    suffix: ".vapp.json",
    summary: "JSON map of the vApp/OVF properties",
    render: (spec, docs) => jsonFile(docs, vappProperties(spec, docs)),
  },
  {
    name: "user-data",
    writes: "file",
    suffix: ".user-data",
    summary: "the user-data document (gzip when the spec asks for compression)",
    render: (_spec, docs) => documentsFile(docs, encodeUserData(docs)),
  },
  {
    name: "network-config",
    writes: "file",
    suffix: ".network-config",
    summary: "network config YAML as the guest is given it (v2, or v1: see --network-version)",
    render: (_spec, docs, flags) => {
      if (!docs.network) {
        throw new SpecValidationError([
          {
            path: "network",
            message:
              "the spec has no network section, so there is no network-config to render (add network.interfaces)",
          },
        ]);
      }
      const data =
        flags.networkVersion === undefined
          ? deliveredNetworkConfig(docs.network).yaml
          : flags.networkVersion === 1
            ? stableYaml(docs.network.v1)
            : networkV2Yaml(docs.network.v2);
      return { kind: "file", data };
    },
  },
  {
    name: "vmware-seeder",
    writes: "directory",
    suffix: "",
    summary: "directory (relative to /) with the guestinfo seeder for cloud-init before 21.3",
    render: () => vmwareSeederTree(),
    sameForEverySpec: () => vmwareSeederTree(),
  },
];

export function findFormat(name: string): OutputFormat | undefined {
  return OUTPUT_FORMATS.find((f) => f.name === name);
}
