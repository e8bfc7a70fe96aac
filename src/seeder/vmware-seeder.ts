/**
 * The template-side helper for images whose cloud-init is older than 21.3 (no VMware datasource):
 * a small seeder bakes into the template (with Packer or Ansible) and, on every boot before
 * cloud-init looks for a datasource, copies the guestinfo keys the `guestinfo` transport writes into
 * a NoCloud seed directory. The same VM arguments then serve old and new images.
 *
 * Files, keyed by their path relative to `/`:
 * - the seeder script: reads `guestinfo.metadata`, `guestinfo.userdata`, `guestinfo.vendordata` (and
 *   each `.encoding`: `gzip+base64`/`gz+b64`, `base64`/`b64`, anything else plain) with
 *   `vmware-rpctool "info-get ..."`, and writes `/var/lib/cloud/seed/nocloud-net/{meta-data,user-data,
 *   vendor-data,network-config}` atomically (temporary file, then rename). The metadata's `network`
 *   (a mapping, or a string with `network.encoding`) becomes `network-config`; `public-keys-data`
 *   becomes NoCloud's `public-keys`. Values that are empty or `---` (redacted) leave the file from the
 *   previous boot in place. Keys listed in metadata `redact` are blanked to `---` after reading, as
 *   cloud-init's VMware datasource does. Needs `sh`, `base64`, `gzip` and `python3` (cloud-init's own
 *   interpreter, with PyYAML).
 * - a systemd drop-in running it as `ExecStartPre` of `cloud-init-local.service` (a failing seeder
 *   does not block the boot: the `-` prefix);
 * - `/etc/cloud/cloud.cfg.d/90_bootstrapped_vm_nocloud.cfg` with `datasource_list: [NoCloud, None]`.
 */

/** Where the seeder is installed. */
export const SEEDER_PATH = "usr/local/sbin/bootstrapped-vm-guestinfo-seeder";
/** The systemd drop-in. */
export const SEEDER_DROP_IN_PATH =
  "etc/systemd/system/cloud-init-local.service.d/10-bootstrapped-vm-guestinfo-seeder.conf";
/** The cloud-init configuration that restricts datasources to NoCloud. */
export const SEEDER_DATASOURCE_CFG_PATH = "etc/cloud/cloud.cfg.d/90_bootstrapped_vm_nocloud.cfg";

const SEEDER_SCRIPT = `#!/bin/sh
# bootstrapped-vm guestinfo seeder: copies the VMware guestinfo keys into a NoCloud seed for
# cloud-init older than 21.3. Runs before cloud-init-local.service (systemd drop-in).
set -eu

SEED_DIR="\${BOOTSTRAPPED_VM_SEED_DIR:-/var/lib/cloud/seed/nocloud-net}"
RPCTOOL="\${BOOTSTRAPPED_VM_RPCTOOL:-vmware-rpctool}"

# Prints guestinfo.<key>; prints nothing when the key is not set.
info_get() {
  "$RPCTOOL" "info-get guestinfo.$1" 2>/dev/null || true
}

# Decodes stdin as guestinfo encoding $1 (cloud-init's names and aliases).
decode() {
  case "$1" in
    gzip+base64 | gz+b64) base64 -d | gzip -dc ;;
    base64 | b64) base64 -d ;;
    *) cat ;;
  esac
}

# Writes stdin to directory $1, file $2, atomically (temporary file, then rename).
install_file() {
  tmp="$1/.$2.$$"
  cat >"$tmp"
  chmod 0600 "$tmp"
  mv -f "$tmp" "$1/$2"
}

# Decodes guestinfo.<key $1> into directory $2, file $3; returns 1 when the key is absent, empty
# or redacted (the file from the previous boot then stays).
fetch() {
  value="$(info_get "$1")"
  if [ -z "$value" ] || [ "$value" = "---" ]; then
    return 1
  fi
  printf '%s' "$value" | decode "$(info_get "$1.encoding")" | install_file "$2" "$3"
}

mkdir -p "$SEED_DIR"
chmod 0700 "$SEED_DIR"
# The work directory is on /run, not /tmp: this runs before sysinit.target, while
# systemd-tmpfiles-setup.service may be emptying /tmp (tmpfiles.d/tmp.conf "D /tmp", --remove).
work="$(mktemp -d "\${BOOTSTRAPPED_VM_RUN_DIR:-/run}/bootstrapped-vm-seeder.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if fetch metadata "$work" metadata; then
  # metadata is JSON or YAML: split out the network config and translate the keys for NoCloud.
  python3 - "$work" <<'PY'
import base64, gzip, json, os, sys
import yaml

work = sys.argv[1]
with open(os.path.join(work, "metadata"), "rb") as f:
    md = yaml.safe_load(f.read()) or {}

def decode(value, encoding):
    if encoding in ("gzip+base64", "gz+b64"):
        return gzip.decompress(base64.b64decode(value))
    if encoding in ("base64", "b64"):
        return base64.b64decode(value)
    return value.encode("utf-8")

network = md.pop("network", None)
encoding = md.pop("network.encoding", None)
if isinstance(network, dict):
    network_text = yaml.safe_dump(network, default_flow_style=False, sort_keys=True).encode("utf-8")
elif isinstance(network, str) and network not in ("", "---"):
    network_text = decode(network, encoding)
else:
    network_text = None
if network_text is not None:
    with open(os.path.join(work, "network-config"), "wb") as f:
        f.write(network_text)

keys = md.pop("public-keys-data", None)
if keys:
    md["public-keys"] = [k for k in str(keys).splitlines() if k.strip()]
redact = md.pop("redact", None) or []
md.pop("wait-on-network", None)
with open(os.path.join(work, "meta-data"), "w") as f:
    f.write(yaml.safe_dump(md, default_flow_style=False, sort_keys=True))
with open(os.path.join(work, "redact"), "w") as f:
    f.write("\\n".join(str(k) for k in redact))
PY
  install_file "$SEED_DIR" meta-data <"$work/meta-data"
  if [ -f "$work/network-config" ]; then
    install_file "$SEED_DIR" network-config <"$work/network-config"
  fi
fi

fetch userdata "$SEED_DIR" user-data || true
fetch vendordata "$SEED_DIR" vendor-data || true

# Blank what metadata asks to redact, as cloud-init's VMware datasource does after reading.
if [ -f "$work/redact" ]; then
  for key in $(cat "$work/redact"); do
    case "$key" in
      userdata | vendordata) "$RPCTOOL" "info-set guestinfo.$key ---" >/dev/null 2>&1 || true ;;
    esac
  done
fi
`;

const SEEDER_DROP_IN = `# bootstrapped-vm: write the NoCloud seed from VMware guestinfo before cloud-init looks for it.
[Service]
ExecStartPre=-/${SEEDER_PATH}
`;

const SEEDER_DATASOURCE_CFG = `# bootstrapped-vm: read the NoCloud seed the guestinfo seeder writes.
datasource_list: [NoCloud, None]
`;

/**
 * The files to bake into a template for cloud-init < 21.3, by path relative to `/`. The script is
 * meant to be installed with mode 0755, the other files with 0644.
 */
export function renderVmwareSeederFiles(): Map<string, string> {
  return new Map([
    [SEEDER_DATASOURCE_CFG_PATH, SEEDER_DATASOURCE_CFG],
    [SEEDER_DROP_IN_PATH, SEEDER_DROP_IN],
    [SEEDER_PATH, SEEDER_SCRIPT],
  ]);
}
