/**
 * The server's Nova metadata: the spec's `metadata`, the platform's `metadata` and the content hash. Nova
 * updates metadata in place and writes it to the config drive's `meta_data.json` (`meta`).
 */
import type { SpecProblem } from "../../core/problems";

/** The metadata key holding the hex SHA-256 of the rendered documents. */
export const CONTENT_HASH_METADATA_KEY = "bootstrapped-vm-content-hash";

/** Nova's limit on metadata keys and values, in characters. */
export const NOVA_METADATA_MAX_LENGTH = 255;

/** Problems with the platform's metadata (paths relative to `openstack`), given the spec's keys. */
export function metadataProblems(
  platform: Readonly<Record<string, string>>,
  spec: Readonly<Record<string, string>>,
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const [key, value] of Object.entries(platform)) {
    const path = `metadata[${JSON.stringify(key)}]`;
    if (key === CONTENT_HASH_METADATA_KEY) {
      problems.push({
        path,
        message: `\`${key}\` is set by the component (the content hash); use another key.`,
      });
    } else if (Object.prototype.hasOwnProperty.call(spec, key)) {
      problems.push({ path, message: `\`${key}\` is also in the spec's \`metadata\`; set it in one place.` });
    }
    if (key.length > NOVA_METADATA_MAX_LENGTH || String(value).length > NOVA_METADATA_MAX_LENGTH) {
      problems.push({
        path,
        message: `Nova limits metadata keys and values to ${NOVA_METADATA_MAX_LENGTH} characters.`,
      });
    }
  }
  for (const [key, value] of Object.entries(spec)) {
    if (key.length > NOVA_METADATA_MAX_LENGTH || value.length > NOVA_METADATA_MAX_LENGTH) {
      problems.push({
        path: `bootstrap.metadata[${JSON.stringify(key)}]`,
        message: `Nova limits metadata keys and values to ${NOVA_METADATA_MAX_LENGTH} characters.`,
      });
    }
  }
  return problems;
}

/** The merged metadata, keys sorted; call after `metadataProblems` found nothing. */
export function serverMetadata(
  platform: Readonly<Record<string, string>>,
  spec: Readonly<Record<string, string>>,
  contentHash: string,
): Record<string, string> {
  const merged: Record<string, string> = { ...spec, ...platform, [CONTENT_HASH_METADATA_KEY]: contentHash };
  return Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((k) => [k, merged[k] as string]),
  );
}
