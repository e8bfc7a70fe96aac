/**
 * Platform arguments that arrive as one Output (the provider plugin: see `spreadPlatformOutput`), spread
 * into the mapping the component takes, following the package schema (arg-schema.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { isPlainObject, platformArgsSchema, refType, type PropertySchema } from "./arg-schema";
import type { PlatformKey } from "./platform-args";

/**
 * Platform arguments that arrived as one Output whose value is `value` (the provider plugin: Pulumi's
 * provider server wraps an input that is secret or has dependencies in one; see plugin/provider.ts), as
 * the component takes them: the fields that decide which resources exist (`plain` in the schema) as
 * plain values, every other field an Output lifted from `whole` (`whole.networkId`), which keeps the
 * whole's secretness and dependencies. A value the schema does not describe is kept as it is, for the
 * checks to report; an unknown one (a preview) stays an Output, which a plain field refuses.
 */
export function spreadPlatformOutput(
  key: PlatformKey,
  whole: pulumi.Output<unknown>,
  value: unknown,
): unknown {
  return spread(value, { ...platformArgsSchema(key), plain: true }, whole);
}

function spread(value: unknown, schema: PropertySchema, lifted: pulumi.Output<unknown>): unknown {
  if (value === undefined || value === null) return value;
  if (pulumi.isUnknown(value) || schema.plain !== true) return lifted;
  const type = refType(schema.$ref);
  if (type?.properties !== undefined && isPlainObject(value)) {
    const properties = type.properties;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const property = properties[k];
        return [k, property === undefined ? v : spread(v, property, field(lifted, k))];
      }),
    );
  }
  if (schema.type === "array" && Array.isArray(value)) {
    return value.map((item, i) => spread(item, schema.items ?? {}, field(lifted, i)));
  }
  if (schema.type === "object" && schema.additionalProperties !== undefined && isPlainObject(value)) {
    const values = schema.additionalProperties;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, spread(v, values, field(lifted, k))]),
    );
  }
  return value;
}

/** `output[key]` as an Output: Pulumi lifts property access (known even where other fields are unknown). */
function field(output: pulumi.Output<unknown>, key: string | number): pulumi.Output<unknown> {
  const lifted: unknown = (output as unknown as Record<string | number, unknown>)[key];
  if (pulumi.Output.isInstance(lifted)) return lifted;
  // A key that names a member of Output itself (`apply`, `get`).
  return output.apply((v) => (v as Record<string | number, unknown> | undefined)?.[key]);
}
