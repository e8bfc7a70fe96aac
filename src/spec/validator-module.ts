/**
 * Loads the validation code generated from the JSON Schema (`schema/bootstrap-spec.validate.js`, Ajv
 * standalone; see `generate-validator.ts`) from the package root, once. The command line's bundle
 * (tools/bundle-cli.ts) replaces this module with one that has the generated file built in, so the CLI
 * reads and compiles one file, not two.
 */
import type { ValidateFunction } from "ajv";
import { join } from "node:path";
import { packageRoot } from "./package-root";
import { SPEC_VALIDATOR_FILE } from "./schema-file";

export function loadSpecValidator(): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- generated CommonJS, loaded once
  return require(join(packageRoot(), SPEC_VALIDATOR_FILE)) as ValidateFunction;
}
