/**
 * The key names users carry over from cloud-config, netplan or network config v1 and type into a spec,
 * mapped to the spec's own field for "did you mean" (an unknown `write_files` suggests `files`).
 * A name can mean different fields in different places (`ssh_authorized_keys` is
 * `defaultUserSshAuthorizedKeys` at the top and `sshAuthorizedKeys` in a user): the candidates are
 * tried in order and the first one that is a known key where the name was written wins.
 * Sources of the cloud-config names: cloud-init 22.4 `cloudinit/config/schemas/schema-cloud-config-v1.json`
 * (`cc_users_groups`, `cc_write_files`, `cc_set_passwords`, `cc_ssh`, `cc_package_update_upgrade_install`,
 * `cc_phone_home`, `cc_power_state_change`, `cc_final_message`, `cc_update_etc_hosts`); network names:
 * cloud-init `doc/rtd/reference/network-config-format-v2.rst` and `-v1.rst`.
 */
const CLOUD_INIT_NAMES: Readonly<Record<string, readonly string[]>> = {
  // cloud-config, top level
  write_files: ["files"],
  ssh_authorized_keys: ["defaultUserSshAuthorizedKeys", "sshAuthorizedKeys"],
  ssh_pwauth: ["sshPasswordAuthentication"],
  ssh_deletekeys: ["regenerateSshHostKeys"],
  disable_root: ["disableRootSsh"],
  package_update: ["packageUpdate"],
  package_upgrade: ["packageUpgrade"],
  package_reboot_if_required: ["packageRebootIfRequired"],
  manage_etc_hosts: ["etcHosts"],
  manage_resolv_conf: ["dns"],
  resolv_conf: ["dns"],
  fqdn: ["hostname"],
  "local-hostname": ["hostname"],
  "instance-id": ["instanceId"],
  phone_home: ["phoneHome"],
  power_state: ["powerState"],
  final_message: ["finalMessage"],
  user: ["users"],
  vendor_data: ["vendorCloudConfig"],
  // cloud-config, one entry of `users`
  lock_passwd: ["lockPassword"],
  hashed_passwd: ["passwordHash"],
  passwd: ["passwordHash"],
  plain_text_passwd: ["password"],
  primary_group: ["primaryGroup"],
  homedir: ["homeDir"],
  // network config v2 / v1, one interface, one route, dns
  macaddress: ["macAddress"],
  mac_address: ["macAddress"],
  mac: ["macAddress"],
  "set-name": ["name"],
  search: ["searchDomains"],
  dns_search: ["searchDomains"],
  dns_nameservers: ["nameservers"],
  gateway: ["via"],
  destination: ["to"],
  network: ["to"],
  // network config v1, one VLAN
  vlan_id: ["id"],
  vlan_link: ["link"],
  // netplan / network config v2: how a NIC is matched, and the section of the NICs
  match: ["macAddress"],
  ethernets: ["interfaces"],
  parameters: ["mode"],
};

/** How a name maps where the plain "cloud-init's `k` is `f` in a spec" would say less than the truth. */
const CLOUD_INIT_NOTES: Readonly<Record<string, string>> = {
  match:
    "netplan's `match: {macaddress: ...}` is `macAddress: ...` on the interface, `match: {name: ...}` is `name: ...`",
  parameters:
    "netplan's bond `parameters: {mode, mii-monitor-interval, lacp-rate, transmit-hash-policy, primary}` are " +
    "the bond's own `mode`, `miimon`, `lacpRate`, `transmitHashPolicy` and `primary` in a spec",
  ethernets:
    "netplan's `ethernets` mapping is the list `interfaces` in a spec: one entry per NIC, in NIC order, each " +
    "with its `macAddress` or `name`",
};

/** The note after "did you mean `field`?" for the cloud-init (or netplan) name `key`. */
export function cloudInitNameNote(key: string, field: string): string {
  return Object.hasOwn(CLOUD_INIT_NOTES, key)
    ? (CLOUD_INIT_NOTES[key] as string)
    : `cloud-init's \`${key}\` is \`${field}\` in a spec`;
}

/** cloud-init's spellings of enum values, as the spec writes them (`write_files` encodings). */
const CLOUD_INIT_VALUES: Readonly<Record<string, string>> = {
  b64: "base64",
  "gz+b64": "gzip+base64",
  "gz+base64": "gzip+base64",
  "gzip+b64": "gzip+base64",
};

/** The allowed value a cloud-init spelling of an enum value stands for, if any. */
export function specValueForCloudInitValue(value: string, allowed: readonly string[]): string | undefined {
  const mapped = Object.prototype.hasOwnProperty.call(CLOUD_INIT_VALUES, value)
    ? CLOUD_INIT_VALUES[value]
    : undefined;
  return mapped !== undefined && allowed.includes(mapped) ? mapped : undefined;
}

/**
 * How to write a value the spec's type refuses, for the ways cloud-config users write it; "" when there is
 * nothing to add. `path` is the spec path of the value.
 */
export function typeHint(path: string, value: unknown): string {
  if (/(^|\.)permissions$/.test(path) && typeof value === "number")
    return `; quote it: YAML reads 0644 as the number 644, so write "0${String(value).replace(/^0+/, "")}"`;
  if (/^users\[\d+\]$/.test(path) && value === "default")
    return "; the distribution's default user is kept unless `keepDefaultUser: false`: list only the users to add";
  if (/^users\[\d+\]\.groups$/.test(path) && typeof value === "string")
    return `; write a list, e.g. [${value
      .split(/\s*,\s*/)
      .filter((g) => g !== "")
      .join(", ")}]`;
  if (/^users\[\d+\]\.sudo$/.test(path) && (value === null || value === false))
    return `; leave \`sudo\` out for no sudo rules (cloud-init's \`sudo: ${String(value)}\`)`;
  if (
    /^network\.(interfaces|bonds|vlans|bridges)\[\d+\]\.nameservers$/.test(path) &&
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value)
  )
    return "; netplan's `nameservers: {addresses: [...], search: [...]}` is `nameservers: [...]` and `searchDomains: [...]` in a spec";
  if (path === "etcHosts" && typeof value === "boolean")
    return value
      ? '; cloud-init\'s `manage_etc_hosts: true` is `etcHosts: "template"` in a spec'
      : "; leave `etcHosts` out to keep /etc/hosts as the image has it";
  return "";
}

/** The spec field a cloud-init (or netplan) key name stands for where it was written, if any. */
export function specFieldForCloudInitName(key: string, known: readonly string[]): string | undefined {
  const candidates = Object.hasOwn(CLOUD_INIT_NAMES, key) ? CLOUD_INIT_NAMES[key] : undefined;
  return candidates?.find((c) => known.includes(c));
}
