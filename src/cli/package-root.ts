/** Files shipped with the package that the CLI reads: the JSON Schema and the sample spec. */
import { join } from "node:path";
import { packageRoot } from "../spec/package-root";
import { SPEC_SCHEMA_FILE } from "../spec/schema-file";

export { packageRoot };

/** Path of the committed JSON Schema of `BootstrapSpec`. */
export function schemaPath(): string {
  return join(packageRoot(), SPEC_SCHEMA_FILE);
}

/** Path of the sample spec `render-sample` renders. */
export function sampleSpecPath(): string {
  return join(packageRoot(), "examples", "sample-spec.yaml");
}
