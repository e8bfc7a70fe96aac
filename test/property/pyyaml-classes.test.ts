/**
 * Each class of text PyYAML 6.0 (cloud-init's YAML reader) resolves, refuses or folds, written by
 * stableYaml as a mapping value, a list item and a mapping key, and read back by Debian's
 * `yaml.safe_load` in one Python process: every one must come back as the same string.
 * Sources: PyYAML 6.0 yaml/resolver.py lines 170-223 (implicit resolvers), yaml/reader.py line 137
 * (NON_PRINTABLE), yaml/scanner.py (scan_line_break, scan_plain, ESCAPE_REPLACEMENTS).
 */
import { stableYaml } from "../../src/util/serialize";
import { runPython } from "../helpers/cloud-init";

const CLASSES: Record<string, string[]> = {
  "1.1 booleans": ["yes", "No", "ON", "off", "True", "FALSE"],
  "null": ["~", "null", "Null", "NULL"],
  "ints with `_`, sexagesimal, octal, hex, binary": ["1_000", "1:20", "-1:20:30", "017", "0_", "0x_1F", "0b1_0", "-0b1"],
  "floats": ["1.", "1_.5_", ".5", "1.0e+3", "190:20:30.15", "+.inf", ".NaN", "-.Inf"],
  "timestamps": ["2001-12-14", "2001-1-1 1:00:00", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5"],
  "the value and merge tags": ["=", "<<"],
  "characters the reader refuses": ["\x7f", "a\x80b", "\x9f", "\ufffe", "x\uffff"],
  "characters the reader takes for line breaks": ["a\x85b", "\x85", "a\u2028b", "\u2029", "a\nb\u2028c"],
  "tabs inside plain text": ["a\tb", "x ~}true\t-1:20:30"],
}; // prettier-ignore

describe("stableYaml for PyYAML 1.1", () => {
  const cases = Object.entries(CLASSES).flatMap(([cls, words]) =>
    words.flatMap((word) => [
      { cls, word, where: "value", doc: { k: word } },
      { cls, word, where: "list item", doc: { l: [word] } },
      { cls, word, where: "key", doc: { m: { [word]: "v" } } },
    ]),
  );

  it("writes every member of every class so that yaml.safe_load reads the same string, as value, list item and key", () => {
    const r = runPython(
      "import json, sys, yaml\n" +
        "out = []\n" +
        "for text in json.load(sys.stdin):\n" +
        "    try:\n" +
        "        out.append(yaml.safe_load(text))\n" +
        "    except Exception as e:\n" +
        "        out.append('%s: %s' % (type(e).__name__, e))\n" +
        "print(json.dumps(out))\n",
      { input: JSON.stringify(cases.map((c) => stableYaml(c.doc))) },
    );
    expect(r.stderr).toBe("");
    const read = JSON.parse(r.stdout) as unknown[];
    const wrong = cases
      .filter((c, i) => JSON.stringify(read[i]) !== JSON.stringify(c.doc))
      .map(
        (c) =>
          `${c.cls}: ${JSON.stringify(c.word)} as ${c.where} read as ${JSON.stringify(read[cases.indexOf(c)])}`,
      );
    expect(wrong).toEqual([]);
  });

  it("writes numbers that PyYAML reads as the same numbers", () => {
    const numbers = [0, -0, 1, -1, 0.5, 1e-7, 1e21, 123456789012, 1.5e300, -2.4153116116019854e-296];
    const r = runPython(
      "import sys, yaml, json\nprint(json.dumps(yaml.safe_load(sys.stdin.read())['n']))\n",
      {
        input: stableYaml({ n: numbers }),
      },
    );
    expect(JSON.parse(r.stdout)).toEqual(numbers);
    expect(stableYaml({ num: [1e-7, -0] })).toBe("num:\n  - 1.0e-7\n  - -0.0\n");
  });
});
