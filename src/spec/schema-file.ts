import { join } from "node:path";

/** Path of the committed JSON Schema of `BootstrapSpec`, relative to the package root. */
export const SPEC_SCHEMA_FILE = join("schema", "bootstrap-spec.schema.json");
