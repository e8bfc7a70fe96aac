/** NoCloud `meta-data` YAML. */
import { stableYaml } from "../util/serialize";

export interface MetaDataInput {
  instanceId: string;
  hostname: string;
  publicKeys: readonly string[];
  metadata: Readonly<Record<string, string>>;
}

/**
 * NoCloud meta-data as a mapping: `instance-id`, `local-hostname`, `public-keys` (when there are keys) and
 * the spec's extra metadata under `bootstrapped-vm` (so it cannot clash with keys cloud-init reads).
 */
export function metaDataDocument(input: MetaDataInput): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    "instance-id": input.instanceId,
    "local-hostname": input.hostname,
  };
  if (input.publicKeys.length > 0) doc["public-keys"] = [...input.publicKeys];
  if (Object.keys(input.metadata).length > 0) doc["bootstrapped-vm"] = { ...input.metadata };
  return doc;
}

/** NoCloud meta-data YAML (`metaDataDocument`). */
export function renderMetaData(input: MetaDataInput): string {
  return stableYaml(metaDataDocument(input));
}
