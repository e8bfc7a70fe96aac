import { join } from "node:path";

/** Path of the committed JSON Schema of `BootstrapSpec`, relative to the package root. */
export const SPEC_SCHEMA_FILE = join("schema", "bootstrap-spec.schema.json");

/** Path of the validation code generated from it (Ajv standalone), relative to the package root. */
export const SPEC_VALIDATOR_FILE = join("schema", "bootstrap-spec.validate.js");
