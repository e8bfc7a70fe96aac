/**
 * How the platform-argument checks (arg-shapes.ts) word a value and a schema field in a problem message:
 * the value as the user gave it (`"x"`, `4`, a resource named as one) and the field as the schema
 * describes it (its type, its fields, the first sentence of its description).
 */
import * as pulumi from "@pulumi/pulumi";
import { describeValue } from "../spec/validate-schema";
import type { PropertySchema, TypeSchema } from "./arg-schema";

/** A number, boolean or bigint: a value whose text is a fair example of the string meant. */
export function isPrimitive(value: unknown): boolean {
  return typeof value === "number" || typeof value === "boolean" || typeof value === "bigint";
}

/**
 * `describeValue`, naming a resource as one: from another language, a resource given where one of its
 * outputs belongs arrives as the resource (a resource reference).
 */
export function describe(value: unknown): string {
  if (!pulumi.Resource.isInstance(value)) return describeValue(value);
  const type = (value as unknown as { __pulumiType?: unknown }).__pulumiType;
  return typeof type === "string" ? `a resource (${type})` : "a resource";
}

/** `value` in source form for a hint: `"x"`, `4`, `{ networkId: "n" }`. */
export function sample(value: unknown): string {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value).slice(0, 3);
    const more = Object.keys(value).length > entries.length ? ", ..." : "";
    return `{ ${entries.map(([k, v]) => `${k}: ${sample(v)}`).join(", ")}${more} }`;
  }
  if (Array.isArray(value)) return "[...]";
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

export const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean (true or false)",
  array: "a list",
  object: "a mapping",
};

/** The fields of an object type, for a message: `networkId, adapterType, ...`. */
export function fieldList(type: TypeSchema): string {
  const names = Object.keys(type.properties ?? {});
  return names.length <= 4 ? names.join(", ") : `${names.slice(0, 4).join(", ")}, ...`;
}

/** What a field is, from its schema description, for a message: ` (UUID of the template or VM to clone)`. */
export function about(property: PropertySchema | undefined): string {
  const text = property?.description?.replace(/\s+/g, " ").trim();
  if (!text) return "";
  const sentences = text.split(/(?<=\.)\s+(?=[A-Z])/);
  const kept = [sentences[0] ?? "", ...sentences.slice(1).filter((s) => s.startsWith("Must be one of"))];
  const lower = (s: string) => (/^[A-Z][a-z]/.test(s) ? `${s[0]?.toLowerCase()}${s.slice(1)}` : s);
  return ` (${kept.map((s) => lower(s.replace(/\.$/, ""))).join("; ")})`;
}
