/**
 * What the `yaml` library needs to know to write YAML that PyYAML 1.1 (`yaml.safe_load`, which
 * cloud-init's `util.load_yaml` calls) reads back as exactly the value written. Only options and tags
 * of the library: it still chooses every style and does every quoting; nothing here writes YAML.
 *
 * PyYAML 6.0 (Debian bookworm's python3-yaml, `yaml/resolver.py` lines 170-223; `yaml/reader.py` line 137;
 * `yaml/scanner.py` `scan_line_break` and `ESCAPE_REPLACEMENTS`) differs from the library's YAML 1.1
 * schema in four ways, each closed here:
 * 1. its implicit resolvers: a plain scalar matching one becomes a bool, int, float, null, timestamp,
 *    a merge key (`<<`) or a `value` (`=`, which SafeLoader cannot even construct). `PYYAML_RESOLVERS`
 *    copies those regular expressions; given as the library's `compat` schema, every string one of them
 *    matches is written quoted, as a value, a list item or a key.
 * 2. its reader refuses DEL, the C1 controls except NEL, U+FFFE and U+FFFF anywhere in the stream,
 *    even inside quotes, and takes NEL, LS and PS (U+0085, U+2028, U+2029) as line breaks, which
 *    quoted and plain scalars fold to a space or a newline. The library writes all of them raw (it
 *    double-quotes strings holding C1 controls but leaves them unescaped). A string holding one is
 *    written double-quoted with that character as a YAML escape (`\x7f`, `\N`, `\L`, `\P`, `\uffff`).
 * 3. its scanner cannot read a tab inside a plain scalar: such strings are quoted too (last "resolver").
 * 4. numbers: PyYAML reads a float only with a `.` (`1e-07` is a string) and `-0` as the integer 0.
 * Lone surrogates cannot be written in UTF-8 at all: validation refuses them (`src/spec/validate-text.ts`).
 */
import { Scalar, type ScalarTag, type Tags } from "yaml";
import { stringifyString, stringTag } from "yaml/util";
import { PYYAML_53_FLOAT, PYYAML_IMPLICIT, pyyamlNumberText } from "./pyyaml-plain";

/**
 * One `compat` tag whose pattern is the union of `PYYAML_IMPLICIT` and of PyYAML 5.3.1's float form
 * (`PYYAML_53_FLOAT`'s `._42`, a float to cloud-init 20.4): a plain string it matches is written quoted. One
 * pattern, tested once per string, instead of one per resolver.
 */
export const PYYAML_RESOLVERS: Tags = [
  {
    tag: "tag:bootstrapped-vm,2026:pyyaml-implicit",
    default: true,
    test: new RegExp(
      [...Object.values(PYYAML_IMPLICIT), PYYAML_53_FLOAT].map((r) => `(?:${r.source})`).join("|"),
    ),
    // Only consulted when reading, which this tag is never used for.
    resolve: (source: string) => source,
  },
];

/** Characters PyYAML's reader refuses or reads as a line break, which the library writes raw. */
const UNWRITTEN = /[\x7f-\x9f\u2028\u2029\ufffe\uffff]/;
const UNWRITTEN_ALL = /[\x7f-\x9f\u2028\u2029\ufffe\uffff]/g;
const NAMED_ESCAPES: Record<string, string> = { "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P" };

function escapeUnwritten(ch: string): string {
  const code = ch.charCodeAt(0);
  return NAMED_ESCAPES[ch] ?? (code <= 0xff ? `\\x${code.toString(16)}` : `\\u${code.toString(16)}`);
}

/** The library's string tag, except that a string holding an `UNWRITTEN` character is double-quoted with it escaped. */
const pyyamlString: ScalarTag = {
  ...(stringTag as ScalarTag),
  stringify(item, stringCtx, onComment, onChompKeep) {
    // As the library's string tag does: tells the quoting rules that this is a string, so a plain form
    // that a tag of the schema (or of `compat`) would resolve is quoted.
    const ctx = { ...stringCtx, actualString: true };
    const value = String(item.value);
    if (!UNWRITTEN.test(value)) return stringifyString(item, ctx, onComment, onChompKeep);
    const quoted = Object.assign(new Scalar(value), { type: Scalar.QUOTE_DOUBLE });
    // The result is this one double-quoted scalar, so every such character in it is inside the quotes.
    return stringifyString(quoted, ctx, onComment, onChompKeep).replace(UNWRITTEN_ALL, escapeUnwritten);
  },
};

const pyyamlNumber: ScalarTag = {
  identify: (value) => typeof value === "number",
  default: true,
  tag: "tag:yaml.org,2002:float",
  test: /^$/, // never chosen when reading
  resolve: (source: string) => Number(source),
  stringify: (item) => pyyamlNumberText(Number(item.value)),
};

const NUMBER_TAGS = new Set(["tag:yaml.org,2002:int", "tag:yaml.org,2002:float"]);

/**
 * The library's YAML 1.1 tags made safe for PyYAML: the string tag above, the number tag above, no merge
 * tag (whose `identify` would write the string `<<` bare, as a merge key), and the other scalar tags
 * without their patterns: which plain strings need quotes is `PYYAML_RESOLVERS`' call alone (the
 * library's own 1.1 patterns only add quotes PyYAML does not need, such as `y`, at a cost per string).
 */
export function pyyamlOutputTags(tags: Tags): Tags {
  const out: Tags = [];
  for (const t of tags) {
    if (typeof t === "string" || NUMBER_TAGS.has(t.tag) || t.tag === "tag:yaml.org,2002:merge") continue;
    if (t.tag === "tag:yaml.org,2002:str") out.push(pyyamlString);
    else if ("collection" in t && t.collection) out.push(t);
    else out.push({ ...(t as ScalarTag), test: undefined });
  }
  out.push(pyyamlNumber);
  return out;
}
