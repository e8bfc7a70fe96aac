/**
 * Shared by test/property/pyyaml-plain.test.ts (Debian's PyYAML on this machine) and
 * test/generations/pyyaml-plain.test.ts (each cloud-init generation's own PyYAML): the plain scalars
 * `pyyamlPlainValue` (src/util/pyyaml-plain.ts) is checked on, the Python script that reads them with
 * `yaml.safe_load`, and the comparison of its readings with ours.
 */
import fc from "fast-check";
import * as yaml from "yaml";
import { pyyamlPlainValue, type PyyamlRelease } from "../../src/util/pyyaml-plain";

/** The forms YAML 1.1 and 1.2 read differently, and their neighbours. */
export const CORPUS = [
  "yes", "No", "ON", "off", "y", "n", "true", "False", "~", "null", "NULL", "",
  "0", "-0", "+0", "0644", "0600", "09", "0_7", "017_", "0o17", "0x1F", "-0x1f", "0x_", "0b101", "-0b1", "0b_",
  "1_000", "1__0", "1:30", "-1:20:30", "190:20:30.15", "1:60", "1e3", "1E3", "1.5e+3", "1.5e3", ".5", "1.", "-.5",
  "+.inf", "-.Inf", ".NaN", ".nan", "-.nan", "1_.5_", "12345678901", "0.0", "-0.0", "2001-12-14", "<<", "=",
  "0x", "0b", "1:2:3:4", "0:30", "007", "08", "+12", "-", "+", ".", "1.0e+3_", "._42", "._", "-._1",
]; // prettier-ignore

/** Reads the JSON list of texts on stdin, each as a list item, with `yaml.safe_load`: [kind, value] each. */
export const READ_SCRIPT =
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
  "print(json.dumps(out))\n";

/** Ours in the shape of `pyyamlReadings`, a number as its value. */
function ourReading(text: string, release: PyyamlRelease): [string, unknown] {
  const v = pyyamlPlainValue(text, release);
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
export function isPlain(text: string): boolean {
  const doc = yaml.parseDocument(`- ${text}`, { version: "1.2" });
  const item = yaml.isSeq(doc.contents) ? doc.contents.items[0] : undefined;
  return doc.errors.length === 0 && yaml.isScalar(item) && item.type === "PLAIN" && item.source === text;
}

/** The texts PyYAML (its `READ_SCRIPT` output, `readings`) reads otherwise than `pyyamlPlainValue`, described. */
export function disagreements(
  texts: readonly string[],
  readings: readonly [string, unknown][],
  release: PyyamlRelease = "6.0",
): string[] {
  const theirs = readings;
  return texts.flatMap((text, i) => {
    const [kind, value] = theirs[i] ?? [];
    const [ourKind, ourValue] = ourReading(text, release);
    const same =
      kind === ourKind &&
      (kind === "other" || (kind === "number" ? Object.is(fromRepr(value), ourValue) : value === ourValue));
    // prettier-ignore
    return same ? [] : [`${JSON.stringify(text)}: PyYAML ${kind} ${JSON.stringify(value)}, ours ${ourKind} ${JSON.stringify(ourValue)}`];
  });
}

/** 3,000 strings of the characters those forms are made of (a fixed seed), those that are one plain scalar. */
export function generatedPlainScalars(): string[] {
  const unit = fc.constantFrom(..."0123456789_:.+-eExbo".split(""), "inf", "nan", "0x", "0b", "0o");
  const texts = fc.sample(fc.string({ unit, minLength: 1, maxLength: 8 }), { numRuns: 3000, seed: 4242 });
  return [...new Set(texts)].filter(isPlain);
}

/** The corpus's texts that are one plain scalar as written (the empty one, YAML's null, too). */
export function corpusPlainScalars(): string[] {
  return CORPUS.filter((t) => t === "" || isPlain(t));
}

/**
 * The texts that `python` (a Python to run a script with, its stdin `input`) reads otherwise than
 * `pyyamlPlainValue(text, release)`, described; anything Python says on stderr is one more line.
 */
export function readOtherwise(
  python: (script: string, input: string) => { stdout: string; stderr: string },
  texts: readonly string[],
  release: PyyamlRelease = "6.0",
): string[] {
  const r = python(READ_SCRIPT, JSON.stringify(texts));
  if (r.stderr !== "") return [`python: ${r.stderr}`];
  return disagreements(texts, JSON.parse(r.stdout) as [string, unknown][], release);
}
