import { readFileSync } from "node:fs";
import { join } from "node:path";
import { specValidatorText } from "../../src/spec/generate-validator";
import { validateAgainstSchema } from "../../src/spec/validate-schema";

const committed = readFileSync(join(__dirname, "..", "..", "schema", "bootstrap-spec.validate.js"), "utf8");

describe("schema/bootstrap-spec.validate.js", () => {
  it("equals a fresh generation from the committed JSON Schema (run `npm run schema` after changing the types)", () => {
    expect(committed).toBe(specValidatorText());
  });

  it("is what structural validation runs: it reports unknown keys with the schema's known keys", () => {
    expect(validateAgainstSchema({ hostname: "web-01", hostnam: "x" })).toEqual([
      { path: "hostnam", message: "unknown key; did you mean `hostname`?" },
    ]);
  });
});
