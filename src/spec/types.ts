import type { NetworkSpec } from "./network-types";

export * from "./network-types";

/**
 * The platform-neutral description of how a VM must come up on its first boot.
 *
 * Plain data: the same object can be written in TypeScript, YAML or JSON. It is also the
 * `bootstrap` argument of the `BootstrappedVm` component, so it keeps to what `pulumi package add`
 * can infer a schema from: interfaces, arrays, string maps and string enums; no union types.
 * Where two forms of a value exist (a plain password and a ready hash) they are two fields and
 * validation checks that at most one is set.
 *
 * Field names are camelCase; the cloud-init key each one becomes is named in its comment.
 */
export interface BootstrapSpec {
  // ---------------------------------------------------------------- identity
  /** Short host name, one RFC 1123 label (`web-01`). cloud-config `hostname`, meta-data `local-hostname`. */
  hostname: string;
  /** DNS domain; with it the FQDN is `hostname.domain` (cloud-config `fqdn`, `prefer_fqdn_over_hostname: false`). */
  domain?: string;
  /**
   * How the instance-id is chosen. `contentHash` (default): `iid-<hash of the rendered documents>`, so a
   * changed spec makes cloud-init treat the next boot as a first boot. `fixed`: `instanceId` is used as is.
   */
  instanceIdPolicy?: InstanceIdPolicy;
  /** The instance-id when `instanceIdPolicy` is `fixed` (setting it alone implies `fixed`). */
  instanceId?: string;

  // ---------------------------------------------------------------- accounts and SSH
  /** Users to create (cloud-config `users`). The distribution's default user is kept unless `keepDefaultUser` is false. */
  users?: UserSpec[];
  /** Keep the image's default user (`users: [default, ...]`). Default true. */
  keepDefaultUser?: boolean;
  /** SSH public keys for the image's default user (cloud-config `ssh_authorized_keys`). */
  defaultUserSshAuthorizedKeys?: string[];
  /** Root password in plain text; hashed to SHA-512 crypt before it leaves the library. */
  rootPassword?: string;
  /** Root password as a ready crypt hash (`$6$...`), passed through. */
  rootPasswordHash?: string;
  /** Allow SSH password authentication (cloud-config `ssh_pwauth`). Unset leaves the image's setting. */
  sshPasswordAuthentication?: boolean;
  /** Delete the image's SSH host keys so fresh ones are generated (cloud-config `ssh_deletekeys`). Default true (cloud-init's default). */
  regenerateSshHostKeys?: boolean;
  /** Disable root login over SSH (cloud-config `disable_root`). Unset leaves cloud-init's default. */
  disableRootSsh?: boolean;

  // ---------------------------------------------------------------- system settings
  /** IANA time zone, e.g. `Europe/Berlin` (cloud-config `timezone`). */
  timezone?: string;
  /** Locale, e.g. `en_US.UTF-8` (cloud-config `locale`). */
  locale?: string;
  /** NTP configuration (cloud-config `ntp`). */
  ntp?: NtpSpec;
  /** Global DNS servers and search domains, applied to every interface of the network config. */
  dns?: DnsSpec;
  /** How `/etc/hosts` is managed (cloud-config `manage_etc_hosts`). Default: cloud-init's (unmanaged). */
  etcHosts?: EtcHostsPolicy;

  // ---------------------------------------------------------------- packages, files, commands
  /** Packages to install (cloud-config `packages`). */
  packages?: string[];
  /** Refresh the package index first (cloud-config `package_update`). */
  packageUpdate?: boolean;
  /** Upgrade installed packages (cloud-config `package_upgrade`). */
  packageUpgrade?: boolean;
  /** Reboot when an upgrade requires it (cloud-config `package_reboot_if_required`). */
  packageRebootIfRequired?: boolean;
  /** Files to write (cloud-config `write_files`). */
  files?: FileSpec[];
  /** Shell command lines run early on every boot (cloud-config `bootcmd`), each run with `sh -c`. */
  bootcmd?: string[];
  /** Shell command lines run once per instance late in boot (cloud-config `runcmd`). */
  runcmd?: string[];
  /** Whole scripts delivered as MIME parts (`text/x-shellscript-per-boot|-per-instance|-per-once`). */
  scripts?: ScriptSpec[];
  /** Cloud boothooks (`text/cloud-boothook` parts): run very early, on every boot. */
  boothooks?: string[];
  /** URLs whose content cloud-init fetches and treats as more user-data (`text/x-include-url`). */
  includeUrls?: string[];
  /** Jinja templates (`## template: jinja` parts); each body starts with `#cloud-config` or `#!`. */
  jinjaTemplates?: string[];
  /** Report to a URL when boot is done (cloud-config `phone_home`). */
  phoneHome?: PhoneHomeSpec;
  /** Reboot or power off after cloud-init is done (cloud-config `power_state`). */
  powerState?: PowerStateSpec;
  /** Message logged when cloud-init finishes (cloud-config `final_message`). */
  finalMessage?: string;

  // ---------------------------------------------------------------- network
  /** Network configuration. Absent: the platform's default (usually DHCP on the first NIC). */
  network?: NetworkSpec;

  // ---------------------------------------------------------------- escape hatches
  /** vendor-data: a cloud-config mapping delivered as the platform's vendor-data document. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pulumi's schema analyzer maps `any` to pulumi.json#/Any; it rejects `unknown`.
  vendorCloudConfig?: { [key: string]: any };
  /**
   * Raw cloud-config merged into the rendered one. Rule: keys the spec does not render are added;
   * lists under a key the spec also renders are appended after the spec's entries (`runcmd`,
   * `packages`, `write_files`, `users`, ...); mappings merge key by key with the same rule; two
   * different scalar values for one key are a conflict, reported as a validation error.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see vendorCloudConfig.
  extraCloudConfig?: { [key: string]: any };
  /** More MIME parts appended to user-data after the rendered ones. */
  extraParts?: MimePartSpec[];
  /** Compress user-data with gzip where the transport allows it (never where it base64-encodes on its own). Default `none`. */
  userDataCompression?: Compression;
  /** Extra string metadata (OpenStack `meta`, NoCloud meta-data keys under `bootstrapped-vm`). */
  metadata?: { [key: string]: string };

  // ---------------------------------------------------------------- target
  /** The cloud-init the images run: which forms the documents use (docs/cloud-init-versions.md). */
  cloudInit?: CloudInitSpec;
}

/**
 * The spec's free-form maps whose keys are the user's own: a secret one (or one inside a secret spec) keeps its
 * keys out of messages too (`secretTexts`). `extraCloudConfig` and `vendorCloudConfig` are keyed by cloud-config's
 * own names, as the spec's fields are: their keys name properties (`bootstrap.extraCloudConfig.timezone`); they
 * are free-form trees (`SPEC_FREE_FORM_TREES`).
 */
export const SPEC_FREE_FORM_MAPS: readonly (readonly string[])[] = [["metadata"]];

/**
 * The spec's free-form trees: cloud-config given as it is, whose top-level keys are cloud-config's module names
 * (they stay in messages, as above) but whose keys below them may be the user's own (an apt source's name, a
 * chef attribute, `users[0]`'s keys). Those of a secret one, of one inside a secret spec, and those inside a
 * secret value within one are redacted from the property paths that name them
 * (`bootstrap.extraCloudConfig.apt.<secret>...`, `redactSecretTexts`).
 */
export const SPEC_FREE_FORM_TREES: readonly (readonly string[])[] = [
  ["extraCloudConfig"],
  ["vendorCloudConfig"],
];

/** The target cloud-init release; the renderers use the forms it understands and refuse what it lacks. */
export interface CloudInitSpec {
  /**
   * The oldest cloud-init release the images run, `YY.N` (`20.4`, `22.4`, `25.1`; a patch part such as
   * `20.4.1` is accepted and ignored). Default `22.4`. Supported from `20.4`.
   */
  minVersion?: string;
}

/** How the cloud-init instance-id is chosen: from the rendered content's hash, or fixed (`instanceId`). */
export enum InstanceIdPolicy {
  ContentHash = "contentHash",
  Fixed = "fixed",
}

/** Who manages /etc/hosts in the guest (cloud-init `manage_etc_hosts`). */
export enum EtcHostsPolicy {
  /** cloud-init writes /etc/hosts from its template on every boot (`manage_etc_hosts: true`). */
  Template = "template",
  /** cloud-init only keeps the host name on a 127.0.1.1 line (`manage_etc_hosts: localhost`). */
  Localhost = "localhost",
  /** cloud-init leaves /etc/hosts alone (`manage_etc_hosts: false`). */
  Unmanaged = "unmanaged",
}

/** Compression of user-data: none, or gzip where the transport allows it. */
export enum Compression {
  None = "none",
  Gzip = "gzip",
}

/** A user account cloud-init creates (`users` entry). */
export interface UserSpec {
  /** Login name (POSIX: lowercase letter or `_` first, then `[a-z0-9_-]`, at most 32). */
  name: string;
  /** Full name / comment field. */
  gecos?: string;
  /** Supplementary groups (cloud-init creates missing ones). */
  groups?: string[];
  /** Primary group. */
  primaryGroup?: string;
  /** Login shell, e.g. `/bin/bash`. */
  shell?: string;
  /**
   * sudoers rules, e.g. `ALL=(ALL) NOPASSWD:ALL`. A spec file (and validation and rendering) also take
   * one rule as a plain string, as cloud-init's own `sudo` does; the TypeScript type stays a list
   * because Pulumi's schema inference refuses union types (see `generate-schema.ts`).
   */
  sudo?: string[];
  /** SSH public keys (`ssh_authorized_keys`). */
  sshAuthorizedKeys?: string[];
  /** Password in plain text: hashed to SHA-512 crypt (`hashed_passwd`) before it leaves the library. */
  password?: string;
  /** Password as a ready crypt hash, passed through (`hashed_passwd`). */
  passwordHash?: string;
  /** Lock the password (`lock_passwd`). Default: true without a password, false with one. */
  lockPassword?: boolean;
  /** Create as a system user (`system`). */
  system?: boolean;
  /** Home directory (`homedir`). */
  homeDir?: string;
  /** Numeric uid (`uid`). */
  uid?: number;
}

/** Time synchronisation (cloud-init `ntp`). */
export interface NtpSpec {
  /** NTP servers (`ntp.servers`). */
  servers?: string[];
  /** NTP pools (`ntp.pools`). */
  pools?: string[];
}

/** Global DNS resolver settings. */
export interface DnsSpec {
  /** DNS server addresses (IPv4 or IPv6). */
  nameservers?: string[];
  /** Search domains. */
  searchDomains?: string[];
}

/** How a file's `content` is encoded. */
export enum FileEncoding {
  /** `content` is the file's text, written as is. */
  Text = "text",
  /** `content` is base64 of the file's bytes. */
  Base64 = "base64",
  /** `content` is base64 of the gzip of the file's bytes. */
  GzipBase64 = "gzip+base64",
}

/** A file cloud-init writes in the guest (`write_files` entry). */
export interface FileSpec {
  /** Absolute path in the guest. */
  path: string;
  /** The content, as `encoding` says. */
  content: string;
  /** How `content` is encoded. Default `text`. */
  encoding?: FileEncoding;
  /** `user:group`. Default `root:root`. */
  owner?: string;
  /** Octal mode as a string, e.g. `0644`. */
  permissions?: string;
  /** Append instead of overwrite. */
  append?: boolean;
  /** Write late (after users and packages), so `owner` may be a user this spec creates. */
  defer?: boolean;
  /** Mark the content as a secret (also detected for PEM private keys). */
  secret?: boolean;
}

/** When a script runs: on every boot, once per instance, or once ever. */
export enum ScriptFrequency {
  PerBoot = "perBoot",
  PerInstance = "perInstance",
  Once = "once",
}

/** A shell script delivered as a MIME part of user-data. */
export interface ScriptSpec {
  /** File name of the part (`Content-Disposition` filename), unique among scripts. */
  name: string;
  /** The script, starting with `#!`. */
  content: string;
  /** When it runs. Default `perInstance`. */
  frequency?: ScriptFrequency;
}

/** Report to a URL when cloud-init finished (cloud-init `phone_home`). */
export interface PhoneHomeSpec {
  /** URL to POST to; `$INSTANCE_ID` is replaced by cloud-init. */
  url: string;
  /** Which values to post (`pub_key_rsa`, `instance_id`, `hostname`, `fqdn`, ... or `all`). Default `all`. */
  post?: string[];
  /** Attempts. Default 10 (cloud-init's). */
  tries?: number;
}

/** What happens to the guest when cloud-init finished. */
export enum PowerStateMode {
  Reboot = "reboot",
  Poweroff = "poweroff",
  Halt = "halt",
}

/** Reboot, power off or halt when cloud-init finished (cloud-init `power_state`). */
export interface PowerStateSpec {
  /** Reboot, power off or halt. */
  mode: PowerStateMode;
  /** `now` or `+<minutes>`. Default `now`. */
  delay?: string;
  /** Message written to the console before acting. */
  message?: string;
  /** Seconds to wait for cloud-init to finish before acting. */
  timeout?: number;
}

/** Content type of an extra user-data MIME part (the part handlers cloud-init knows). */
export enum MimeContentType {
  CloudConfig = "text/cloud-config",
  ShellScript = "text/x-shellscript",
  ShellScriptPerBoot = "text/x-shellscript-per-boot",
  ShellScriptPerInstance = "text/x-shellscript-per-instance",
  ShellScriptPerOnce = "text/x-shellscript-per-once",
  CloudBoothook = "text/cloud-boothook",
  IncludeUrl = "text/x-include-url",
  Jinja2 = "text/jinja2",
  PartHandler = "text/part-handler",
}

/** An extra part of the multipart user-data, passed to cloud-init as is. */
export interface MimePartSpec {
  /** The part's MIME type, which selects the cloud-init part handler. */
  contentType: MimeContentType;
  /** The part's content, as text. */
  content: string;
  /** Part file name; default `part-<index>`. */
  filename?: string;
}
