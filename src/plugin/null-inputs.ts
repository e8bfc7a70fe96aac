/**
 * A `null` from another language is no value. Pulumi YAML's `null` and a raw Python dict's `None` reach the
 * plugin as null (Go and the generated argument classes leave unset fields out), and Pulumi's providers
 * take a null input as an unset one. The component's own checks were made for TypeScript, where an unset
 * field is absent: `onChange: null` was "not a change policy", `bootstrap.domain: null` "must be a string,
 * not null", while a platform argument's null was already unset. So, following the package schema, a
 * property whose value is null is dropped, at any depth of plain values: of a type's properties and of a
 * typed map (`metadata`). Kept as they are: the nulls of free-form cloud-config (`extraCloudConfig`,
 * `vendorCloudConfig`: `pulumi.json#/Any`, where null is YAML's null and means what cloud-init makes of it),
 * a list's null items (the checks name them), keys the schema does not know (the checks name them) and
 * every Output or Promise (read where it resolves).
 */
import { isPlainObject, refType, resourceInputsSchema, type PropertySchema } from "../platforms/arg-schema";
import { setOwn } from "../util/own-property";

const ANY = "pulumi.json#/Any";

function withoutNulls(value: unknown, schema: PropertySchema): unknown {
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
    else if (v !== null) setOwn(out, key, withoutNulls(v, property));
  }
  return out;
}

/** The inputs of the package's component `token` with every null of a typed property dropped (above). */
export function dropNullInputs(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  return mapping(inputs, resourceInputsSchema(token)) as Record<string, unknown>;
}
