/**
 * Reviewability: what `pulumi preview --diff` shows when the rendered cloud-init changes.
 *
 * Transports carry the documents in forms no one can review: base64 or gzip+base64 in vSphere
 * extraConfig, base64 in vApp properties, bytes in an ISO. `BootstrappedVm` therefore registers one
 * `pulumi.Stash` child (`${name}-cloud-init`, type `pulumi:index:Stash`) whose `input` is the rendered
 * documents as plain text. Why a Stash:
 * - Pulumi's docs (docs/iac/concepts/stash): "Every Stash resource accepts any value as its input
 *   property ... The current input value is always available as an output property"; it is a built-in
 *   resource of the engine (`sdk/nodejs/stash.ts` registers `pulumi:index:Stash` with `input`), so it
 *   needs no provider plugin and works the same from every language using the component.
 * - A custom resource's inputs are what the engine diffs and `pulumi preview --diff` prints property
 *   by property, so a changed `runcmd` line appears as a change of `input.userData`, next to the
 *   opaque change of `extraConfig["guestinfo.userdata"]` on the VM. Component outputs, in contrast,
 *   are not diffed by the engine at all, and a component's own inputs are the user's spec, not the
 *   rendered documents.
 * - Changing a Stash's input is an in-place update of state only; it creates nothing in the cloud.
 * Secrets: values derived from passwords or private keys are replaced by `<redacted>` (cloud-config
 * keys `passwd`, `hashed_passwd`, `plain_text_passwd`, `password`, `chpasswd`, `ssh_keys`, and
 * `write_files` entries with secret content), so the record stays readable. The instance-id, the content
 * hash and the meta-data (it holds the instance-id) are digests of those documents, so they are
 * `<redacted>` too (the component's outputs carry them as Pulumi secrets). When a secret Pulumi input
 * feeds user-data, the review record is a Pulumi secret as a whole (Pulumi marks a resource property
 * secret as a whole in any case), so the Stash's `input` is then shown as `[secret]`. Without secrets the
 * record is plain and complete.
 */
import * as pulumi from "@pulumi/pulumi";
import { networkV2Yaml } from "../render/network-yaml";
import type { RenderedDocuments } from "../render/types";
import type { BootstrapSpec } from "../spec/types";
import { stableYaml } from "../util/serialize";
import type { SecretReach } from "./inputs";
import { allMaybe, mapMaybe, type Maybe } from "./maybe";

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

function redactValue(value: unknown, secretPaths: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secretPaths));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEYS.has(key)) out[key] = REDACTED;
    else if (key === "write_files" && Array.isArray(v)) out[key] = v.map((f) => redactFile(f, secretPaths));
    else out[key] = redactValue(v, secretPaths);
  }
  return out;
}

function redactFile(file: unknown, secretPaths: ReadonlySet<string>): unknown {
  if (file === null || typeof file !== "object") return file;
  const f = file as Record<string, unknown>;
  const content = typeof f.content === "string" ? f.content : "";
  const secret = (typeof f.path === "string" && secretPaths.has(f.path)) || /PRIVATE KEY/.test(content);
  return secret ? { ...f, content: REDACTED } : redactValue(f, secretPaths);
}

/** The cloud-config mapping with every value derived from a password or private key replaced by `<redacted>`. */
export function redactCloudConfig(
  cloudConfig: Record<string, unknown>,
  spec: BootstrapSpec,
): Record<string, unknown> {
  const secretPaths = new Set((spec.files ?? []).filter((f) => f.secret).map((f) => f.path));
  return redactValue(cloudConfig, secretPaths) as Record<string, unknown>;
}

/**
 * Readable user-data for review: the exact user-data when it holds no secrets; otherwise the
 * cloud-config with secret values redacted, and for a MIME multipart user-data the other parts
 * reduced to their headers and size (they are not shown when the spec holds secrets).
 */
export function reviewUserData(docs: RenderedDocuments, spec: BootstrapSpec): string {
  if (!docs.containsSecrets) return docs.userData;
  const redacted = `#cloud-config\n# values derived from passwords and private keys are ${REDACTED}\n${stableYaml(
    redactCloudConfig(docs.cloudConfig, spec),
  )}`;
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(docs.userData)?.[1];
  if (!docs.userData.startsWith("Content-Type: multipart") || boundary === undefined) return redacted;
  const parts = docs.userData.split(`--${boundary}`).slice(1, -1);
  const shown = parts.map((part) => {
    const [headers = "", ...body] = part.replace(/^\r?\n/, "").split(/\r?\n\r?\n/);
    if (/text\/cloud-config/i.test(headers)) return `${headers}\n\n${redacted}`;
    return `${headers}\n\n<${body.join("\n\n").length} bytes, not shown: the spec holds secrets>\n`;
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
  return {
    instanceId: digest(docs.instanceId),
    contentHash: digest(docs.contentHash),
    userData: reviewUserData(docs, spec),
    metaData: digest(docs.metaData),
    networkConfig,
    vendorData: docs.vendorData ?? "",
  };
}

/**
 * The Stash input. When a secret Pulumi input feeds user-data (`reach` = "userData") the record is a
 * secret as a whole (Pulumi marks a resource property secret as a whole anyway).
 */
export function reviewRecord(
  docs: Maybe<RenderedDocuments>,
  networkConfig: Maybe<string>,
  spec: Maybe<BootstrapSpec>,
  reach: Maybe<SecretReach>,
): Maybe<CloudInitReview> {
  return mapMaybe(
    allMaybe<[RenderedDocuments, string, BootstrapSpec, SecretReach]>([docs, networkConfig, spec, reach]),
    ([d, n, s, r]) => {
      const record = reviewOf(d, n, s);
      return r === "userData" ? (pulumi.secret(record) as pulumi.Output<CloudInitReview>) : record;
    },
  );
}

/** The network config as readable YAML (network config version 2), or "" without a network. */
export function networkConfigText(docs: RenderedDocuments): string {
  return docs.network === undefined ? "" : networkV2Yaml(docs.network.v2);
}
