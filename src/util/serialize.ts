/**
 * Deterministic serialization: the same value gives the same bytes, every time.
 * User strings are always serialized by the YAML/JSON libraries' rules, never concatenated into a
 * document unescaped, so a value holding newlines, `---` or `#cloud-config` cannot change a document's
 * structure.
 */
import { stringify } from "yaml";
import { setOwn } from "./own-property";
import { PYYAML_RESOLVERS, pyyamlOutputTags } from "./pyyaml-schema";

/**
 * `keys` sorted in place as `Array.prototype.sort` without a comparator sorts strings (by UTF-16 code
 * units, which is what `<` compares), and returned. Key lists are mostly short: an insertion sort in
 * JavaScript, which the JIT inlines, beats the call into the engine's sort for them (issue #18: sorting
 * was two thirds of `sortKeysDeep` in a profile of bench render); long ones still go to the engine.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/** Returns a deep copy of `value` with every mapping's keys sorted (arrays keep their order). */
export function sortKeysDeep<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => sortKeysDeep(v)) as unknown as T;
  if (Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of sortKeys(Object.keys(value))) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    setOwn(out, key, sortKeysDeep(v));
  }
  return out as T;
}

/**
 * JSON with sorted keys; `indent` 0 gives the compact form. Ends without a newline. The engine's
 * JSON.stringify over the key-sorted copy: measured faster than writing the JSON key by key in
 * JavaScript (one native call per key and string), which this module did before (issue #18).
 */
export function stableJson(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeysDeep(value), null, indent || undefined);
}

/**
 * `stableJson(value)` (compact) for a value built with every mapping's keys in sorted order already (as
 * `sortKeysDeep` orders them; integer-like keys always enumerate in numeric order, in the copy too):
 * the same bytes without the sorted copy (JSON.stringify, like `sortKeysDeep`, leaves out `undefined`
 * values). Only for documents this package builds key by key in that order, each with a test comparing
 * the two on its every variant; a mapping from the spec still goes through `sortKeysDeep` first.
 */
export function presortedJson(value: unknown): string {
  return JSON.stringify(value);
}

/** The `yaml` library's options of `stableYaml` (exported for the benchmarks' yaml floor, bench/yaml-floor.ts). */
export const YAML_OPTIONS = {
  aliasDuplicateObjects: false,
  lineWidth: 0,
  minContentWidth: 0,
  version: "1.1",
  defaultStringType: "PLAIN",
  defaultKeyType: "PLAIN",
  // No `%YAML`/`%TAG` lines or `---` are written either way; `false` also spares the library a walk
  // over the whole document looking for tags that would need a `%TAG` line.
  directives: false,
  // What PyYAML (cloud-init's reader) resolves or rejects: see pyyaml-schema.ts.
  compat: PYYAML_RESOLVERS,
  customTags: pyyamlOutputTags,
} as const;

/**
 * Block YAML with sorted keys, no aliases, no line folding, that PyYAML 1.1 reads back as `value` for
 * every string (keys included) and number. Ends with a newline.
 */
export function stableYaml(value: unknown): string {
  return sortedYaml(sortKeysDeep(value));
}

/** `stableYaml` of a value `sortKeysDeep` made (its mappings' keys in sorted order already). */
export function sortedYaml(sorted: unknown): string {
  // Always the `yaml` library: user strings in YAML are quoted by it, never by hand-written rules.
  return stringify(sorted, YAML_OPTIONS);
}

/** A key the library writes plain at any indentation: a name no PyYAML resolver reads as anything else. */
function isPlainName(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !PYYAML_IMPLICIT_ANY.test(key);
}

const PYYAML_IMPLICIT_ANY = (PYYAML_RESOLVERS[0] as { test: RegExp }).test;

/**
 * Whether the library writes `value` as a block mapping whose only lines at column 0 are its keys,
 * each a plain name (a key such as `...` or `%x` is quoted at column 0 only).
 */
function isNestableMapping(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value) || Buffer.isBuffer(value))
    return false;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  return keys.length > 0 && keys.every(isPlainName);
}

/**
 * `stableYaml({ [key]: value })` from `valueYaml`, the text `stableYaml(value)` gave: the same bytes
 * without serializing `value` a second time. A mapping with plain-name keys is written by the library
 * as a block mapping whose lines only move right by one indentation step under a key (block scalars
 * keep their relative indentation; empty lines stay empty); anything else goes through `stableYaml`
 * itself. test/render/serialize-fast-path.test.ts compares both on generated values.
 */
export function stableYamlUnderKey(key: string, value: unknown, valueYaml: string): string {
  if (!isPlainName(key) || !isNestableMapping(value)) return stableYaml({ [key]: value });
  let out = `${key}:\n`;
  let start = 0;
  while (start < valueYaml.length) {
    const end = valueYaml.indexOf("\n", start);
    const stop = end < 0 ? valueYaml.length : end + 1;
    if (stop - start > 1) out += "  ";
    out += valueYaml.slice(start, stop);
    start = stop;
  }
  return out;
}
