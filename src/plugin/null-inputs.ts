/**
 * A `null` from another language is no value. Pulumi YAML's `null` and a raw Python dict's `None` reach the
 * plugin as null (Go and the generated argument classes leave unset fields out), and Pulumi's providers
 * take a null input as an unset one. The component's own checks were made for TypeScript, where an unset
 * field is absent: `onChange: null` was "not a change policy", `bootstrap.domain: null` "must be a string,
 * not null", while a platform argument's null was already unset. So, following the package schema, a
 * property whose value is null is dropped, at any depth of plain values: of a type's properties and of a
 * typed map (`metadata`). Kept as they are: the nulls of free-form cloud-config (`extraCloudConfig`,
 * `vendorCloudConfig`: `pulumi.json#/Any`, where null is YAML's null and means what cloud-init makes of it),
 * a list's null items (the checks name them) and keys the schema does not know (the checks name them). A
 * value that arrives as an Output (a secret, an output value with dependencies) or a Promise has its nulls
 * dropped where it resolves, by the same rule (`apply` keeps its secrecy, dependencies and unknowns), and a
 * typed property whose Output resolves to null is no value: Python's `Output.secret({"domain": None, ...})`,
 * or another resource's output that is null, is the same spec as the plain dict without the field.
 */
import * as pulumi from "@pulumi/pulumi";
import { isPromiseLike } from "../core/known";
import { isPlainObject, refType, resourceInputsSchema, type PropertySchema } from "../platforms/arg-schema";
import { setOwn } from "../util/own-property";

const ANY = "pulumi.json#/Any";

function withoutNulls(value: unknown, schema: PropertySchema): unknown {
  if (pulumi.Output.isInstance(value)) return value.apply((v) => withoutNulls(v, schema));
  if (isPromiseLike(value)) return Promise.resolve(value).then((v) => withoutNulls(v, schema));
  const type = refType(schema.$ref);
  if (type?.properties !== undefined && isPlainObject(value)) return mapping(value, type.properties);
  if (schema.type === "array" && Array.isArray(value)) {
    return value.map((item: unknown) => withoutNulls(item, schema.items ?? {}));
  }
  const values = schema.additionalProperties;
  if (schema.type === "object" && values !== undefined && values.$ref !== ANY && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (v !== null) setOwn(out, key, withoutNulls(v, values));
    return out;
  }
  return value;
}

function mapping(value: Record<string, unknown>, properties: Record<string, PropertySchema>): object {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const property = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (property === undefined) setOwn(out, key, v);
    else if (pulumi.Output.isInstance(v))
      setOwn(
        out,
        key,
        v.apply((x) => (x === null ? undefined : withoutNulls(x, property))),
      );
    else if (v !== null) setOwn(out, key, withoutNulls(v, property));
  }
  return out;
}

/** The inputs of the package's component `token` with every null of a typed property dropped (above). */
export function dropNullInputs(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  return mapping(inputs, resourceInputsSchema(token)) as Record<string, unknown>;
}
