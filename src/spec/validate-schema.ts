/**
 * Structural validation against the generated JSON Schema (`schema/bootstrap-spec.schema.json`), the
 * single source of known keys, types and enums. The validation code is generated from it ahead of time
 * (`schema/bootstrap-spec.validate.js`, Ajv standalone; see `generate-validator.ts`), so nothing is
 * compiled at run time. ajv's errors are mapped to our path format and to messages that say how to fix
 * the value.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SPEC_SCHEMA_FILE } from "./schema-file";
import { packageRoot } from "./package-root";
import { closestMatch, joinPath, SpecProblem } from "../core/problems";
import { oneOf } from "../core/remedy";
import {
  cloudInitNameNote,
  specFieldForCloudInitName,
  specValueForCloudInitValue,
  typeHint,
} from "./cloud-init-names";
import { loadSpecValidator } from "./validator-module";

let compiled: ValidateFunction | undefined;

/** The committed JSON Schema of `BootstrapSpec`, read from the package root (works from `dist/` too). */
export function loadSpecSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(packageRoot(), SPEC_SCHEMA_FILE), "utf8")) as Record<string, unknown>;
}

function validator(): ValidateFunction {
  compiled ??= loadSpecValidator();
  return compiled;
}

type SchemaNode = {
  $ref?: string;
  type?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
};

let keyPlaces: Map<string, string[]> | undefined;

/**
 * Where each key of the spec is known, as paths with `[]` for any list index (`sshAuthorizedKeys`:
 * `users[]`), from the schema's definitions (read on the first unknown key only).
 */
function placesOfKeys(): Map<string, string[]> {
  if (keyPlaces !== undefined) return keyPlaces;
  const schema = loadSpecSchema() as { definitions: Record<string, SchemaNode> };
  const places = new Map<string, string[]>();
  const deref = (node: SchemaNode | undefined): SchemaNode | undefined =>
    node?.$ref !== undefined ? schema.definitions[node.$ref.replace("#/definitions/", "")] : node;
  const walk = (node: SchemaNode | undefined, at: string, seen: Set<SchemaNode>) => {
    const object = deref(node);
    if (object?.properties === undefined || seen.has(object)) return;
    for (const [key, child] of Object.entries(object.properties)) {
      places.set(key, [...(places.get(key) ?? []), at]);
      const path = at === "" ? key : `${at}.${key}`;
      const list = deref(child);
      walk(
        list?.type === "array" ? list.items : child,
        list?.type === "array" ? `${path}[]` : path,
        new Set([...seen, object]),
      );
    }
  };
  walk(schema.definitions.BootstrapSpec, "", new Set());
  keyPlaces = places;
  return places;
}

/** Where else than at `path` (its parent, with list indexes) `key` is a spec field ("" for the top level). */
function elsewhere(key: string, path: string): string[] {
  const here = path.replace(/\[\d+\]/g, "[]");
  return (placesOfKeys().get(key) ?? []).filter((p) => p !== here);
}

/** The unknown key an `additionalProperties` error names, and the known keys of its mapping. */
function unknownKeyOf(error: ErrorObject): { key: string; known: string[] } {
  return {
    key: String((error.params as { additionalProperty: string }).additionalProperty),
    known: Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}),
  };
}

/** The known key `unknownKeyFix` suggests for the unknown `key`: the spec's name for a cloud-init key, else the nearest. */
function meantKey(key: string, known: string[]): string | undefined {
  return specFieldForCloudInitName(key, known) ?? closestMatch(key, known);
}

/**
 * What to do with the unknown `key` in the mapping at `path`, whose known keys are `known`: the spec's
 * name for a cloud-init key, where else the key is a field, the nearest known key, or remove it.
 */
function unknownKeyFix(key: string, path: string, known: string[]): string {
  const cloudInitField = specFieldForCloudInitName(key, known);
  if (cloudInitField !== undefined)
    return `did you mean \`${cloudInitField}\`? (${cloudInitNameNote(key, cloudInitField)})`;
  const suggestion = closestMatch(key, known);
  const places = elsewhere(key, path);
  if (places.length > 0)
    return (
      `\`${key}\` belongs ${oneOf(places.map((p) => (p === "" ? "at the top level" : `in ${p}`)))}` +
      (suggestion ? `; here, did you mean \`${suggestion}\`?` : "")
    );
  if (suggestion) return `did you mean \`${suggestion}\`?`;
  const knownHere = `known keys here: ${known.sort().join(", ")}`;
  return path === ""
    ? `remove it, or give cloud-config the spec does not model in \`extraCloudConfig\`; ${knownHere}`
    : `remove it; ${knownHere}`;
}

/** Converts a JSON pointer into a spec path, using the data to tell array indexes from keys. */
function pointerToPath(pointer: string, data: unknown): string {
  if (!pointer) return "";
  let path = "";
  let node: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      const index = Number(key);
      path = joinPath(path, index);
      node = node[index];
    } else {
      path = joinPath(path, key);
      node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

/** `the string "x"`, `the number 4`, `a list`, `a mapping`, `null`: a value as the spec's messages say it. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === "function") return "a function";
  return `the ${typeof value} ${String(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "a boolean (true or false)",
};

function typeName(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(" or ");
}

function toProblem(error: ErrorObject, data: unknown): SpecProblem {
  const path = pointerToPath(error.instancePath, data);
  switch (error.keyword) {
    case "additionalProperties": {
      const { key, known } = unknownKeyOf(error);
      return { path: joinPath(path, key), message: `unknown key; ${unknownKeyFix(key, path, known)}` };
    }
    case "required": {
      const key = String((error.params as { missingProperty: string }).missingProperty);
      return { path: joinPath(path, key), message: "is required; add it" };
    }
    case "type":
      return {
        path,
        message: `must be ${typeName((error.params as { type: unknown }).type)}, not ${describeValue(error.data)}${typeHint(path, error.data)}`,
      };
    case "enum": {
      const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const cloudInitValue =
        typeof error.data === "string" ? specValueForCloudInitValue(error.data, allowed) : undefined;
      const suggestion = typeof error.data === "string" ? closestMatch(error.data, allowed) : undefined;
      const hint = cloudInitValue
        ? ` (did you mean \`${cloudInitValue}\`? cloud-init's \`${String(error.data)}\` is \`${cloudInitValue}\` in a spec)`
        : suggestion
          ? ` (did you mean \`${suggestion}\`?)`
          : "";
      return { path, message: `${describeValue(error.data)} is not one of ${allowed.join(", ")}${hint}` };
    }
    default:
      return { path, message: `${error.message ?? "is invalid"} (got ${describeValue(error.data)})` };
  }
}

/**
 * Checks keys, types, enums and required fields; every problem is reported, at most one per path.
 * The strings `unsettled` accepts are not final (a fleet's base spec, whose `%{...}` placeholders are
 * filled in per member): only their type is checked, not their value (enums).
 */
export function validateAgainstSchema(input: unknown, unsettled?: (value: string) => boolean): SpecProblem[] {
  const validate = validator();
  if (validate(input)) return [];
  const problems: SpecProblem[] = [];
  const typeErrorPaths = new Set(
    (validate.errors ?? []).filter((e) => e.keyword === "type").map((e) => e.instancePath),
  );
  const settled = (e: ErrorObject) =>
    e.keyword === "type" || typeof e.data !== "string" || unsettled?.(e.data) !== true;
  // A value that may take one of several types (`anyOf`, e.g. `sudo`: a string or a list) gets one
  // type error per branch: report them as one problem naming every accepted type.
  // A branch that matched the type but failed inside (`sudo: [5]`) is the one meant: the other
  // branches' type errors at the same place are dropped.
  const all = (validate.errors ?? []).filter(settled);
  const errors = all.filter(
    (e) =>
      !(
        e.keyword === "type" &&
        e.schemaPath.includes("/anyOf/") &&
        all.some((o) => o.instancePath.startsWith(`${e.instancePath}/`))
      ),
  );
  const typesAt = new Map<string, unknown[]>();
  for (const e of errors) {
    if (e.keyword !== "type") continue;
    const t = (e.params as { type: unknown }).type;
    typesAt.set(e.instancePath, [...(typesAt.get(e.instancePath) ?? []), ...(Array.isArray(t) ? t : [t])]);
  }
  // A required field written under a wrong name (`content_type` for `contentType`) is one mistake: the
  // unknown key's "did you mean `contentType`?" says it, a second line "contentType: is required" not.
  const meant = new Set(
    errors
      .filter((e) => e.keyword === "additionalProperties")
      .map((e) => {
        const { key, known } = unknownKeyOf(e);
        return `${e.instancePath}\u0000${meantKey(key, known) ?? ""}`;
      }),
  );
  const seen = new Set<string>();
  for (const rawError of errors) {
    if (rawError.keyword === "anyOf" && typeErrorPaths.has(rawError.instancePath)) continue;
    if (
      rawError.keyword === "required" &&
      meant.has(
        `${rawError.instancePath}\u0000${String((rawError.params as { missingProperty: string }).missingProperty)}`,
      )
    )
      continue;
    const error =
      rawError.keyword === "type"
        ? { ...rawError, params: { type: typesAt.get(rawError.instancePath) ?? [] } }
        : rawError;
    // A wrong type makes the enum/format errors at the same place noise.
    if (
      error.keyword !== "type" &&
      typeErrorPaths.has(error.instancePath) &&
      error.keyword !== "additionalProperties"
    ) {
      continue;
    }
    const problem = toProblem(error, input);
    const key = `${problem.path}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}
