/**
 * Merges `extraCloudConfig` into the cloud-config the spec renders. The rule (also in types.ts and
 * docs/spec.md):
 * - a key the spec does not render is added as given;
 * - under a key the spec also renders, lists are appended after the spec's entries;
 * - mappings merge key by key with this same rule;
 * - equal scalars are fine; two different scalars (or a list/mapping/scalar mismatch) are a conflict,
 *   reported with the path `extraCloudConfig.<key>...` and never silently overwritten.
 */
import { joinPath, SpecProblem } from "../core/problems";
import { setOwn } from "../util/own-property";
import { guestTimeZone } from "./time-zone";

/** Which spec field renders each top-level cloud-config key (for the fix in conflict messages). */
const SPEC_FIELD_OF: Record<string, string> = {
  hostname: "hostname",
  fqdn: "domain",
  prefer_fqdn_over_hostname: "domain",
  users: "users",
  ssh_authorized_keys: "defaultUserSshAuthorizedKeys",
  chpasswd: "rootPassword",
  ssh_pwauth: "sshPasswordAuthentication",
  ssh_deletekeys: "regenerateSshHostKeys",
  disable_root: "disableRootSsh",
  timezone: "timezone",
  locale: "locale",
  manage_etc_hosts: "etcHosts",
  ntp: "ntp",
  packages: "packages",
  package_update: "packageUpdate",
  package_upgrade: "packageUpgrade",
  package_reboot_if_required: "packageRebootIfRequired",
  write_files: "files",
  bootcmd: "bootcmd",
  runcmd: "runcmd",
  phone_home: "phoneHome",
  power_state: "powerState",
  final_message: "finalMessage",
};

export interface MergeResult {
  merged: Record<string, unknown>;
  conflicts: SpecProblem[];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (isMapping(value)) return "a mapping";
  return "a scalar";
}

/** The spec renders a legacy zone name as the zone it links to (time-zone.ts): the name itself is no conflict. */
function sameTimeZone(path: string, key: string, rendered: unknown, value: unknown): boolean {
  return (
    path === "extraCloudConfig" &&
    key === "timezone" &&
    typeof value === "string" &&
    guestTimeZone(value) === rendered
  );
}

function mergeInto(
  base: Record<string, unknown>,
  extra: Record<string, unknown>,
  path: string,
  topKey: string | undefined,
  conflicts: SpecProblem[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const here = joinPath(path, key);
    const field = SPEC_FIELD_OF[topKey ?? key];
    const fix = field
      ? `set it through the spec field \`${field}\`, or remove it from extraCloudConfig`
      : "remove it from extraCloudConfig";
    if (!Object.hasOwn(base, key)) {
      // extraCloudConfig's own `timezone` follows the spec's rule (time-zone.ts): never a legacy name.
      const zone = path === "extraCloudConfig" && key === "timezone" && typeof value === "string";
      setOwn(out, key, zone ? guestTimeZone(value) : structuredClone(value));
    } else if (Array.isArray(base[key]) && Array.isArray(value)) {
      out[key] = [...(base[key] as unknown[]), ...structuredClone(value)];
    } else if (isMapping(base[key]) && isMapping(value)) {
      out[key] = mergeInto(base[key] as Record<string, unknown>, value, here, topKey ?? key, conflicts);
    } else if (kind(base[key]) !== kind(value)) {
      conflicts.push({
        path: here,
        message: `is ${kind(value)}, but the spec renders ${kind(base[key])} here; ${fix}`,
      });
    } else if (base[key] !== value && !sameTimeZone(path, key, base[key], value)) {
      conflicts.push({
        path: here,
        message: `${JSON.stringify(value)} conflicts with ${JSON.stringify(base[key])} rendered from the spec; ${fix}`,
      });
    }
  }
  return out;
}

/** Merges `extra` into `rendered` by the rule above; `rendered` is not modified. */
export function mergeExtraCloudConfig(
  rendered: Record<string, unknown>,
  extra: Record<string, unknown> | undefined,
): MergeResult {
  const conflicts: SpecProblem[] = [];
  if (!extra) return { merged: { ...rendered }, conflicts };
  const merged = mergeInto(rendered, extra, "extraCloudConfig", undefined, conflicts);
  return { merged, conflicts };
}
