/**
 * The cloud-init version the rendered documents target (`spec.cloudInit.minVersion`): the oldest
 * cloud-init the images run. Renderers emit the forms that version understands and that stay correct on
 * every later one; where a later release deprecated the form the target still needs, a guest on that later
 * release logs a deprecation (docs/cloud-init-versions.md lists each such rule and its source).
 *
 * Default 22.4 (Debian 12's 22.4.2): the oldest release that has every form we render without an
 * older-only fallback — `chpasswd.users` (22.3), `write_files.defer` (21.4), per-frequency script parts
 * (22.1), the VMware datasource (21.3) — so the default output needs no form a current release deprecates
 * except the IPv6 default route (see network-v2.ts). Images with older cloud-init (Debian 11's 20.4.1) say
 * `minVersion: "20.4"`; images with 23.1 or newer say so to drop the last deprecated form.
 */
import type { BootstrapSpec } from "./types";
import { memoizeByText } from "../util/memo";

/** A cloud-init release as `[major, minor]` (`22.4.2` -> `[22, 4]`; patch releases never change forms). */
export type CloudInitVersion = readonly [number, number];

export const DEFAULT_CLOUD_INIT_VERSION = "22.4";
/** `DEFAULT_CLOUD_INIT_VERSION`, parsed. */
export const DEFAULT_TARGET: CloudInitVersion = [22, 4];
/** The oldest release the renderers know the forms of (Debian 11's). */
export const OLDEST_SUPPORTED_CLOUD_INIT = "20.4";
/** `YY.N` or `YY.N.P`, as cloud-init numbers its releases. */
export const CLOUD_INIT_VERSION_PATTERN = /^(\d{2})\.(\d{1,2})(?:\.(\d{1,2}))?$/;

/** How many version texts `parseCloudInitVersion` remembers. */
const PARSED_VERSIONS_LIMIT = 256;

/**
 * Parses `YY.N[.P]`; undefined for anything else. Remembered by text: a render asks for the target and for
 * the releases it compares it with (`atLeast`) many times, always the same few texts (issue #18: the parse
 * was ~8 µs per spec in a profile of bench render). The tuples are frozen, so sharing them is safe.
 */
export const parseCloudInitVersion: (text: string) => CloudInitVersion | undefined = memoizeByText(
  PARSED_VERSIONS_LIMIT,
  (text) => {
    const m = CLOUD_INIT_VERSION_PATTERN.exec(text);
    return m === null ? undefined : Object.freeze([Number(m[1]), Number(m[2])] as const);
  },
);

/** True when `version` is `since` or later. */
export function atLeast(version: CloudInitVersion, since: string): boolean {
  const s = parseCloudInitVersion(since);
  if (s === undefined) throw new Error(`${since} is not a cloud-init version`);
  return version[0] !== s[0] ? version[0] > s[0] : version[1] >= s[1];
}

/** The spec's target cloud-init version (the default when the spec names none). */
export function targetCloudInit(spec: Pick<BootstrapSpec, "cloudInit">): CloudInitVersion {
  const text = spec.cloudInit?.minVersion ?? DEFAULT_CLOUD_INIT_VERSION;
  const parsed = parseCloudInitVersion(text);
  if (parsed === undefined) throw new Error(`cloudInit.minVersion: ${JSON.stringify(text)} is not YY.N`);
  return parsed;
}

/**
 * The spec's target as a message says it, `minVersion` being its `cloudInit.minVersion`:
 * `cloudInit.minVersion is "20.4"`, or the default it gets without one. The spec's own text, quoted as every
 * value a message quotes: the component redacts a secret one in its quoted form whatever its length
 * (src/core/errors.ts, redactSecretTexts), bare text only from 6 characters on, so a bare `20.4` (or the
 * `20.4` of a secret `20.4.1`) would be printed.
 */
export function targetWords(minVersion: string | undefined): string {
  return minVersion === undefined
    ? `the spec targets cloud-init ${DEFAULT_CLOUD_INIT_VERSION} (the default without cloudInit.minVersion)`
    : `cloudInit.minVersion is ${JSON.stringify(minVersion)}`;
}

/**
 * The first cloud-init release with a VMware datasource, the one that reads the guestinfo keys
 * (`cloudinit/sources/DataSourceVMware.py` first appears in tag 21.3; 20.4.1 has none). An older guest reads
 * them only through the bootstrapped-vm seeder baked into its template (src/seeder), as a NoCloud seed.
 */
export const GUESTINFO_SINCE = "21.3";

/**
 * The first cloud-init release whose OVF datasource applies the `network-config` property. 20.4.1's
 * `read_ovf_environment` reads no network at all (DataSourceOVF.py, 20.4.1 436-454). 21.3 added it
 * (canonical/cloud-init f0ab1e648, #947) for the transport it calls `com.vmware.guestinfo`, but names that
 * transport `com.vmware.guestInfo` in the list it tries, so `read_network` is never true and 21.3 ignores
 * the property from either transport (DataSourceOVF.py, 21.3 353-362). 21.4 reads it from both
 * (a0a68a24c, #1066: `read_ovf_environment(contents, True)`); 22.4.2 and 25.1.4 do the same.
 */
export const VAPP_NETWORK_SINCE = "21.4";

/**
 * The first release whose network config v1 schema allows `accept-ra` on a `physical` entry (canonical/cloud-init
 * cacf452bd, #5060, tag 24.2). 24.1 validates v1 at boot (`validate_cloudconfig_schema` in `apply_network_config`,
 * stages.py 24.1:1036-1042) against a `physical` schema without it (`additionalProperties: false`) and logs the
 * whole config as invalid; 23.3 and 23.4 have the schema but do not validate at boot, earlier releases no schema.
 */
export const V1_PHYSICAL_ACCEPT_RA_SINCE = "24.2";

/**
 * The first release whose network config v1 schema allows `accept-ra` on `bond`, `bridge` and `vlan` entries
 * (canonical/cloud-init 7b400e43b, #6545, tag 26.1; 25.1.4's schema refuses it: test:generations).
 */
export const V1_DEVICE_ACCEPT_RA_SINCE = "26.1";
