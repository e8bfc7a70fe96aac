/**
 * Placing many problems in a long spec file takes one pass over the file, not one for each problem: a file
 * with 20,000 repeated keys took 36 s to report them (the line starts were found again for each), and 20,000
 * wrong values in one mapping of 20,000 keys searched the mapping once for each (12.7 s in all, 4.9 s now:
 * the rest is the `yaml` library's check for repeated keys when the file is read). The work is counted, not
 * timed: the calls that find line starts, and the `yaml.isScalar` calls that look at a mapping's keys.
 */
import type * as Yaml from "yaml";
import * as specPositions from "../../src/cli/spec-positions";
import { InputError } from "../../src/cli/errors";
import { parseSpecText } from "../../src/cli/load-spec";

const N = 300;

/** The `yaml` module's own exports object, which spec-positions.ts requires (an import's namespace is a copy). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("yaml") as typeof Yaml;

function inputErrorLines(read: () => unknown): readonly string[] {
  try {
    read();
  } catch (err) {
    if (err instanceof InputError) return err.lines;
    throw err;
  }
  throw new Error("no InputError");
}

afterEach(() => jest.restoreAllMocks());

describe("problems of a long spec file are placed in one pass over it", () => {
  it.each([
    [
      "JSON",
      "spec.json",
      `{\n${Array.from({ length: N }, (_, i) => `  "hostname": "h${i}",\n`).join("")}  "x": 1\n}\n`,
    ],
    ["YAML", "spec.yaml", Array.from({ length: N }, (_, i) => `hostname: h${i}\n`).join("")],
  ])("%s: the line starts of a file with many repeated keys are found once", (_kind, file, text) => {
    const linePositions = jest.spyOn(specPositions, "linePositions");
    const lines = inputErrorLines(() => parseSpecText(file, text));
    expect(lines).toHaveLength(N - 1);
    // Each repeated key where it is: the JSON file's keys from line 3 on, the YAML file's from line 2.
    const first = file.endsWith(".json") ? 3 : 2;
    expect(lines[0]).toBe(
      `${file}:${first}:${first === 3 ? 3 : 1}: duplicate key "hostname"; a mapping holds each key once (keep one)`,
    );
    expect(lines[N - 2]).toMatch(
      new RegExp(`^${file.replace(".", "\\.")}:${first + N - 2}:\\d+: duplicate key`),
    );
    expect(linePositions).toHaveBeenCalledTimes(1);
  });

  it("a mapping's keys are looked at once, however many of its properties have problems", () => {
    const text = `hostname: h\nmetadata:\n${Array.from({ length: N }, (_, i) => `  k${i}: {a: 1}\n`).join("")}`;
    const problems = Array.from({ length: N }, (_, i) => ({
      path: `metadata.k${i}`,
      message: "must be a string",
    }));
    const isScalar = jest.spyOn(yaml, "isScalar");
    const lines = specPositions.placeProblems("spec.yaml", text, problems);
    expect(lines).toHaveLength(N);
    expect(lines[0]).toBe("spec.yaml:3:3: metadata.k0: must be a string");
    expect(lines[N - 1]).toBe(`spec.yaml:${N + 2}:3: metadata.k${N - 1}: must be a string`);
    // The top mapping's 2 keys and the metadata mapping's N, once each: searching the mapping for each
    // problem looked at N * (N + 1) / 2 keys (45,150 here).
    expect(isScalar.mock.calls.length).toBeLessThanOrEqual(N + 2);
  });
});
