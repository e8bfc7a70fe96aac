/**
 * Deterministic serialization: the same value gives the same bytes, every time.
 * User strings are always serialized by the YAML/JSON libraries, never concatenated into a document,
 * so a value holding newlines, `---` or `#cloud-config` cannot change a document's structure.
 */
import { stringify } from "yaml";

/** Returns a deep copy of `value` with every mapping's keys sorted (arrays keep their order). */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeysDeep(v)) as unknown as T;
  if (value !== null && typeof value === "object" && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeysDeep(v);
    }
    return out as T;
  }
  return value;
}

/** JSON with sorted keys; `indent` 0 gives the compact form. Ends without a newline. */
export function stableJson(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeysDeep(value), null, indent || undefined);
}

/** YAML 1.1-compatible block YAML with sorted keys, no aliases, no line folding. Ends with a newline. */
export function stableYaml(value: unknown): string {
  return stringify(sortKeysDeep(value), {
    aliasDuplicateObjects: false,
    lineWidth: 0,
    minContentWidth: 0,
    version: "1.1",
    defaultStringType: "PLAIN",
    defaultKeyType: "PLAIN",
  });
}
