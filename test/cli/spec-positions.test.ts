/**
 * Placing many problems in a long spec file takes one pass over the file, not one for each problem: a file
 * with 20,000 repeated keys took 36 s to report them (the line starts were found again for each), and 20,000
 * wrong values in one mapping of 20,000 keys searched the mapping once for each (12.7 s in all, 4.9 s now:
 * the rest is the `yaml` library's check for repeated keys when the file is read). Before they are placed, a
 * spec's problems are sorted by the file each is placed in (a fleet member's: the base spec or the plan) in
 * one pass too: each file's list was copied for each problem added (`render` of 32,000 problems: 12.2 s,
 * `validate` of the same file 1.6 s). The work is counted, not timed: the calls that find line starts, the
 * `yaml.isScalar` calls that look at a mapping's keys, and the items arrays are iterated over.
 */
import type * as Yaml from "yaml";
import * as specPositions from "../../src/cli/spec-positions";
import { InputError } from "../../src/cli/errors";
import { acceptSpecPlacing, parseSpecText } from "../../src/cli/load-spec";
import type { SpecProblem } from "../../src/core/problems";

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

/**
 * The items that array iterators step over while `run` runs: a copy by spreading (`[...list, item]`) takes
 * one step for each item copied. Counted by replacing `Array.prototype[Symbol.iterator]` meanwhile (V8 then
 * spreads arrays through it).
 */
function arraySteps(run: () => void): number {
  const prototype = Array.prototype as unknown as Record<symbol, (this: unknown[]) => Iterator<unknown>>;
  const iterate = prototype[Symbol.iterator] as (this: unknown[]) => Iterator<unknown>;
  let steps = 0;
  prototype[Symbol.iterator] = function (this: unknown[]) {
    const items = iterate.call(this);
    return {
      next: () => {
        steps++;
        return items.next();
      },
      [Symbol.iterator]() {
        return this;
      },
    } as Iterator<unknown>;
  };
  try {
    run();
  } finally {
    prototype[Symbol.iterator] = iterate;
  }
  return steps;
}

describe("a spec's problems are sorted by the file they are placed in, in one pass", () => {
  it("many problems in two files (a fleet member's base spec and plan): each problem is added once", () => {
    const M = 1000;
    const spec = { hostname: "h", users: Array.from({ length: M }, (_, i) => ({ name: `Bad User ${i}` })) };
    // Values read from no file: their problems are printed unplaced, the first file's first.
    const [base, plan] = [{}, {}];
    const placedBy = (problem: SpecProblem) => (/^users\[\d*[05]\]/.test(problem.path) ? plan : base);
    let lines: readonly string[] = [];
    const steps = arraySteps(() => {
      lines = inputErrorLines(() => acceptSpecPlacing(spec, placedBy));
    });
    expect(lines).toHaveLength(M);
    expect(lines[0]).toMatch(/^users\[0\]\.name: "Bad User 0" is not a POSIX user name/);
    expect(lines[1]).toMatch(/^users\[5\]\.name: /);
    expect(lines[M / 5 - 1]).toMatch(new RegExp(`^users\\[${M - 5}\\]\\.name: `));
    expect(lines[M / 5]).toMatch(/^users\[1\]\.name: /);
    expect(lines[M - 1]).toMatch(new RegExp(`^users\\[${M - 1}\\]\\.name: `));
    // Validating the spec takes about 11 steps for each user. Copying a file's list for each problem added
    // took (200 * 199 + 800 * 799) / 2 = 339,500 more.
    expect(steps).toBeLessThanOrEqual(20 * M);
  });
});
