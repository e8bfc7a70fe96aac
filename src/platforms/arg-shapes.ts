/**
 * The shape of a platform's arguments, checked against the package schema (`schema/pulumi-package.json`:
 * generated from the TypeScript interfaces in `args.ts` and checked against them by a test, so it lists
 * exactly their documented fields and types). A TypeScript program that casts, or a JavaScript one, can
 * pass anything; without this check a string where a list belongs fails deep inside a platform
 * (`macs.forEach is not a function`) or in serialization, with no property path.
 *
 * Checked: unknown keys (with the nearest field), the JSON type of every plain value (string, integer,
 * boolean, list, mapping), enum members, required fields left out (or null), list entries that are null,
 * and Outputs or Promises where the platform needs a plain value (`plain` in the schema: it decides which
 * resources exist), the arguments as a whole included: `vsphere: pulumi.output({...})` is refused with
 * its path (give Outputs to its fields instead). Where the platform's `validate` reports the same path
 * its message is kept (it is more specific: `seedImage.format`, `proxmox.nodeName`), and a required field
 * inside a mapping it refuses as a whole (options of another transport) is not reported. Not checked
 * here: values that are still Outputs or Promises (they are checked when they resolve, or by the
 * provider). The provider plugin, which receives a platform argument as one Output when it is a secret or
 * has dependencies, spreads it into a mapping first (`spreadPlatformOutput`, arg-spread.ts).
 */
import { isPromiseLike } from "../core/known";
import { closestMatch, isPathWithin, joinPath, type SpecProblem } from "../core/problems";
import { describeValue } from "../spec/validate-schema";
import { about, describe, fieldList, isPrimitive, sample, TYPE_NAMES } from "./arg-wording";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformKey } from "./platform-args";
import { isPlainObject, platformArgsSchema, refType, type PropertySchema } from "./arg-schema";

/** Where the platform's own field sends what the schema does not list (vSphere: any VirtualMachine argument). */
const OTHER_ARGUMENTS: Partial<Record<PlatformKey, string>> = {
  vsphere: "other `VirtualMachine` arguments go in `passthrough`",
};

function isDeferred(value: unknown): boolean {
  return pulumi.Output.isInstance(value) || isPromiseLike(value);
}

/** A path inside the platform's arguments, as keys and list indexes. */
type Segments = readonly (string | number)[];

function pathOf(at: Segments): string {
  return at.reduce<string>((path, key) => joinPath(path, key), "");
}

/**
 * A shape problem; `unreadable`: the platform's checks would read the value as another type; `missing`: a
 * required field left out (moot when the platform reports the mapping holding it, e.g. options of another
 * transport).
 */
interface ShapeProblem {
  at: Segments;
  message: string;
  unreadable: boolean;
  missing?: boolean;
}

class ShapeCheck {
  readonly problems: ShapeProblem[] = [];

  constructor(private readonly key: PlatformKey) {}

  /**
   * A problem at `at`. The platform's checks can read the value only when it is a primitive where another
   * primitive belongs (they check such values themselves, e.g. a VM id given as 9000.5).
   */
  private add(at: Segments, message: string, value: unknown, expectsPrimitive: boolean): void {
    const primitive = ["string", "number", "boolean"].includes(typeof value);
    this.problems.push({ at, message, unreadable: !(primitive && expectsPrimitive) });
  }

  /** `value` at `at` against `schema`; `inList`: a list entry or map value. */
  value(value: unknown, schema: PropertySchema, at: Segments, inList: boolean): void {
    if (isDeferred(value)) {
      if (schema.plain === true) {
        this.add(
          at,
          "must be a plain value, not an Output or Promise: it decides which resources the component creates; give it directly",
          value,
          false,
        );
      }
      return;
    }
    if (value === undefined || value === null) {
      // An unset property; a list entry must be something.
      if (inList) {
        this.add(
          at,
          `must be ${this.expected(schema)}, not ${describeValue(value)}; remove the entry or give one`,
          value,
          false,
        );
      }
      return;
    }
    if (schema.$ref !== undefined) {
      this.ref(value, schema.$ref, at);
      return;
    }
    switch (schema.type) {
      case "string":
        if (typeof value !== "string")
          this.wrongType(
            value,
            schema,
            at,
            isPrimitive(value) ? `\`${JSON.stringify(String(value))}\`` : undefined,
          );
        return;
      case "integer":
        if (!Number.isInteger(value)) this.wrongType(value, schema, at, this.numberHint(value, true));
        return;
      case "number":
        if (typeof value !== "number" || !Number.isFinite(value))
          this.wrongType(value, schema, at, this.numberHint(value, false));
        return;
      case "boolean":
        if (typeof value !== "boolean")
          this.wrongType(
            value,
            schema,
            at,
            value === "true" || value === "false" ? `\`${value}\`` : undefined,
          );
        return;
      case "array":
        if (!Array.isArray(value)) {
          this.wrongType(
            value,
            schema,
            at,
            this.fits(value, schema.items) ? `\`[${sample(value)}]\`` : undefined,
          );
          return;
        }
        value.forEach((item, i) => this.value(item, schema.items ?? {}, [...at, i], true));
        return;
      case "object":
        if (!isPlainObject(value)) {
          this.wrongType(value, schema, at, undefined);
          return;
        }
        if (schema.additionalProperties !== undefined) {
          for (const [k, v] of Object.entries(value))
            this.value(v, schema.additionalProperties, [...at, k], true);
        }
        return;
    }
  }

  /** A value of a named type: an enum (its type and members) or an object (its keys and required fields). */
  private ref(value: unknown, ref: string, at: Segments): void {
    const type = refType(ref); // undefined for pulumi.json#/Any
    if (type === undefined) return;
    if (type.enum !== undefined) {
      if (typeof value !== type.type) {
        this.wrongType(value, { type: type.type as PropertySchema["type"] }, at, undefined);
      } else if (!type.enum.some((member) => member.value === value)) {
        const members = type.enum.map((member) => String(member.value));
        const suggestion = typeof value === "string" ? closestMatch(value, members) : undefined;
        const hint = suggestion === undefined ? "" : ` (did you mean \`${suggestion}\`?)`;
        const message = `${describeValue(value)} is not one of ${members.map((m) => JSON.stringify(m)).join(", ")}${hint}`;
        // The platform's checks take any value of the enum's type (they word members themselves).
        this.problems.push({ at, message, unreadable: false });
      }
      return;
    }
    if (!isPlainObject(value)) {
      const hint =
        Array.isArray(value) && value.length === 1 && this.fits(value[0], { $ref: ref })
          ? `; e.g. \`${sample(value[0])}\``
          : "";
      this.add(
        at,
        `must be a mapping (${fieldList(type)}), not ${describeValue(value)}${hint}`,
        value,
        false,
      );
      return;
    }
    const properties = type.properties ?? {};
    for (const [k, v] of Object.entries(value)) {
      const property = properties[k];
      if (property === undefined) {
        // Unknown keys are harmless to the platform's checks (they never read them).
        if (v !== undefined) {
          const message = `unknown key; ${this.unknownKeyFix(k, at, properties)}`;
          this.problems.push({ at: [...at, k], message, unreadable: false });
        }
        continue;
      }
      this.value(v, property, [...at, k], false);
    }
    for (const k of type.required ?? []) {
      if (value[k] === undefined || value[k] === null) {
        const message = `is required; add it${about(properties[k])}`;
        this.problems.push({ at: [...at, k], message, unreadable: false, missing: true });
      }
    }
  }

  private unknownKeyFix(key: string, at: Segments, properties: Record<string, PropertySchema>): string {
    const known = Object.keys(properties);
    const suggestion = closestMatch(key, known);
    const other = at.length === 0 ? OTHER_ARGUMENTS[this.key] : undefined;
    if (suggestion !== undefined) return `did you mean \`${suggestion}\`?${other ? ` (${other})` : ""}`;
    return `remove it${other ? ` (${other})` : ""}; known keys here: ${[...known].sort().join(", ")}`;
  }

  private wrongType(value: unknown, schema: PropertySchema, at: Segments, example: string | undefined): void {
    const expectsPrimitive = ["string", "integer", "number", "boolean"].includes(schema.type ?? "");
    const fix = pulumi.Resource.isInstance(value)
      ? `; give one of its outputs${expectsPrimitive ? ", e.g. its `id`" : ""}`
      : example
        ? `; e.g. ${example}`
        : "";
    this.add(at, `must be ${this.expected(schema)}, not ${describe(value)}${fix}`, value, expectsPrimitive);
  }

  private expected(schema: PropertySchema): string {
    if (schema.$ref !== undefined) {
      const type = refType(schema.$ref);
      if (type?.enum !== undefined) return TYPE_NAMES[type.type ?? ""] ?? "a value";
      return type ? `a mapping (${fieldList(type)})` : "a value";
    }
    const name = TYPE_NAMES[schema.type ?? ""] ?? "a value";
    return schema.type === "array" && schema.items !== undefined
      ? `a list of ${this.plural(schema.items)}`
      : name;
  }

  private plural(schema: PropertySchema): string {
    if (schema.$ref !== undefined) return "mappings";
    const names: Record<string, string> = {
      string: "strings",
      integer: "integers",
      number: "numbers",
      boolean: "booleans",
    };
    return names[schema.type ?? ""] ?? "values";
  }

  private numberHint(value: unknown, integer: boolean): string | undefined {
    if (typeof value !== "string" || value.trim() === "") return undefined;
    const n = Number(value);
    return (integer ? Number.isInteger(n) : Number.isFinite(n)) ? `\`${n}\`` : undefined;
  }

  /** True when `value` would pass `schema` (for a hint that wraps or unwraps it). */
  private fits(value: unknown, schema: PropertySchema | undefined): boolean {
    if (schema === undefined || value === undefined || value === null) return false;
    const probe = new ShapeCheck(this.key);
    probe.value(value, schema, [], false);
    // A required field the value leaves out is reported once the wrapping is fixed.
    return probe.problems.every((p) => p.missing === true);
  }
}

/**
 * The problems of platform `key`'s arguments, paths relative to the platform field (or `bootstrap.`):
 * their shape against the package schema (unknown keys, wrong types, enum members, required fields, null
 * list entries, Outputs where a plain value is needed, the arguments themselves an Output or Promise), and
 * `validate`'s. A value the platform's checks would read as another type (a string where a list belongs)
 * stops there: the shape's problems alone are reported (the checks would crash, or report the value as
 * missing). A primitive of another primitive type (`"4096"` for a number), an enum member or a required
 * field the checks may word themselves: where both report one path the platform's message (more specific)
 * is kept, and where a check fails with a TypeError the shape's problems alone are reported.
 */
export function platformArgProblems(
  key: PlatformKey,
  args: unknown,
  validate: (args: unknown) => SpecProblem[],
): SpecProblem[] {
  // Their fields decide which resources exist (NICs, ports, a seed ISO), so they cannot wait for an
  // Output as a whole (the provider plugin spreads one it receives first: spreadPlatformOutput).
  if (isDeferred(args)) {
    // Refused unread: a rejection of it must not also end the program as an unhandled one.
    if (isPromiseLike(args)) Promise.resolve(args).catch(() => undefined);
    return [{ path: "", message: wholeDeferredMessage(key) }];
  }
  const check = new ShapeCheck(key);
  check.value(args, platformArgsSchema(key), [], false);
  const shape = check.problems.map((p) => ({ path: pathOf(p.at), message: p.message }));
  if (check.problems.some((p) => p.unreadable)) return shape;
  let platform: SpecProblem[];
  try {
    platform = validate(args);
  } catch (err) {
    // A check that reads a primitive as its own type (`mac.toLowerCase()` on a number) fails on one of
    // another; the shape's problems say what is wrong.
    if (shape.length > 0 && err instanceof TypeError) return shape;
    throw err;
  }
  // Moot where the platform words the path itself, and a required field where it refuses the mapping.
  const moot = (p: ShapeProblem): boolean => {
    const path = pathOf(p.at);
    return platform.some((q) => q.path === path || (p.missing === true && isPathWithin(path, q.path)));
  };
  const kept = check.problems.filter((p) => !moot(p));
  return [...kept.map((p) => ({ path: pathOf(p.at), message: p.message })), ...platform];
}

/** The message for platform arguments given as one Output or Promise. */
function wholeDeferredMessage(key: PlatformKey): string {
  const type = refType(platformArgsSchema(key).$ref) ?? {};
  const properties = type.properties ?? {};
  const example =
    type.required?.[0] ?? Object.keys(properties).find((k) => properties[k]?.plain !== true) ?? "name";
  return (
    `must be a mapping (${fieldList(type)}) given directly, not an Output or Promise: its fields decide ` +
    `which resources the component creates; give Outputs to its fields instead, e.g. ` +
    `\`{ ${example}: <Output>, ... }\``
  );
}
