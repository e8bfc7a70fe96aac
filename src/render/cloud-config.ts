/**
 * spec -> cloud-config mapping (before `extraCloudConfig` is merged). Every spec field goes to the
 * cloud-config key named in `src/spec/types.ts`. DNS and network are not here: cloud-init cannot change
 * the network from user-data, so they travel in the network config.
 */
import { BootstrapSpec, EtcHostsPolicy, PhoneHomeSpec, PowerStateSpec } from "../spec/types";
import { addUsers, PasswordHasher } from "./cloud-config-users";
import { renderWriteFile } from "./cloud-config-files";
import { hashPassword } from "./password";
import { atLeast, CloudInitVersion, targetCloudInit } from "../spec/cloud-init-version";
import { deferredFilesInScript, earlyScriptFiles } from "./legacy-parts";
import { guestTimeZone } from "./time-zone";

export type { PasswordHasher } from "./cloud-config-users";

const ETC_HOSTS: Record<EtcHostsPolicy, boolean | string> = {
  [EtcHostsPolicy.Template]: true,
  [EtcHostsPolicy.Localhost]: "localhost",
  [EtcHostsPolicy.Unmanaged]: false,
};

function renderPhoneHome(phoneHome: PhoneHomeSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { url: phoneHome.url };
  if (phoneHome.post !== undefined) {
    out.post = phoneHome.post.length === 1 && phoneHome.post[0] === "all" ? "all" : [...phoneHome.post];
  }
  if (phoneHome.tries !== undefined) out.tries = phoneHome.tries;
  return out;
}

function renderPowerState(powerState: PowerStateSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { mode: powerState.mode };
  // cloud-init 22.4 takes `now` or whole minutes; the `+N` string form is deprecated there.
  if (powerState.delay !== undefined)
    out.delay = powerState.delay === "now" ? "now" : Number(powerState.delay.slice(1));
  if (powerState.message !== undefined) out.message = powerState.message;
  if (powerState.timeout !== undefined) out.timeout = powerState.timeout;
  return out;
}

/**
 * `write_files`: the spec's files (deferred ones only where `defer` exists, 21.4+; before that they are
 * written by a script part, see legacy-parts.ts), then per-boot / per-once scripts for targets whose
 * MIME handlers cannot run them (before 22.1).
 */
function writeFiles(spec: BootstrapSpec, target: CloudInitVersion): Record<string, unknown>[] | undefined {
  const files = (spec.files ?? []).filter((f) => !(f.defer === true && deferredFilesInScript(target)));
  const out = [...files.map(renderWriteFile), ...earlyScriptFiles(spec, target)];
  return out.length > 0 ? out : undefined;
}

/** Copies a list only when it has entries (cloud-init's schema wants at least one). */
function nonEmpty(list: readonly string[] | undefined): string[] | undefined {
  return list && list.length > 0 ? [...list] : undefined;
}

/**
 * The cloud-config mapping the spec describes, without `extraCloudConfig`. Plain passwords are hashed
 * with `hash` (SHA-512 crypt by default).
 */
export function renderSpecCloudConfig(
  spec: BootstrapSpec,
  hash: PasswordHasher = hashPassword,
): Record<string, unknown> {
  const config: Record<string, unknown> = { hostname: spec.hostname };
  const target = targetCloudInit(spec);
  if (spec.domain !== undefined) {
    config.fqdn = `${spec.hostname}.${spec.domain}`;
    // New in 21.2 (cc_set_hostname.py); 20.4 already sets the short `hostname` (util.get_hostname_fqdn).
    if (atLeast(target, "21.2")) config.prefer_fqdn_over_hostname = false;
  }
  addUsers(spec, config, hash);
  const optional: Record<string, unknown> = {
    ssh_pwauth: spec.sshPasswordAuthentication,
    ssh_deletekeys: spec.regenerateSshHostKeys,
    disable_root: spec.disableRootSsh,
    timezone: spec.timezone === undefined ? undefined : guestTimeZone(spec.timezone),
    locale: spec.locale,
    manage_etc_hosts: spec.etcHosts === undefined ? undefined : ETC_HOSTS[spec.etcHosts],
    packages: nonEmpty(spec.packages),
    package_update: spec.packageUpdate,
    package_upgrade: spec.packageUpgrade,
    package_reboot_if_required: spec.packageRebootIfRequired,
    write_files: writeFiles(spec, target),
    bootcmd: nonEmpty(spec.bootcmd),
    runcmd: nonEmpty(spec.runcmd),
    phone_home: spec.phoneHome && renderPhoneHome(spec.phoneHome),
    power_state: spec.powerState && renderPowerState(spec.powerState),
    final_message: spec.finalMessage,
  };
  if (spec.ntp) {
    const ntp: Record<string, unknown> = { enabled: true };
    if (spec.ntp.servers && spec.ntp.servers.length > 0) ntp.servers = [...spec.ntp.servers];
    if (spec.ntp.pools && spec.ntp.pools.length > 0) ntp.pools = [...spec.ntp.pools];
    optional.ntp = ntp;
  }
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) config[key] = value;
  return config;
}
