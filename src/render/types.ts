/**
 * The contract between the spec, the pure renderers and the transports.
 * Renderers are pure functions: same input, same bytes; no resources, no I/O, no clock, no randomness.
 */

/** Options a platform passes to the renderers. */
export interface RenderOptions {
  /**
   * MAC addresses the platform assigned, by interface index (vSphere static MACs, ...). They fill in
   * interfaces the spec matches by position (neither `name` nor `macAddress`); a MAC in the spec wins.
   */
  assignedMacAddresses?: readonly (string | undefined)[];
}

/** Network config v1 document (`{version: 1, config: [...]}`) as plain data. */
export interface NetworkConfigV1 {
  version: 1;
  config: Record<string, unknown>[];
}

/** Network config v2 document (`{version: 2, ethernets: {...}, bonds?, vlans?, bridges?}`) as plain data. */
export interface NetworkConfigV2 {
  version: 2;
  ethernets: Record<string, Record<string, unknown>>;
  bonds?: Record<string, Record<string, unknown>>;
  vlans?: Record<string, Record<string, unknown>>;
  bridges?: Record<string, Record<string, unknown>>;
}

/**
 * Everything `renderAll` produces from one validated spec. Text fields are the exact documents a
 * guest receives (before any transport encoding such as gzip or base64).
 */
export interface RenderedDocuments {
  /** `iid-<first 20 hex of contentHash>` under the contentHash policy, or the fixed id. */
  instanceId: string;
  /** Hex SHA-256 over the rendered documents, excluding the instance-id itself. */
  contentHash: string;
  /** Short host name. */
  hostname: string;
  /** `hostname.domain` when a domain is set. */
  fqdn?: string;
  /** The cloud-config mapping after merging `extraCloudConfig` (passwords already hashed). */
  cloudConfig: Record<string, unknown>;
  /** user-data text: `#cloud-config` YAML, or MIME multipart/mixed when there is more than one part. */
  userData: string;
  /** NoCloud meta-data YAML (`instance-id`, `local-hostname`, ...). */
  metaData: string;
  /** Network config (v1 and v2 forms of the same configuration), absent when the spec has no network. */
  network?: { v1: NetworkConfigV1; v2: NetworkConfigV2 };
  /** vendor-data text (`#cloud-config` ...), absent when the spec has none. */
  vendorData?: string;
  /** SSH public keys of the default user (also in cloud-config) for transports' public-keys fields. */
  publicKeys: string[];
  /** gzip user-data where the transport allows it (from the spec's `userDataCompression`). */
  compressUserData: boolean;
  /** Extra string metadata from the spec. */
  metadata: Record<string, string>;
  /** True when any document is derived from a password, password hash or private key. */
  containsSecrets: boolean;
}
