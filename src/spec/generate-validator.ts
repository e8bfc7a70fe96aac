/**
 * Generates the spec's validation code from the committed JSON Schema with Ajv's standalone mode, so
 * the command line does not compile the schema at every start (about 50 ms and 60 Ajv modules). The
 * committed copy lives in `schema/bootstrap-spec.validate.js`; `npm run schema` rewrites it after the
 * schema and a test checks that it matches a fresh generation. A development tool: at run time only
 * the generated file is loaded.
 */
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone";
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic-write";
import { packageRoot } from "./package-root";
import { SPEC_VALIDATOR_FILE } from "./schema-file";
import { loadSpecSchema } from "./validate-schema";

/** The options validation has always compiled the schema with: every error, with its schema and data. */
export const SPEC_AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;

const HEADER = `// Generated from bootstrap-spec.schema.json by \`npm run schema\` (src/spec/generate-validator.ts)
// with Ajv's standalone code. Do not edit; a test checks that it matches a fresh generation.
/* eslint-disable */
`;

/** The generated file's exact text: a CommonJS module whose export is the Ajv validate function. */
export function specValidatorText(schema: Record<string, unknown> = loadSpecSchema()): string {
  const ajv = new Ajv({ ...SPEC_AJV_OPTIONS, code: { source: true } });
  return `${HEADER}${standaloneCode(ajv, ajv.compile(schema))}\n`;
}

/** Rewrites `schema/bootstrap-spec.validate.js` from the committed JSON Schema. */
export function writeSpecValidator(): string {
  const target = join(packageRoot(), SPEC_VALIDATOR_FILE);
  writeFileAtomic(target, specValidatorText());
  return target;
}

if (require.main === module) {
  process.stdout.write(`wrote ${writeSpecValidator()}\n`);
}
