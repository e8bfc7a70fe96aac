/**
 * A spec file named `.json` is read as JSON (RFC 8259), not as YAML: its value is the one `JSON.parse`
 * gives, a repeated key is refused where the YAML reader refused it, and a text that is not JSON is refused
 * at its first mistake (jsonSyntaxProblem, which must agree with `JSON.parse` on what is JSON).
 *
 * Runs: BVM_JSON_CASES (default 400) texts per property from BVM_JSON_SEED (default 8259).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { jsonSyntaxProblem } from "../../src/cli/json-syntax";
import { parsePlainJson } from "../../src/cli/json-spec";
import { InputError } from "../../src/cli/errors";
import { readSpecFile } from "../../src/cli/load-spec";

const CASES = Number(process.env.BVM_JSON_CASES ?? 400);
const SEED = Number(process.env.BVM_JSON_SEED ?? 8259);

/** JSON text with what a writer may choose: escapes, number forms, white space, key repeats. */
interface JsonText {
  text: string;
  /** Whether some object of it repeats a key (after its escapes are read). */
  repeats: boolean;
}

/** JSON's white space between tokens (mostly none or a space) made of `units`. */
const spaceOf = (units: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("", " ") },
    {
      weight: 1,
      arbitrary: fc.array(fc.constantFrom(...units), { maxLength: 3 }).map((parts) => parts.join("")),
    },
  );

const anySpace = spaceOf([" ", "\t", "\n", "\r\n", "\r", "  "]);

/**
 * JSON's white space but a lone CR, which the YAML reader takes for a line break, in a key too: it read
 * `{\r"a":1}` as `{"\r\"a\":1": null}` and refused `{"v":[[\r-0.0e-0]]}`.
 */
const crlfSpace = spaceOf([" ", "\t", "\n", "\r\n", "  "]);

const hex4 = (n: number, upper: boolean): string => {
  const h = n.toString(16).padStart(4, "0");
  return upper ? h.toUpperCase() : h;
};

/** One character of a JSON string, as written: itself, an escape, a \u escape or a surrogate pair. */
const stringUnit = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .integer({ min: 0x20, max: 0x10ffff })
      .filter((c) => c !== 0x22 && c !== 0x5c && (c < 0xd800 || c > 0xdfff))
      .map((c) => String.fromCodePoint(c)),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom("#", " #", ":", ": ", "'", "- ", "{", "]", ",", "\u0085", "\u2028", "\ufeff"),
  },
  { weight: 2, arbitrary: fc.constantFrom('\\"', "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t") },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 0xffff }), fc.boolean())
      .map(([c, upper]) => `\\u${hex4(c, upper)}`),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 0x10000, max: 0x10ffff }), fc.boolean()).map(([c, upper]) => {
      const s = String.fromCodePoint(c);
      return `\\u${hex4(s.charCodeAt(0), upper)}\\u${hex4(s.charCodeAt(1), upper)}`;
    }),
  },
);

const stringText = fc.array(stringUnit, { maxLength: 8 }).map((units) => `"${units.join("")}"`);

/** Keys: arbitrary strings, and a few that repeat each other ("a" is "\u0061") or mean something to JS. */
const keyText = fc.oneof(
  { weight: 3, arbitrary: stringText },
  {
    weight: 2,
    arbitrary: fc.constantFrom('"a"', '"\\u0061"', '"b"', '"__proto__"', '"constructor"', '"0"', '""'),
  },
);

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(""));

/** A JSON number as written: sign, integer part (up to 30 digits), fraction, exponent (up to +-999). */
const numberText = fc
  .tuple(
    fc.constantFrom("", "-"),
    fc.oneof(
      fc.constant("0"),
      fc.tuple(fc.integer({ min: 1, max: 9 }), digits(0, 29)).map(([a, b]) => `${a}${b}`),
    ),
    fc.option(
      digits(1, 6).map((d) => `.${d}`),
      { nil: "" },
    ),
    fc.option(
      fc
        .tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), digits(1, 3))
        .map(([e, s, d]) => `${e}${s}${d}`),
      { nil: "" },
    ),
  )
  .map((parts) => parts.join(""));

const scalar: fc.Arbitrary<JsonText> = fc
  .oneof(
    stringText,
    numberText,
    fc.constantFrom("true", "false", "null", "-0", "-0.0e-0", "1E400", "[]", "{}"),
  )
  .map((text) => ({ text, repeats: false }));

/** Spec-shaped texts (a mapping at the top, as a spec file holds) with `space` between tokens. */
function specTexts(space: fc.Arbitrary<string>) {
  const { value } = fc.letrec<{ value: JsonText; array: JsonText; object: JsonText }>((tie) => ({
    value: fc.oneof({ depthSize: "small", maxDepth: 6 }, scalar, tie("array"), tie("object")),
    array: fc
      .tuple(space, fc.array(fc.tuple(tie("value"), space, space), { maxLength: 4 }))
      .map(([first, items]) => ({
        text: `[${first}${items.map(([v, a, b]) => `${a}${v.text}${b}`).join(",")}]`,
        repeats: items.some(([v]) => v.repeats),
      })),
    object: fc
      .tuple(space, fc.array(fc.tuple(keyText, space, space, tie("value"), space), { maxLength: 4 }))
      .map(([first, members]) => {
        const keys = members.map(([k]) => JSON.parse(k) as string);
        return {
          text: `{${first}${members.map(([k, a, b, v, c]) => `${k}${a}:${b}${v.text}${c}`).join(",")}}`,
          repeats: new Set(keys).size < keys.length || members.some(([, , , v]) => v.repeats),
        };
      }),
  }));

  /** A value inside 1 to 600 arrays and objects (the YAML reader refuses about 1000 levels of flow). */
  const deep: fc.Arbitrary<JsonText & { levels: number }> = fc
    .tuple(
      value,
      fc.integer({ min: 1, max: 600 }),
      fc.array(fc.tuple(fc.boolean(), space), { minLength: 1, maxLength: 5 }),
    )
    .map(([inner, levels, pattern]) => {
      let text = inner.text;
      for (let n = 0; n < levels; n++) {
        const [array, s] = pattern[n % pattern.length] as [boolean, string];
        text = array ? `[${s}${text}]` : `{"k":${s}${text}}`;
      }
      return { text, repeats: inner.repeats, levels };
    });

  /** A spec-shaped text (a mapping at the top, as a spec file holds), sometimes after a byte-order mark. */
  return fc
    .tuple(
      fc.boolean(),
      space,
      fc.oneof(
        { weight: 5, arbitrary: value.map((v) => ({ ...v, levels: 0 })) },
        { weight: 1, arbitrary: deep },
      ),
      space,
    )
    .map(([bom, s, v, t]) => ({
      bom,
      text: `${s}{${s}"v"${t}:${s}${v.text}${t}}${t}`,
      repeats: v.repeats,
      levels: v.levels,
    }));
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bvm-json-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `readSpecFile` of `text` in a file named `name` in the test's directory: the value, or the problem lines
 * (without the directory). `spec.yaml` is read as every `.json` file was before: YAML 1.2, with the fast
 * path for JSON the YAML reader reads to the same value.
 */
function readAs(name: string, text: string, bom = false): { value?: unknown; lines?: readonly string[] } {
  const file = join(dir, name);
  writeFileSync(file, `${bom ? "\ufeff" : ""}${text}`);
  try {
    return { value: readSpecFile(file) };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { lines: err.lines.map((line) => line.replace(`${dir}/`, "")) };
  }
}

const DUPLICATE_KEY =
  /^spec\.json:\d+:\d+: duplicate key( "[^]*")?; a mapping holds each key once \(keep one\)$/;

/** A problem line's place, `FILE:LINE:COL:`, as a number that sorts lines by it (lines under 10^6 columns). */
function place(line: string): number {
  const [, l, c] = /^[^:]*:(\d+):(\d+):/.exec(line) ?? [];
  return Number(l) * 1e6 + Number(c);
}

describe("readSpecFile of a .json file", () => {
  it(`gives the value JSON.parse gives, the value it gave before when it read one (${CASES} texts, seed ${SEED})`, () => {
    const seen = { read: 0, fast: 0, repeats: 0, deep: 0, same: 0, notBefore: 0 };
    fc.assert(
      fc.property(specTexts(anySpace), ({ bom, text, repeats, levels }) => {
        const read = readAs("spec.json", text, bom);
        if (levels >= 100) seen.deep++;
        if (repeats) {
          seen.repeats++;
          expect(read.lines?.length).toBeGreaterThan(0);
          for (const line of read.lines ?? []) expect(line).toMatch(DUPLICATE_KEY);
          return;
        }
        expect(read.lines).toBeUndefined();
        seen.read++;
        if (parsePlainJson(text) !== undefined) seen.fast++;
        const expected: unknown = JSON.parse(text);
        // isDeepStrictEqual tells -0 from 0 and sees an own "__proto__" key; the key order must match too.
        expect(isDeepStrictEqual(read.value, expected)).toBe(true);
        expect(JSON.stringify(read.value)).toBe(JSON.stringify(expected));
        // The YAML reader took a lone CR for a line break (see crlfSpace).
        const before = readAs("spec.yaml", text, bom);
        if (before.lines !== undefined || /\r(?!\n)/.test(text)) seen.notBefore++;
        else {
          seen.same++;
          expect(isDeepStrictEqual(before.value, read.value)).toBe(true);
        }
      }),
      { numRuns: CASES, seed: SEED },
    );
    // Both the texts the YAML-free fast path reads and the rest (tabs, -0, __proto__), deep ones, repeated
    // keys, and texts the old reader read were met.
    expect(seen.fast).toBeGreaterThan(CASES / 20);
    expect(seen.read - seen.fast).toBeGreaterThan(CASES / 20);
    expect(seen.repeats).toBeGreaterThan(CASES / 20);
    expect(seen.deep).toBeGreaterThan(CASES / 40);
    expect(seen.same).toBeGreaterThan(CASES / 4);
  });

  it(`refuses repeated keys with the lines the YAML reader gave, in the order of their places (${CASES / 4} texts, seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        specTexts(crlfSpace).filter((t) => t.repeats),
        ({ bom, text }) => {
          const read = readAs("spec.json", text, bom);
          expect(read.lines?.length).toBeGreaterThan(0);
          for (const line of read.lines ?? []) expect(line).toMatch(DUPLICATE_KEY);
          // The same lines, in the order of their places (the YAML reader gave a key repeated inside a
          // repeated key's value first).
          const before = readAs("spec.yaml", text, bom).lines?.map((line) =>
            line.replace(/^spec\.yaml:/, "spec.json:"),
          );
          expect(read.lines).toEqual(before?.sort((a, b) => place(a) - place(b)));
        },
      ),
      { numRuns: CASES / 4, seed: SEED },
    );
  });

  it.each([
    ["escapes and surrogate pairs", '{"s": "\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\"\\\\ \\uD800"}'],
    ["numbers", '{"n": [-0, 0.5e-3, 1E+2, 12345678901234567890123, 1e400, -1e-400]}'],
    ["empty collections and a __proto__ key", '{"a": {}, "b": [], "__proto__": {"x": [[], {}]}}'],
    ["a key's colon on the next line, a negative number at a line's start", '{"a"\n: [\n-1],\t"b": 2}'],
    // Before (the tab keeps them from the fast path): misread or refused by the YAML reader.
    ["line breaks as CR alone", '{\r"a":\r1,\t"b":\r[2]\r}'],
    ["1000 levels of nesting", `{"a":\t${"[".repeat(1000)}${"]".repeat(1000)}}`],
  ])("reads %s as JSON.parse does", (_name, text) => {
    const read = readAs("case.json", text);
    expect(read.lines).toBeUndefined();
    expect(isDeepStrictEqual(read.value, JSON.parse(text))).toBe(true);
  });
});

/** A text one edit away from JSON: a character inserted, removed or replaced. */
const EDITS = [
  ",", ":", "{", "}", "[", "]", '"', "'", "#", "/", "*", "//", "/*", "\\", "\\x41", "\\u12", "\t", "\n", "\r",
  " ", "\u00a0", "\ufeff", "\u0001", "a", "x", "e", "E", ".", "+", "-", "0", "1", "true", "nul", "NaN", "Infinity",
]; // prettier-ignore

const editedText = fc
  .tuple(
    specTexts(anySpace),
    fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.constantFrom(...EDITS)), { minLength: 1, maxLength: 3 }),
  )
  .map(([{ text }, edits]) =>
    edits.reduce((t, [at, kind, s]) => {
      const i = at % (t.length + 1);
      return kind === 0
        ? t.slice(0, i) + s + t.slice(i)
        : t.slice(0, i) + (kind === 1 ? "" : s) + t.slice(i + 1);
    }, text),
  );

describe("jsonSyntaxProblem", () => {
  it(`finds a mistake exactly when JSON.parse refuses the text (${CASES} edited texts, seed ${SEED})`, () => {
    let refused = 0;
    fc.assert(
      fc.property(editedText, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const problem = jsonSyntaxProblem(text);
        if (valid) expect(problem).toBeUndefined();
        else {
          refused++;
          expect(problem).toBeDefined();
          expect(problem?.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: CASES, seed: SEED },
    );
    expect(refused).toBeGreaterThan(CASES / 2);
  });

  const at = (text: string, needle: string, nth = 0): number => {
    let i = -1;
    for (let n = 0; n <= nth; n++) i = text.indexOf(needle, i + 1);
    return i;
  };
  it.each([
    ["a # comment", '{"a": 1, # c\n"b": 2}', "#", "a comment (JSON has none)", "remove it"],
    ["a // comment", '{"a": 1} // c', "//", "a comment (JSON has none)", "remove it"],
    ["a /* comment */", '{/* c */"a": 1}', "/*", "a comment (JSON has none)", "remove it"],
    [
      "a trailing comma in an object",
      '{"a": 1,\n}',
      ",",
      "a comma before } (JSON has no trailing commas)",
      "remove it",
    ],
    [
      "a trailing comma in an array",
      '{"a": [1, 2, ]}',
      ", ]",
      "a comma before ] (JSON has no trailing commas)",
      "remove it",
    ],
    [
      "a key without quotes",
      '{"a": 1, users: []}',
      "users",
      "the key `users` without double quotes",
      'write it as "users"',
    ],
    [
      "single quotes",
      "{'a': 1}",
      "'",
      "a single-quoted string (JSON strings take double quotes)",
      "write it in double quotes",
    ],
    [
      "a YAML escape",
      '{"a": "\\x41"}',
      "\\x",
      "the escape `\\x` (JSON's are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)",
      "write \\u0041",
    ],
    [
      "a short \\u escape",
      '{"a": "\\u12"}',
      "\\u",
      "`\\u` without four hex digits",
      "write \\u and four hex digits (\\u00e9)",
    ],
    ["a tab inside a string", '{"a": "x\ty"}', "\t", "a tab inside a string", "write it as \\t"],
    [
      "a line break inside a string",
      '{"a": "x\ny"}',
      "\n",
      "a line break inside a string (a JSON string ends on its line)",
      'close the string with ", or write the break as \\n',
    ],
    [
      "a control character",
      '{"a": "\u0001"}',
      "\u0001",
      "the control character U+0001 inside a string",
      "write it as \\u0001",
    ],
    [
      "a bare word",
      '{"a": yes}',
      "yes",
      "the bare word `yes` (JSON's are true, false and null)",
      'write a string in double quotes ("yes")',
    ],
    [
      "a MAC address without quotes",
      '{"a": 52:54:00:00:00:01}',
      "52",
      "`52:54:00:00:00:01` is no JSON number",
      'write numbers in decimal without a plus sign, leading zeros or a bare point (or the value as a "string")',
    ],
    [
      "a leading zero",
      '{"a": 007}',
      "007",
      "`007` is no JSON number",
      'write numbers in decimal without a plus sign, leading zeros or a bare point (or the value as a "string")',
    ],
    [
      "NaN",
      '{"a": NaN}',
      "NaN",
      "the bare word `NaN` (JSON's are true, false and null)",
      'write a string in double quotes ("NaN")',
    ],
    [
      "a missing comma",
      '{"a": 1 "b": 2}',
      '"b"',
      "a missing comma before this member",
      "separate the members with commas",
    ],
    ["a missing colon", '{"a" 1}', "1", "a key without a colon after it", 'write "key": value'],
    [
      "a comma for a value",
      '{"a": [1,,2]}',
      ",,",
      "a comma where a value should be",
      "write the value, or remove the comma",
      1,
    ],
    [
      "a bracket that closes the wrong thing",
      '{"a": [1}',
      "}",
      "`}` where , or ] should be",
      "separate the items with commas and close the array with ]",
    ],
    ["a value missing", '{"a": }', "}", "`}` where a value should be", "write the value"],
    ["an object never closed", '{"a": {"b": 1}', '{"a"', "an object that is never closed", "close it with }"],
    ["a string never closed", '{"a": "b}', '"b', "a string that never ends", 'close it with "'],
    [
      "a second value",
      '{"a": 1}\n{"b": 2}',
      '{"b"',
      "more text after the JSON value",
      "remove it (a JSON file holds one value)",
    ],
    ["an empty text", "", "", "no value: the text is empty", "write a spec as a JSON object, {...}"],
    [
      "YAML",
      "hostname: web1\n",
      "hostname",
      "the bare word `hostname` (JSON's are true, false and null)",
      'write a string in double quotes ("hostname")',
    ],
    [
      "a no-break space",
      '{"a":\u00a01}',
      "\u00a0",
      "the character U+00A0, which is no JSON white space",
      "remove it (JSON's white space is space, tab, line feed and carriage return)",
    ],
  ])("names %s at its place", (_name, text, where, reason, fix, offsetInWhere = 0) => {
    expect(jsonSyntaxProblem(text)).toEqual({ offset: at(text, where) + offsetInWhere, reason, fix });
    expect(() => JSON.parse(text)).toThrow();
  });
});
