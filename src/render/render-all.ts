/**
 * spec -> every cloud-init document, in one pure call: validate, render cloud-config (with
 * `extraCloudConfig` merged), user-data, vendor-data, network config, then the content hash and the
 * instance-id, then meta-data (the only document that holds the instance-id).
 */
import { assertValidSpec } from "./validate-spec";
import { SpecValidationError } from "../core/problems";
import { BootstrapSpec, Compression, InstanceIdPolicy } from "../spec/types";
import { sha256Hex } from "../util/hash";
import { presortedJson, sortKeysDeep } from "../util/serialize";
import { renderSpecCloudConfig } from "./cloud-config";
import { mergeExtraCloudConfig } from "./merge";
import { renderMetaData } from "./meta-data";
import { renderNetworkConfigs } from "./network";
import { deliveredNetworkConfig } from "./network-delivery";
import { specContainsSecrets } from "./secrets";
import { RenderedDocuments, RenderOptions } from "./types";
import { renderUserData, renderVendorData } from "./user-data";

/** Version of the hashed serialization; bump it only when the hash input's shape changes. */
const CONTENT_HASH_FORMAT = "bootstrapped-vm/content-hash/2";

/**
 * The spec's fixed instance-id (`instanceIdPolicy: fixed`, or `instanceId` given alone); undefined when the
 * instance-id is derived from the content hash (`iid-` and its first 20 hex digits).
 */
export function fixedInstanceId(spec: BootstrapSpec): string | undefined {
  if (spec.instanceIdPolicy === InstanceIdPolicy.ContentHash) return undefined;
  return spec.instanceId;
}

/**
 * Renders all documents for `spec`. Throws `SpecValidationError` listing every problem when the spec is
 * invalid. Same spec and options, same bytes.
 */
export function renderAll(spec: BootstrapSpec, opts: RenderOptions = {}): RenderedDocuments {
  assertValidSpec(spec);
  return renderValidSpec(spec, opts);
}

/**
 * `renderAll` for a spec that `validateSpec` has already accepted (no problems): the same documents,
 * without validating the spec a second time. Validate first; an unchecked spec may fail anywhere.
 */
export function renderValidSpec(spec: BootstrapSpec, opts: RenderOptions = {}): RenderedDocuments {
  const { merged, conflicts } = mergeExtraCloudConfig(renderSpecCloudConfig(spec), spec.extraCloudConfig);
  if (conflicts.length > 0) throw new SpecValidationError(conflicts);
  const userData = renderUserData(spec, merged);
  const vendorData = renderVendorData(spec);
  const network = renderNetworkConfigs(spec, opts);
  const fqdn = spec.domain === undefined ? undefined : `${spec.hostname}.${spec.domain}`;
  const publicKeys = [...(spec.defaultUserSshAuthorizedKeys ?? [])];
  const metadata = { ...(spec.metadata ?? {}) };
  const compressUserData = spec.userDataCompression === Compression.Gzip;
  // Everything a guest receives except the instance-id itself. The network config as the delivered YAML
  // (v2, or v1 where cloud-init would bind a v2 route wrongly: network-delivery.ts) that NoCloud's
  // network-config and the review record carry; network_data.json is another form of the same configuration.
  // Built in sorted key order, only the spec's metadata sorted (`presortedJson`: stableJson's bytes).
  const contentHash = sha256Hex(
    presortedJson({
      compressUserData,
      format: CONTENT_HASH_FORMAT,
      fqdn: fqdn ?? null,
      hostname: spec.hostname,
      metadata: sortKeysDeep(metadata),
      network: network === undefined ? null : deliveredNetworkConfig(network).yaml,
      publicKeys,
      userData,
      vendorData: vendorData ?? null,
    }),
  );
  const instanceId = fixedInstanceId(spec) ?? `iid-${contentHash.slice(0, 20)}`;
  const documents: RenderedDocuments = {
    instanceId,
    contentHash,
    hostname: spec.hostname,
    cloudConfig: merged,
    userData,
    metaData: renderMetaData({ instanceId, hostname: spec.hostname, publicKeys, metadata }),
    publicKeys,
    compressUserData,
    metadata,
    containsSecrets: specContainsSecrets(spec, [userData, vendorData]),
  };
  if (fqdn !== undefined) documents.fqdn = fqdn;
  if (network !== undefined) documents.network = network;
  if (vendorData !== undefined) documents.vendorData = vendorData;
  return documents;
}
