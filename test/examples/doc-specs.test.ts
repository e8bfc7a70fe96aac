/**
 * The spec samples in README.md and docs/*.md (every ```yaml block that begins with `hostname:`) are valid
 * as written: a user who copies one gets no problem from `validate`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { validateSpec } from "../../src/render/validate-spec";

const ROOT = join(__dirname, "..", "..");
const documents = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

const samples = documents.flatMap((doc) =>
  [...readFileSync(join(ROOT, doc), "utf8").matchAll(/^```yaml\n(hostname:[^]*?)^```$/gm)].map(
    (m, i) => [`${doc} sample ${i + 1}`, m[1] as string] as const,
  ),
);

describe("spec samples in the documentation", () => {
  it("are there to check", () => {
    expect(samples.map(([name]) => name)).toEqual(
      expect.arrayContaining(["README.md sample 1", "docs/spec.md sample 1"]),
    );
  });

  it.each(samples)("%s is a valid spec", (_name, text) => {
    expect(validateSpec(parseYaml(text))).toEqual([]);
  });
});
