/**
 * The whole OpenStack config-drive v2 tree (volume label `config-2`) as path -> bytes, laid out as Nova
 * writes it (`nova/api/metadata/base.py: metadata_for_config_drive`):
 *
 * - `openstack/<version>/` for every Nova metadata version and `latest`: `meta_data.json`, `user_data`
 *   (when there is user-data), `vendor_data.json` (from 2013-10-17), `network_data.json` (from 2015-10-15),
 *   `vendor_data2.json` (from 2016-10-06). cloud-init reads the newest version it knows (2018-08-27 in 22.4),
 *   so every version holds the same documents;
 * - `openstack/content/0000`: the legacy ENI network file, referenced from `meta_data.json` as
 *   `network_config`, when `legacyNetworkFile` is on;
 * - `ec2/<version>/meta-data.json` (and `user-data`) for Nova's EC2 versions and `latest`.
 *
 * Without a network in the spec no `network_data.json` is written, so cloud-init falls back to DHCP on
 * the first NIC (an empty `network_data.json` would leave the guest with no network at all).
 * Paths have no leading slash. Bytes are deterministic: no `random_seed`, sorted JSON keys.
 */
import type { BootstrapSpec } from "../spec/types";
import { presortedJson, sortKeysDeep } from "../util/serialize";
import { renderEni } from "./eni";
import { encodeUserData } from "./mime";
import { resolveInterfaces } from "./network";
import { staticAddresses } from "./network-common";
import { renderNetworkDataJson } from "./network-data-json";
import { resolveNetworkDevices } from "./network-devices";
import { SpecValidationError } from "../core/problems";
import { configDriveNetworkProblems, type ConfigDriveNetworkOptions } from "./config-drive-network";
import type { RenderedDocuments, RenderOptions } from "./types";

/** Nova's OpenStack metadata versions (`OPENSTACK_VERSIONS`), oldest first. */
export const OPENSTACK_METADATA_VERSIONS = [
  "2012-08-10",
  "2013-04-04",
  "2013-10-17",
  "2015-10-15",
  "2016-06-30",
  "2016-10-06",
  "2017-02-22",
  "2018-08-27",
  "2020-10-14",
  "2025-04-04",
] as const;

/** Nova's EC2 metadata versions (`VERSIONS`), oldest first. */
export const EC2_METADATA_VERSIONS = [
  "1.0",
  "2007-01-19",
  "2007-03-01",
  "2007-08-29",
  "2007-10-10",
  "2007-12-15",
  "2008-02-01",
  "2008-09-01",
  "2009-04-04",
] as const;

/** Where Nova puts the first content item, and how `meta_data.json` points at it. */
export const LEGACY_NETWORK_CONTENT_PATH = "/content/0000";

export interface ConfigDriveOptions extends RenderOptions, ConfigDriveNetworkOptions {
  /** `availability_zone` in `meta_data.json`. Default `nova` (Nova's default zone). */
  availabilityZone?: string;
}

/** True when `version` is `latest` or not older than `since` (ISO dates compare as strings). */
function since(version: string, first: string): boolean {
  return version === "latest" || version >= first;
}

/**
 * A JSON file's bytes. Every document of the tree is built in sorted key order (`presortedJson`: the bytes
 * of `stableJson` without a sorted copy; test/render/presorted-json.test.ts checks every file).
 */
function sortedJson(value: unknown): Buffer {
  return Buffer.from(presortedJson(value), "utf8");
}

/** The keys' names in `public_keys` / `keys`: `key-0`, `key-1`, ... in spec order. */
function keyName(index: number): string {
  return `key-${index}`;
}

/**
 * `meta_data.json`, every mapping built in sorted key order (it is written with `presortedJson`;
 * test/render/presorted-json.test.ts compares it with `stableJson`); `meta` holds the spec's metadata
 * keys, and `public_keys` names past `key-9` (`key-10` sorts before `key-2`): both sorted here.
 */
function metaDataJson(
  docs: RenderedDocuments,
  opts: ConfigDriveOptions,
  legacy: boolean,
): Record<string, unknown> {
  const withKeys = docs.publicKeys.length > 0;
  const md: Record<string, unknown> = {
    availability_zone: opts.availabilityZone ?? "nova",
    hostname: docs.fqdn ?? docs.hostname,
  };
  if (withKeys) md.keys = docs.publicKeys.map((key, i) => ({ data: key, name: keyName(i), type: "ssh" }));
  md.launch_index = 0;
  md.meta = sortKeysDeep({ ...docs.metadata, "bootstrapped-vm-content-hash": docs.contentHash });
  md.name = docs.hostname;
  if (legacy) md.network_config = { content_path: LEGACY_NETWORK_CONTENT_PATH, name: "network_config" };
  if (withKeys)
    md.public_keys = sortKeysDeep(Object.fromEntries(docs.publicKeys.map((key, i) => [keyName(i), key])));
  md.uuid = docs.instanceId;
  return md;
}

/** The versions from which `ec2MetaData` adds keys. */
const EC2_VARIANT_SINCE = ["2007-01-19", "2008-02-01", "2008-09-01"] as const;

/**
 * One EC2 `meta-data.json`, built in sorted key order (written with `presortedJson`; the `public-keys`
 * names are integers, which enumerate in numeric order in any object).
 */
function ec2MetaData(
  docs: RenderedDocuments,
  version: string,
  availabilityZone: string,
  localIpv4: string | undefined,
): Record<string, unknown> {
  const hostname = docs.fqdn ?? docs.hostname;
  const named = since(version, "2007-01-19");
  const md: Record<string, unknown> = { "ami-launch-index": 0, hostname };
  if (since(version, "2008-09-01")) md["instance-action"] = "none";
  md["instance-id"] = docs.instanceId;
  if (named) md["local-hostname"] = hostname;
  if (localIpv4 !== undefined) md["local-ipv4"] = localIpv4;
  if (since(version, "2008-02-01")) md.placement = { "availability-zone": availabilityZone };
  if (named) md["public-hostname"] = hostname;
  if (docs.publicKeys.length > 0) {
    md["public-keys"] = Object.fromEntries(
      docs.publicKeys.map((key, i) => [String(i), { "openssh-key": key }]),
    );
  }
  return md;
}

/** Every version directory's file paths and which documents it holds, made once. */
const OPENSTACK_DIRS = [...OPENSTACK_METADATA_VERSIONS, "latest"].map((version) => {
  const dir = `openstack/${version}`;
  return {
    metaData: `${dir}/meta_data.json`,
    userData: `${dir}/user_data`,
    vendorData: since(version, "2013-10-17") ? `${dir}/vendor_data.json` : undefined,
    networkData: since(version, "2015-10-15") ? `${dir}/network_data.json` : undefined,
    vendorData2: since(version, "2016-10-06") ? `${dir}/vendor_data2.json` : undefined,
  };
});

/** The EC2 versions with their file paths and the variant (see `ec2MetaData`) each one gets, made once. */
const EC2_DIRS = [...EC2_METADATA_VERSIONS, "latest"].map((version) => ({
  version,
  variant: EC2_VARIANT_SINCE.map((first) => since(version, first)).join(),
  metaData: `ec2/${version}/meta-data.json`,
  userData: `ec2/${version}/user-data`,
}));

/**
 * Renders the config-drive v2 tree for a validated spec and its rendered documents. `docs.network` must
 * come from the same spec and `assignedMacAddresses`.
 */
export function renderConfigDriveTree(
  spec: BootstrapSpec,
  docs: RenderedDocuments,
  opts: ConfigDriveOptions = {},
): Map<string, Buffer> {
  const tree = new Map<string, Buffer>();
  const interfaces = spec.network === undefined ? undefined : resolveInterfaces(spec, opts);
  const legacy = opts.legacyNetworkFile === true && interfaces !== undefined;
  const refused = configDriveNetworkProblems(spec, opts);
  if (refused.spec.length > 0)
    throw new SpecValidationError(refused.spec, "bootstrap spec for a config drive");
  const [option] = refused.options;
  if (option !== undefined) throw new Error(`${option.path}: ${option.message}`);
  const networkData =
    interfaces !== undefined && opts.networkDataJson !== false
      ? sortedJson(renderNetworkDataJson(interfaces, spec.dns, resolveNetworkDevices(spec.network)))
      : undefined;
  const userData = encodeUserData(docs);
  // Every version directory holds the same bytes: serialize each document once. All three are built in
  // sorted key order (one key each for the vendor data), so none needs a sorted copy.
  const vendorData = docs.vendorData === undefined ? {} : { "cloud-init": docs.vendorData };
  const metaData = sortedJson(metaDataJson(docs, opts, legacy));
  const vendorDataJson = sortedJson(vendorData);
  const vendorData2Json = sortedJson({ static: vendorData });

  for (const dir of OPENSTACK_DIRS) {
    tree.set(dir.metaData, metaData);
    tree.set(dir.userData, userData);
    if (dir.vendorData !== undefined) tree.set(dir.vendorData, vendorDataJson);
    if (dir.networkData !== undefined && networkData !== undefined) tree.set(dir.networkData, networkData);
    if (dir.vendorData2 !== undefined) tree.set(dir.vendorData2, vendorData2Json);
  }
  if (legacy && interfaces !== undefined) {
    tree.set(`openstack${LEGACY_NETWORK_CONTENT_PATH}`, Buffer.from(renderEni(interfaces, spec.dns), "utf8"));
  }

  const availabilityZone = opts.availabilityZone ?? "nova";
  const localIpv4 = (interfaces ?? []).flatMap(staticAddresses).find((a) => a.family === "ipv4")?.address;
  // The EC2 documents differ only at the versions `ec2MetaData` tests: one serialization per variant.
  const ec2Variants = new Map<string, Buffer>();
  for (const dir of EC2_DIRS) {
    let bytes = ec2Variants.get(dir.variant);
    if (bytes === undefined) {
      bytes = sortedJson(ec2MetaData(docs, dir.version, availabilityZone, localIpv4));
      ec2Variants.set(dir.variant, bytes);
    }
    tree.set(dir.metaData, bytes);
    tree.set(dir.userData, userData);
  }
  return tree;
}
