/**
 * The package schema (`schema/pulumi-package.json`) as the platform-argument code reads it: the types of
 * each platform's arguments, for their shape check (arg-shapes.ts) and for spreading one that arrives as
 * one Output (arg-spread.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../spec/package-root";
import type { PlatformKey } from "./platform-args";

/** A property (or list item, or map value) in the package schema. */
export interface PropertySchema {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  $ref?: string;
  items?: PropertySchema;
  additionalProperties?: PropertySchema;
  plain?: boolean;
  description?: string;
}

/** A type in the package schema: an object with properties (some `required`), or an enum. */
export interface TypeSchema {
  type?: string;
  properties?: Record<string, PropertySchema>;
  required?: string[];
  enum?: { value: unknown }[];
}

/** The schema type of each platform's arguments. */
const PLATFORM_TYPES: Record<PlatformKey, string> = {
  vsphere: "VsphereArgs",
  openstack: "OpenstackArgs",
  seedImage: "SeedImageArgs",
  proxmox: "ProxmoxArgs",
};

const TYPE_PREFIX = "#/types/bootstrapped-vm:index:";

interface PackageSchema {
  types: Record<string, TypeSchema>;
  resources: Record<string, { inputProperties?: Record<string, PropertySchema> }>;
}

let schema: PackageSchema | undefined;
let types: Record<string, TypeSchema> | undefined;

/** The package schema (read once). */
function packageSchema(): PackageSchema {
  schema ??= JSON.parse(
    readFileSync(join(packageRoot(), "schema", "pulumi-package.json"), "utf8"),
  ) as PackageSchema;
  return schema;
}

/** The package schema's types, by name without the package prefix (read once). */
function schemaTypes(): Record<string, TypeSchema> {
  types ??= Object.fromEntries(
    Object.entries(packageSchema().types).map(([token, t]) => [token.slice(token.lastIndexOf(":") + 1), t]),
  );
  return types;
}

/** The input properties of the package's resource or component `token` (e.g. its `BootstrappedVm`). */
export function resourceInputsSchema(token: string): Record<string, PropertySchema> {
  return packageSchema().resources[token]?.inputProperties ?? {};
}

/** The named type `ref` points to (`#/types/bootstrapped-vm:index:<Name>`); undefined for another ref. */
export function refType(ref: string | undefined): TypeSchema | undefined {
  return ref?.startsWith(TYPE_PREFIX) ? schemaTypes()[ref.slice(TYPE_PREFIX.length)] : undefined;
}

/** The schema of platform `key`'s arguments, as a property referring to its type. */
export function platformArgsSchema(key: PlatformKey): PropertySchema {
  return { $ref: `${TYPE_PREFIX}${PLATFORM_TYPES[key]}` };
}

/** A mapping given as a plain object literal (not a class instance, an Output or an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  // `Object.prototype` of any realm, or none.
  const proto = Object.getPrototypeOf(value) as object | null;
  return (
    (proto === null || Object.getPrototypeOf(proto) === null) &&
    Object.prototype.toString.call(value) === "[object Object]"
  );
}
