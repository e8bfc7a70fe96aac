/**
 * Deterministic serialization: the same value gives the same bytes, every time.
 * User strings are always serialized by the YAML/JSON libraries' rules, never concatenated into a
 * document unescaped, so a value holding newlines, `---` or `#cloud-config` cannot change a document's
 * structure.
 */
import { stringify } from "yaml";
import { PYYAML_RESOLVERS, pyyamlOutputTags } from "./pyyaml-schema";

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
  if (indent === 0) {
    const fast = compactJson(value);
    if (fast !== undefined) return fast;
  }
  return JSON.stringify(sortKeysDeep(value), null, indent || undefined);
}

const YAML_OPTIONS = {
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
  // Always the `yaml` library: user strings in YAML are quoted by it, never by hand-written rules.
  return stringify(sortKeysDeep(value), YAML_OPTIONS);
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

// ---------------------------------------------------------------------------------------------
// JSON fast path. It produces exactly the bytes of the general path above (JSON.stringify of the
// sorted copy) for plain data: mappings, lists, strings, numbers, booleans and null, every string
// still escaped by JSON.stringify. On anything else it returns undefined and the general path runs.
// test/render/serialize-fast-path.test.ts compares both on generated values.
// ---------------------------------------------------------------------------------------------

/** Thrown inside the fast path to hand the value to the general path. */
const UNSUPPORTED = Symbol("unsupported");

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && !Array.isArray(value);
}

const INDEX_LIKE = /^(?:0|[1-9]\d{0,9})$/;

/**
 * The keys of `value` in the order the key-sorted copy of `sortKeysDeep` enumerates them: JavaScript
 * objects list array-index keys (`"0"`, `"12"`) first in numeric order, then the others as inserted.
 */
function sortedKeys(value: Record<string, unknown>): string[] {
  const keys = Object.keys(value).sort();
  let digitFirst = false; // only a key starting with a digit can be an array index
  for (const k of keys) if (k.charCodeAt(0) <= 57) digitFirst = true;
  if (!digitFirst) return keys;
  const indexes = keys.filter((k) => INDEX_LIKE.test(k) && Number(k) < 4294967295);
  if (indexes.length === 0) return keys;
  const rest = keys.filter((k) => !(INDEX_LIKE.test(k) && Number(k) < 4294967295));
  return [...indexes.sort((a, b) => Number(a) - Number(b)), ...rest];
}

function writeJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return JSON.stringify(value);
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) throw UNSUPPORTED;
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (i > 0) out += ",";
          // JSON.stringify writes undefined and functions in lists as null.
          out += item === undefined ? "null" : writeJson(item);
        }
        return `${out}]`;
      }
      if (!isPlainObject(value) || "toJSON" in value) throw UNSUPPORTED;
      let out = "{";
      for (const key of sortedKeys(value)) {
        const item = value[key];
        if (item === undefined) continue;
        out += `${out.length > 1 ? "," : ""}${JSON.stringify(key)}:${writeJson(item)}`;
      }
      return `${out}}`;
    }
    default:
      throw UNSUPPORTED;
  }
}

function compactJson(value: unknown): string | undefined {
  try {
    return writeJson(value);
  } catch (err) {
    if (err === UNSUPPORTED) return undefined;
    throw err;
  }
}
