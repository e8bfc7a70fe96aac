/**
 * Text no guest can receive. Every string of the spec, mapping keys included (`extraCloudConfig`,
 * `vendorCloudConfig`, `metadata`), must be well-formed UTF-16: a lone surrogate, which JSON and
 * JavaScript strings allow, has no UTF-8 encoding, so no document could carry it (Node writes U+FFFD in
 * its place; an escaped `\ud800` in YAML or JSON makes Python hold a string it cannot encode either).
 * Every other character can be carried: the YAML writer escapes what PyYAML's reader would refuse or
 * fold (see src/util/pyyaml-schema.ts), JSON escapes the rest, MIME parts that are not plain 7-bit text
 * travel as base64, and the ENI file only holds values validated to narrow character sets.
 */
/// <reference lib="es2024.string" />
import { joinPath } from "../core/problems";
import { ProblemList } from "./validate-util";

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The position and code of the first lone surrogate of `value`, or undefined when there is none. */
export function loneSurrogate(value: string): { index: number; code: string } | undefined {
  const match = LONE_SURROGATE.exec(value);
  if (!match) return undefined;
  return { index: match.index, code: (match[0].charCodeAt(0) ?? 0).toString(16).toUpperCase() };
}

function problem(where: { index: number; code: string }, what: string): string {
  return (
    `${what} holds a lone UTF-16 surrogate (U+${where.code} at character ${where.index + 1}), which has no ` +
    "UTF-8 encoding, so no document can carry it; remove it, or give the whole character it belongs to"
  );
}

function walk(value: unknown, path: string, problems: ProblemList, depth: number): void {
  if (typeof value === "string") {
    const where = loneSurrogate(value);
    if (where) problems.add(path, problem(where, "the text"));
  } else if (Array.isArray(value)) {
    if (depth > 0) value.forEach((item, i) => walk(item, joinPath(path, i), problems, depth - 1));
  } else if (value !== null && typeof value === "object" && depth > 0) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const itemPath = joinPath(path, key);
      const where = loneSurrogate(key);
      if (where) problems.add(itemPath, problem(where, "the key"));
      walk(item, itemPath, problems, depth - 1);
    }
  }
}

/**
 * Whether `walk` would find anything: the same traversal, without building a path for every value, and
 * with the engine's own test (`String.prototype.isWellFormed`, ES2024: true when the string has no lone
 * surrogate), which answers at once for strings that hold no UTF-16 surrogate at all.
 */
function holdsLoneSurrogate(value: unknown, depth: number): boolean {
  if (typeof value === "string") return !value.isWellFormed();
  if (Array.isArray(value)) return depth > 0 && value.some((item) => holdsLoneSurrogate(item, depth - 1));
  if (value === null || typeof value !== "object" || depth === 0) return false;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (!key.isWellFormed() || holdsLoneSurrogate((value as Record<string, unknown>)[key], depth - 1))
      return true;
  }
  return false;
}

/** Nesting deeper than this is not a spec anyone writes; the schema and renderers see it anyway. */
const MAX_DEPTH = 256;

/** Adds a problem for every string and key of the spec that no UTF-8 document can carry. */
export function checkText(spec: Record<string, unknown>, problems: ProblemList): void {
  // Paths are built only for a spec that has something to report (they cost more than the test).
  if (holdsLoneSurrogate(spec, MAX_DEPTH)) walk(spec, "", problems, MAX_DEPTH);
}
