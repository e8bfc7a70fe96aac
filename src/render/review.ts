/**
 * The review record's text: every rendered document readable, with what is derived from a secret
 * replaced. Pure (no Pulumi): the component's Stash record (component/review.ts) and `bootstrapped-vm
 * diff` (cli/diff-secrets.ts) both show documents this way; the command line's bundle must not load
 * `@pulumi/pulumi`.
 *
 * Secrets: values derived from passwords and private keys are replaced by `<redacted>` (cloud-config
 * keys `passwd`, `hashed_passwd`, `plain_text_passwd`, `password`, `chpasswd`, `ssh_keys`, and
 * `write_files` entries with secret content: a file marked secret, or content that holds a private key as
 * written or once decoded as its `encoding` says), so the record stays readable. A private key block
 * (`-----BEGIN ... PRIVATE KEY-----` to its `-----END ...` line) and base64 that decodes to one (also
 * through gzip) are replaced wherever else they appear, e.g. in a `runcmd` or `bootcmd` line; what a
 * private key is, is private-key.ts's, the same notion that makes the documents secret. The instance-id,
 * the content hash and the meta-data (it holds the instance-id) are digests of those documents, so they
 * are `<redacted>` too. Vendor-data (the spec's `vendorCloudConfig`, raw cloud-config the library does not
 * hash) is redacted by the same keys. Last, every secret string the spec holds or the renderer derived
 * (plain passwords, hashes, contents of files marked secret, values under the keys above, of `chpasswd`
 * its passwords only; at least 4 characters) is replaced wherever else it appears in the record, e.g. a
 * password a `runcmd` line repeats. Without secrets the record is plain and complete.
 */
import { deliveredNetworkConfig } from "./network-delivery";
import { fileHoldsPrivateKey, redactPrivateKeys } from "./private-key";
import type { RenderedDocuments } from "./types";
import type { BootstrapSpec } from "../spec/types";
import { setOwn } from "../util/own-property";
import { stableJson, stableYaml } from "../util/serialize";

/** The readable record of one rendering, the Stash's `input`. */
export interface CloudInitReview {
  instanceId: string;
  contentHash: string;
  userData: string;
  metaData: string;
  networkConfig: string;
  vendorData: string;
}

const SECRET_KEYS = new Set([
  "passwd",
  "hashed_passwd",
  "plain_text_passwd",
  "password",
  "chpasswd",
  "ssh_keys",
]);
export const REDACTED = "<redacted>";

/**
 * What a secret is shown as, given the secret (a string value, a private key's text, or the JSON of a
 * mapping under a secret key). The record's is always `<redacted>`; `bootstrapped-vm diff` tells a secret
 * that is the same on both sides from one that changed.
 */
export type Redact = (secret: string) => string;
const redacted: Redact = () => REDACTED;

function redactValue(value: unknown, secretPaths: ReadonlySet<string>, redact: Redact): unknown {
  if (typeof value === "string") return redactPrivateKeys(value, redact);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secretPaths, redact));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEYS.has(key)) out[key] = redact(typeof v === "string" ? v : stableJson(v));
    else if (key === "write_files" && Array.isArray(v))
      out[key] = v.map((f) => redactFile(f, secretPaths, redact));
    else setOwn(out, redactPrivateKeys(key, redact), redactValue(v, secretPaths, redact));
  }
  return out;
}

function redactFile(file: unknown, secretPaths: ReadonlySet<string>, redact: Redact): unknown {
  if (file === null || typeof file !== "object") return file;
  const f = file as Record<string, unknown>;
  const secret = (typeof f.path === "string" && secretPaths.has(f.path)) || fileHoldsPrivateKey(f);
  return secret ? { ...f, content: redact(String(f.content)) } : redactValue(f, secretPaths, redact);
}

/** The cloud-config mapping with every value derived from a password or private key replaced by `<redacted>`. */
export function redactCloudConfig(
  cloudConfig: Record<string, unknown>,
  spec: BootstrapSpec,
  redact: Redact = redacted,
): Record<string, unknown> {
  const secretPaths = new Set((spec.files ?? []).filter((f) => f.secret).map((f) => f.path));
  return redactValue(cloudConfig, secretPaths, redact) as Record<string, unknown>;
}

const REDACTED_HEADER = `# values derived from passwords and private keys are ${REDACTED}`;

/**
 * Vendor-data for review: as rendered without secrets, else the vendor cloud-config with secret values
 * redacted and `secrets` swept from the rest.
 */
export function reviewVendorData(
  docs: RenderedDocuments,
  spec: BootstrapSpec,
  secrets: readonly string[] = [],
  redact: Redact = redacted,
): string {
  if (docs.vendorData === undefined) return "";
  if (!docs.containsSecrets || spec.vendorCloudConfig === undefined) return docs.vendorData;
  return reviewCloudConfig(spec.vendorCloudConfig, spec, secrets, redact);
}

/** Shortest secret string replaced wherever it appears (shorter ones would redact ordinary words). */
const MIN_SWEPT_SECRET = 4;

/** cloud-init's words for "make up a random password" in `chpasswd` (cc_set_passwords.py), no secret. */
const RANDOM_PASSWORD = new Set(["R", "RANDOM"]);

/**
 * The passwords of a `chpasswd` mapping, as cc_set_passwords reads them: each `list` entry's text after
 * its first `:` (`list` as a list or as one text of lines), each `users` entry's `password`. Not the user
 * names, `type: hash` or `expire`: swept from the record, "root" or "hash" would redact every `/root`.
 */
function chpasswdPasswords(chpasswd: unknown, out: Set<string>): void {
  if (chpasswd === null || typeof chpasswd !== "object" || Array.isArray(chpasswd)) return;
  const { list, users } = chpasswd as Record<string, unknown>;
  const entries = typeof list === "string" ? list.split("\n") : Array.isArray(list) ? list : [];
  for (const entry of entries) {
    const colon = typeof entry === "string" ? entry.indexOf(":") : -1;
    if (colon >= 0) out.add((entry as string).slice(colon + 1).trim());
  }
  for (const user of Array.isArray(users) ? users : []) {
    const password = (user as Record<string, unknown> | null)?.password;
    if (typeof password === "string") out.add(password);
  }
  for (const random of RANDOM_PASSWORD) out.delete(random);
}

/** String values (deeply) under the secret keys of a cloud-config mapping (of `chpasswd`, its passwords). */
function valuesUnderSecretKeys(value: unknown, under: boolean, out: Set<string>): void {
  if (typeof value === "string") {
    if (under) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) valuesUnderSecretKeys(v, under, out);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "chpasswd" && !under) chpasswdPasswords(v, out);
      else valuesUnderSecretKeys(v, under || SECRET_KEYS.has(k), out);
    }
  }
}

/** Every secret string the spec holds or the renderer derived from it, longest first. */
export function secretStrings(docs: RenderedDocuments, spec: BootstrapSpec): string[] {
  const found = new Set<string>([
    ...[spec.rootPassword, spec.rootPasswordHash].filter((v): v is string => typeof v === "string"),
    ...(spec.users ?? []).flatMap((u) =>
      [u.password, u.passwordHash].filter((v): v is string => typeof v === "string"),
    ),
    ...(spec.files ?? []).filter((f) => f.secret === true).map((f) => f.content),
  ]);
  for (const config of [docs.cloudConfig, spec.extraCloudConfig, spec.vendorCloudConfig]) {
    valuesUnderSecretKeys(config, false, found);
  }
  return [...found].filter((v) => v.length >= MIN_SWEPT_SECRET).sort((a, b) => b.length - a.length);
}

/** `text` with every one of `secrets` (longest first) replaced wherever it appears. */
export function sweep(text: string, secrets: readonly string[], redact: Redact = redacted): string {
  return secrets.reduce((t, secret) => (t.includes(secret) ? t.split(secret).join(redact(secret)) : t), text);
}

/**
 * `value` with every secret replaced in each string and key, before it is serialized: in the YAML a
 * string may be quoted and escaped (`"echo 'a: Tr0ub\"&3'"`), so the text no longer holds the secret as
 * it was given and a sweep of the text would miss it.
 */
function sweepValue(value: unknown, secrets: readonly string[], redact: Redact): unknown {
  if (typeof value === "string") return sweep(value, secrets, redact);
  if (Array.isArray(value)) return value.map((v) => sweepValue(v, secrets, redact));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    setOwn(out, sweep(key, secrets, redact), sweepValue(v, secrets, redact));
  }
  return out;
}

/** The redacted cloud-config of a review, secrets swept from its values, as YAML after `#cloud-config`. */
function reviewCloudConfig(
  cloudConfig: Record<string, unknown>,
  spec: BootstrapSpec,
  secrets: readonly string[],
  redact: Redact,
): string {
  const swept = sweepValue(redactCloudConfig(cloudConfig, spec, redact), secrets, redact);
  return `#cloud-config\n${REDACTED_HEADER}\n${stableYaml(swept)}`;
}

/**
 * Readable user-data for review: the exact user-data when it holds no secrets; otherwise the
 * cloud-config with secret values redacted and `secrets` swept from the rest, and for a MIME multipart user-data the other parts
 * reduced to their headers and size (they are not shown when the spec holds secrets).
 */
export function reviewUserData(
  docs: RenderedDocuments,
  spec: BootstrapSpec,
  secrets: readonly string[] = [],
  redact: Redact = redacted,
): string {
  if (!docs.containsSecrets) return docs.userData;
  const config = reviewCloudConfig(docs.cloudConfig, spec, secrets, redact);
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(docs.userData)?.[1];
  if (!docs.userData.startsWith("Content-Type: multipart") || boundary === undefined) return config;
  const parts = docs.userData.split(`--${boundary}`).slice(1, -1);
  const shown = parts.map((part) => {
    const [headers = "", ...body] = part.replace(/^\r?\n/, "").split(/\r?\n\r?\n/);
    if (/text\/cloud-config/i.test(headers)) return `${headers}\n\n${config}`;
    const text = body.join("\n\n");
    // A changed part's marker differs between the sides of a diff (`redact`), so the change shows.
    const marker = redact(text);
    const changed = marker === REDACTED ? "" : ` ${marker}`;
    return `${headers}\n\n<${text.length} bytes, not shown: the spec holds secrets>${changed}\n`;
  });
  return `${shown.map((p) => `--${boundary}\n${p}`).join("\n")}\n--${boundary}--\n`;
}

/**
 * The review record of one rendering (plain): with secrets in the documents, the instance-id, the
 * content hash and the meta-data are `<redacted>` along with the secret cloud-config values.
 */
export function reviewOf(
  docs: RenderedDocuments,
  networkConfig: string,
  spec: BootstrapSpec,
): CloudInitReview {
  const digest = (value: string) => (docs.containsSecrets ? REDACTED : value);
  const secrets = docs.containsSecrets ? secretStrings(docs, spec) : [];
  // Swept as values before they are YAML, then as text (the parts' headers, the network config); private
  // keys likewise (a text without one, as every text is when the documents hold no secret, is unchanged).
  const shown = (text: string) => redactPrivateKeys(sweep(text, secrets), REDACTED);
  return {
    instanceId: digest(docs.instanceId),
    contentHash: digest(docs.contentHash),
    userData: shown(reviewUserData(docs, spec, secrets)),
    metaData: digest(docs.metaData),
    networkConfig: shown(networkConfig),
    vendorData: shown(reviewVendorData(docs, spec, secrets)),
  };
}

/** The network config the guest is given, as YAML (version 2, or 1: network-delivery.ts), or "" without a network. */
export function networkConfigText(docs: RenderedDocuments): string {
  return docs.network === undefined ? "" : deliveredNetworkConfig(docs.network).yaml;
}
