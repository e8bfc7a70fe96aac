/**
 * Generates the JSON Schema of `BootstrapSpec` from `src/spec/types.ts` (the single source of truth for
 * known keys, types and enums). The committed copy lives in `schema/bootstrap-spec.schema.json`;
 * `npm run schema` rewrites it and a test checks that it matches a fresh generation.
 * A development tool (ts-json-schema-generator is a devDependency): nothing at run time imports it.
 */
import { join } from "node:path";
import { createGenerator } from "ts-json-schema-generator";
import { packageRoot } from "./package-root";
import { SPEC_SCHEMA_FILE } from "./schema-file";
import { writeFileAtomic } from "../util/atomic-write";

/**
 * `UserSpec.sudo` is `string[]` in TypeScript (Pulumi's component schema inference refuses unions), but
 * a spec file may give one rule as a string, as cloud-init's `sudo` takes it (cloud-init 22.4
 * `cloudinit/config/schemas/schema-cloud-config-v1.json`, `users_groups.user.sudo`: string, list or
 * false). Validation and rendering take both; the schema says so.
 */
function acceptOneSudoRule(schema: Record<string, unknown>): void {
  const definitions = schema.definitions as Record<
    string,
    { properties?: Record<string, Record<string, unknown>> }
  >;
  const sudo = definitions.UserSpec?.properties?.sudo;
  if (!sudo) throw new Error("generate-schema: UserSpec.sudo not found; update acceptOneSudoRule");
  const { description, ...list } = sudo;
  definitions.UserSpec!.properties!.sudo = { anyOf: [{ type: "string" }, list], description };
}

/** Returns the JSON Schema (draft-07) of `BootstrapSpec`, generated from the TypeScript source. */
export function generateSpecSchema(): object {
  const root = packageRoot();
  const generator = createGenerator({
    path: join(root, "src", "spec", "types.ts"),
    tsconfig: join(root, "tsconfig.json"),
    type: "BootstrapSpec",
    expose: "export",
    topRef: true,
    jsDoc: "extended",
    additionalProperties: false,
    sortProps: true,
    strictTuples: true,
    skipTypeCheck: true,
  });
  const schema = generator.createSchema("BootstrapSpec") as Record<string, unknown>;
  acceptOneSudoRule(schema);
  return {
    ...schema,
    $id: "https://github.com/bootstrapped-vm/bootstrapped-vm/schema/bootstrap-spec.schema.json",
  };
}

/** The schema file's exact text: 2-space JSON and a final newline. */
export function specSchemaText(): string {
  return `${JSON.stringify(generateSpecSchema(), null, 2)}\n`;
}

/** Rewrites `schema/bootstrap-spec.schema.json` from the TypeScript source. */
export function writeSpecSchema(): string {
  const target = join(packageRoot(), SPEC_SCHEMA_FILE);
  writeFileAtomic(target, specSchemaText());
  return target;
}

if (require.main === module) {
  process.stdout.write(`wrote ${writeSpecSchema()}\n`);
}
