import { readFileSync } from "node:fs";
import { join } from "node:path";
import { specSchemaText } from "../../src/spec/generate-schema";
import { loadSpecSchema } from "../../src/spec/validate-schema";

const committed = readFileSync(join(__dirname, "..", "..", "schema", "bootstrap-spec.schema.json"), "utf8");

describe("schema/bootstrap-spec.schema.json", () => {
  it("equals a fresh generation from src/spec/types.ts (run `npm run schema` after changing the types)", () => {
    expect(committed).toBe(specSchemaText());
  });

  it("is what validation loads, and knows every top-level field with closed objects", () => {
    const schema = loadSpecSchema() as {
      definitions: Record<string, { properties?: object; additionalProperties?: unknown }>;
    };
    expect(schema).toEqual(JSON.parse(committed));
    const spec = schema.definitions.BootstrapSpec;
    expect(spec?.additionalProperties).toBe(false);
    expect(Object.keys(spec?.properties ?? {})).toEqual(
      expect.arrayContaining(["hostname", "users", "network", "extraCloudConfig"]),
    );
    for (const name of ["UserSpec", "FileSpec", "InterfaceSpec", "RouteSpec", "PowerStateSpec"]) {
      expect({ name, additionalProperties: schema.definitions[name]?.additionalProperties }).toEqual({
        name,
        additionalProperties: false,
      });
    }
  });
});
