/**
 * user-data: the `#cloud-config` document alone, or MIME multipart/mixed when the spec has more parts
 * (scripts, boothooks, include-URLs, jinja templates, extra parts), in that order after the cloud-config.
 */
import { BootstrapSpec, MimeContentType, ScriptFrequency } from "../spec/types";
import { stableYaml } from "../util/serialize";
import { readAsMime, renderMultipart, UserDataPart } from "./mime";
import { targetCloudInit } from "../spec/cloud-init-version";
import { DEFERRED_FILES_PART, deferredFilesScript, scriptPartType } from "./legacy-parts";

const SCRIPT_TYPES: Record<ScriptFrequency, MimeContentType> = {
  [ScriptFrequency.PerBoot]: MimeContentType.ShellScriptPerBoot,
  [ScriptFrequency.PerInstance]: MimeContentType.ShellScriptPerInstance,
  [ScriptFrequency.Once]: MimeContentType.ShellScriptPerOnce,
};

/** A cloud-config document: the `#cloud-config` header, then the mapping as stable YAML. */
export function cloudConfigText(config: Record<string, unknown>): string {
  return `#cloud-config\n${stableYaml(config)}`;
}

/** Every part of the user-data, in order: cloud-config first. */
export function userDataParts(spec: BootstrapSpec, cloudConfig: Record<string, unknown>): UserDataPart[] {
  const parts: UserDataPart[] = [
    {
      contentType: MimeContentType.CloudConfig,
      filename: "cloud-config.yaml",
      content: cloudConfigText(cloudConfig),
      merge: true,
    },
  ];
  const target = targetCloudInit(spec);
  for (const script of spec.scripts ?? []) {
    const frequency = script.frequency ?? ScriptFrequency.PerInstance;
    const type = scriptPartType(frequency, target, SCRIPT_TYPES[frequency]);
    if (type === undefined) continue; // written by write_files (legacy-parts.ts)
    parts.push({ contentType: type, filename: script.name, content: script.content, merge: false });
  }
  const deferred = deferredFilesScript(spec, target);
  if (deferred !== undefined) {
    parts.push({
      contentType: MimeContentType.ShellScript,
      filename: DEFERRED_FILES_PART,
      content: deferred,
      merge: false,
    });
  }
  (spec.boothooks ?? []).forEach((content, i) => {
    parts.push({
      contentType: MimeContentType.CloudBoothook,
      filename: `boothook-${i}`,
      content,
      merge: false,
    });
  });
  if (spec.includeUrls && spec.includeUrls.length > 0) {
    const content = `${spec.includeUrls.join("\n")}\n`;
    parts.push({ contentType: MimeContentType.IncludeUrl, filename: "include-urls", content, merge: false });
  }
  (spec.jinjaTemplates ?? []).forEach((body, i) => {
    const content = `## template: jinja\n${body}`;
    parts.push({ contentType: MimeContentType.Jinja2, filename: `jinja-${i}`, content, merge: true });
  });
  (spec.extraParts ?? []).forEach((part, i) => {
    parts.push({
      contentType: part.contentType,
      filename: part.filename ?? `part-${i}`,
      content: part.content,
      merge: part.contentType === MimeContentType.CloudConfig || part.contentType === MimeContentType.Jinja2,
    });
  });
  return parts;
}

/**
 * The user-data text for `spec` given its (merged) cloud-config: the cloud-config alone when it is the only
 * part and cloud-init would not mistake it for MIME (see `readAsMime`), else multipart.
 */
export function renderUserData(spec: BootstrapSpec, cloudConfig: Record<string, unknown>): string {
  const parts = userDataParts(spec, cloudConfig);
  const [only] = parts;
  return parts.length === 1 && only && !readAsMime(only.content) ? only.content : renderMultipart(parts);
}

/** vendor-data text (`#cloud-config` + YAML, in a one-part multipart when it reads as MIME), or undefined. */
export function renderVendorData(spec: BootstrapSpec): string | undefined {
  if (spec.vendorCloudConfig === undefined) return undefined;
  const content = cloudConfigText(spec.vendorCloudConfig);
  if (!readAsMime(content)) return content;
  return renderMultipart([
    { contentType: MimeContentType.CloudConfig, filename: "vendor-data.yaml", content, merge: false },
  ]);
}
