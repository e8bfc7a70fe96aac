/** Semantic checks of identity, system settings and metadata. */
import { joinPath } from "../core/problems";
import { ianaTimeZoneNames } from "./iana-time-zones";
import {
  entries,
  isDomainName,
  isHostLabel,
  isObject,
  PlainObject,
  PYTHON_LINE_BREAK,
  ProblemList,
  quote,
  str,
} from "./validate-util";

const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const LOCALE = /^(C|POSIX|C\.(UTF-8|utf8)|[a-z]{2,3}(_[A-Z]{2})?(\.[A-Za-z0-9-]+)?(@[a-z]+)?)$/;
const SSH_PUBLIC_KEY =
  /(^|\s)(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+AAAA[A-Za-z0-9+/]+={0,3}(\s|$)/;
/** Nova's limit for metadata keys and values (also a sane one for the others). */
const METADATA_MAX = 255;

export function checkHostname(spec: PlainObject, problems: ProblemList): void {
  const hostname = str(spec.hostname);
  if (hostname !== undefined && !isHostLabel(hostname)) {
    const fix = hostname.includes(".")
      ? `put the DNS domain in \`domain\`: hostname ${quote(hostname.split(".")[0] ?? "")}, domain ${quote(hostname.split(".").slice(1).join("."))}`
      : "use 1-63 letters, digits and inner hyphens (RFC 1123), e.g. `web-01`";
    problems.add("hostname", `${quote(hostname)} is not an RFC 1123 host name label; ${fix}`);
  }
  const domain = str(spec.domain);
  if (domain !== undefined) {
    if (!isDomainName(domain)) {
      problems.add(
        "domain",
        `${quote(domain)} is not a DNS domain of RFC 1123 labels; use e.g. \`example.com\` (no trailing dot)`,
      );
    } else if (hostname !== undefined && `${hostname}.${domain}`.length > 253) {
      problems.add("domain", "hostname.domain is longer than 253 characters; shorten the domain");
    }
  }
}

export function checkInstanceId(spec: PlainObject, problems: ProblemList): void {
  const policy = str(spec.instanceIdPolicy);
  const id = str(spec.instanceId);
  if (policy === "fixed" && id === undefined) {
    problems.add(
      "instanceId",
      "is required when `instanceIdPolicy` is `fixed`; set it, or use `contentHash`",
    );
  }
  if (policy === "contentHash" && id !== undefined) {
    problems.add(
      "instanceId",
      "must not be set when `instanceIdPolicy` is `contentHash`; remove it or set the policy to `fixed`",
    );
  }
  if (id !== undefined && !INSTANCE_ID.test(id)) {
    problems.add(
      "instanceId",
      `${quote(id)} is not a usable instance-id; use 1-128 letters, digits, \`.\`, \`_\`, \`:\` or \`-\``,
    );
  }
}

/**
 * Whether `name` is a zone or link of the IANA database (`UTC`, `Etc/GMT+5`, `Asia/Kolkata`, `US/Pacific`),
 * spelt as tzdata's file under /usr/share/zoneinfo, which cloud-init's `Distro._find_tz_file` requires
 * (cloudinit/distros/__init__.py 25.1.4 376-382): the names of tzdata's `tzdata.zi` (iana-time-zones.ts),
 * case-sensitive, no offsets (`+01:00`).
 */
export function isIanaTimeZone(name: string): boolean {
  return ianaTimeZoneNames().has(name);
}

export function checkSystemSettings(spec: PlainObject, problems: ProblemList): void {
  const timezone = str(spec.timezone);
  if (timezone !== undefined && !isIanaTimeZone(timezone)) {
    problems.add(
      "timezone",
      `${quote(timezone)} is not a time zone of the IANA database (cloud-init links /etc/localtime to ` +
        "/usr/share/zoneinfo/<name>, names are case-sensitive); use e.g. `Europe/Berlin`, `America/New_York` or `UTC`",
    );
  }
  const locale = str(spec.locale);
  if (locale !== undefined && !LOCALE.test(locale)) {
    problems.add("locale", `${quote(locale)} is not a locale name; use e.g. \`en_US.UTF-8\` or \`C.UTF-8\``);
  }
  if (spec.keepDefaultUser === false && !(Array.isArray(spec.users) && spec.users.length > 0)) {
    problems.add(
      "keepDefaultUser",
      "is false but `users` is empty, so the VM would have no login user; add `users` or remove `keepDefaultUser`",
    );
  }
  if (isObject(spec.metadata)) {
    for (const [key, value] of Object.entries(spec.metadata)) {
      if (!/^[A-Za-z0-9_.:-]{1,255}$/.test(key)) {
        problems.add(
          joinPath("metadata", key),
          `key must be 1-${METADATA_MAX} letters, digits, \`_\`, \`.\`, \`:\` or \`-\``,
        );
      }
      if (typeof value === "string" && value.length > METADATA_MAX) {
        problems.add(
          joinPath("metadata", key),
          `value is ${value.length} characters; OpenStack metadata allows at most ${METADATA_MAX}`,
        );
      }
    }
  }
}

/** Checks one SSH public key line (authorized_keys format, options allowed). */
export function checkSshKey(value: unknown, path: string, problems: ProblemList): void {
  if (typeof value !== "string") return;
  if (/PRIVATE KEY/.test(value)) {
    problems.add(path, "is a PRIVATE key; give the public key (the `.pub` file) instead");
  } else if (PYTHON_LINE_BREAK.test(value)) {
    // cloud-init splits key text with Python's str.splitlines (sources/__init__.py normalize_pubkey_data).
    problems.add(
      path,
      "contains a line break (or a character Python splits lines at); give one key per list entry",
    );
  } else if (!SSH_PUBLIC_KEY.test(value)) {
    problems.add(
      path,
      `${quote(value)} is not an SSH public key; use the whole line of the key's \`.pub\` file: \`<type> <base64 key> [comment]\`, e.g. \`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI... user@host\` in full`,
    );
  }
}

export function checkDefaultUserKeys(spec: PlainObject, problems: ProblemList): void {
  for (const [key, path] of entries(spec.defaultUserSshAuthorizedKeys, "defaultUserSshAuthorizedKeys")) {
    checkSshKey(key, path, problems);
  }
}
