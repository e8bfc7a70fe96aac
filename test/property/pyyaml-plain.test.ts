/**
 * `pyyamlPlainValue` (src/util/pyyaml-plain.ts), how PyYAML reads a plain scalar, against Debian's PyYAML
 * itself (`yaml.safe_load`, cloud-init's reader): a corpus of the forms YAML 1.1 and 1.2 read differently,
 * and plain scalars made of the characters those forms are made of (fast-check), each read by both.
 */
import fc from "fast-check";
import * as yaml from "yaml";
import { pyyamlPlainValue } from "../../src/util/pyyaml-plain";
import { runPython } from "../helpers/cloud-init";

const CORPUS = [
  "yes", "No", "ON", "off", "y", "n", "true", "False", "~", "null", "NULL", "",
  "0", "-0", "+0", "0644", "0600", "09", "0_7", "017_", "0o17", "0x1F", "-0x1f", "0x_", "0b101", "-0b1", "0b_",
  "1_000", "1__0", "1:30", "-1:20:30", "190:20:30.15", "1:60", "1e3", "1E3", "1.5e+3", "1.5e3", ".5", "1.", "-.5",
  "+.inf", "-.Inf", ".NaN", ".nan", "-.nan", "1_.5_", "12345678901", "0.0", "-0.0", "2001-12-14", "<<", "=",
  "0x", "0b", "1:2:3:4", "0:30", "007", "08", "+12", "-", "+", ".", "1.0e+3_",
]; // prettier-ignore

/** Each text's reading by Debian's PyYAML: [kind, value], numbers as Python's repr of their float. */
function pyyamlReadings(texts: readonly string[]): [string, unknown][] {
  const r = runPython(
    "import datetime, json, sys, yaml\n" +
      "out = []\n" +
      "for text in json.load(sys.stdin):\n" +
      "    try:\n" +
      "        v = yaml.safe_load('- ' + text)[0]\n" +
      "    except Exception as e:\n" +
      "        out.append(['other', type(e).__name__]); continue\n" +
      "    if isinstance(v, bool): out.append(['bool', v])\n" +
      "    elif isinstance(v, (int, float)): out.append(['number', repr(float(v))])\n" +
      "    elif v is None: out.append(['null', None])\n" +
      "    elif isinstance(v, str): out.append(['str', v])\n" +
      "    else: out.append(['other', type(v).__name__])\n" +
      "print(json.dumps(out))\n",
    { input: JSON.stringify(texts) },
  );
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as [string, unknown][];
}

/** Ours in the shape of `pyyamlReadings`, a number as its value. */
function ourReading(text: string): [string, unknown] {
  const v = pyyamlPlainValue(text);
  if (v.kind === "number" || v.kind === "bool") return [v.kind, v.value];
  if (v.kind === "null") return ["null", null];
  if (v.kind === "str") return ["str", text];
  return ["other", undefined];
}

/** A number Python's `repr(float(...))` wrote (`inf`, `-inf`, `nan` included). */
function fromRepr(repr: unknown): number {
  const special: Record<string, number> = { inf: Infinity, "-inf": -Infinity, nan: NaN };
  return special[String(repr)] ?? Number(repr);
}

/** Whether `text` is one plain scalar as written (a list item `- text` holds exactly it). */
function isPlain(text: string): boolean {
  const doc = yaml.parseDocument(`- ${text}`, { version: "1.2" });
  const item = yaml.isSeq(doc.contents) ? doc.contents.items[0] : undefined;
  return doc.errors.length === 0 && yaml.isScalar(item) && item.type === "PLAIN" && item.source === text;
}

function compare(texts: readonly string[]): string[] {
  const theirs = pyyamlReadings(texts);
  return texts.flatMap((text, i) => {
    const [kind, value] = theirs[i] ?? [];
    const [ourKind, ourValue] = ourReading(text);
    const same =
      kind === ourKind &&
      (kind === "other" || (kind === "number" ? Object.is(fromRepr(value), ourValue) : value === ourValue));
    return same ? [] : [`${JSON.stringify(text)}: PyYAML ${kind} ${JSON.stringify(value)}, ours ${ourKind} ${JSON.stringify(ourValue)}`];
  });
} // prettier-ignore

describe("pyyamlPlainValue reads a plain scalar as PyYAML does", () => {
  it("for the forms YAML 1.1 and 1.2 read differently", () => {
    expect(CORPUS.filter((t) => t !== "" && !isPlain(t))).toEqual(["-", "+", "."].filter((t) => !isPlain(t)));
    expect(compare(CORPUS.filter((t) => t === "" || isPlain(t)))).toEqual([]);
  });

  it("for plain scalars of digits, signs, `_`, `:`, `.`, exponents and base prefixes (property)", () => {
    const unit = fc.constantFrom(..."0123456789_:.+-eExbo".split(""), "inf", "nan", "0x", "0b", "0o");
    const texts = fc.sample(fc.string({ unit, minLength: 1, maxLength: 8 }), { numRuns: 3000, seed: 4242 });
    const plain = [...new Set(texts)].filter(isPlain);
    expect(plain.length).toBeGreaterThan(1000);
    expect(compare(plain)).toEqual([]);
  });
});
