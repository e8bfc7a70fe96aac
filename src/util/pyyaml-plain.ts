/**
 * How PyYAML 1.1 (`yaml.safe_load`, which cloud-init's `util.load_yaml` calls) reads a plain scalar: its
 * implicit resolvers (`yaml/resolver.py` lines 170-223 of PyYAML 6.0, the same in 6.0.2; 5.3.1, cloud-init
 * 20.4's, differs in one float form: `PYYAML_53_FLOAT`) and the SafeConstructor's `construct_yaml_bool`,
 * `construct_yaml_int` and `construct_yaml_float` (`yaml/constructor.py`). Without the `yaml` library, so
 * that a reader can ask before loading it.
 */

/** PyYAML 6.0's implicit resolvers (`yaml/resolver.py`), as JavaScript regular expressions. */
export const PYYAML_IMPLICIT: Readonly<Record<string, RegExp>> = {
  bool: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  float:
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  int: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  merge: /^(?:<<)$/,
  null: /^(?:~|null|Null|NULL|)$/,
  timestamp:
    /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9]{2})?))?)$/,
  value: /^(?:=)$/,
  yaml: /^(?:!|&|\*)$/,
  // Not a resolver: PyYAML's scanner stops a plain scalar at a tab and then cannot go on ("found character
  // '\t' that cannot start any token", yaml/scanner.py `scan_plain`), so a string with a tab is quoted.
  tab: /\t/,
};

/**
 * What PyYAML 5.3.1 (Debian bullseye, cloud-init 20.4) also reads as a float, its one resolver that differs
 * from 6.0's: the form without digits before the dot was `\.[0-9_]+`, 6.0 made it `\.[0-9][0-9_]*` (a
 * subset), so `._42` is 0.42 to 5.3.1 and a string to 6.0 (`yaml/resolver.py` line 180 of each; 6.0.2 is
 * 6.0's). 5.3.1's float resolver is `PYYAML_IMPLICIT.float` or this. Found by
 * test/generations/pyyaml-plain.test.ts.
 */
export const PYYAML_53_FLOAT = /^(?:\.[0-9_]+(?:[eE][-+][0-9]+)?)$/;

/** The PyYAML releases of the cloud-init generations whose readings differ: 5.3 (20.4), 6.0 (22.4 and later). */
export type PyyamlRelease = "5.3" | "6.0";

/** What PyYAML makes of a plain scalar: a boolean, a number, null, a string, or another type (a date, `<<`). */
export type PyyamlPlain =
  | { kind: "bool"; value: boolean }
  | { kind: "number"; value: number }
  | { kind: "null" }
  | { kind: "str" }
  /** A date, `<<`, `=`, `!`/`&`/`*`; or a number its constructor cannot build (`0b_`), which fails to load. */
  | { kind: "other"; resolver: string };

/** `text` (digits, a sign taken off) in base 60, its parts separated by `:` (`1:30` is 90). */
function sexagesimal(text: string, part: (digits: string) => number): number {
  return text.split(":").reduce((sum, digits) => sum * 60 + part(digits), 0);
}

/**
 * The value PyYAML (`release`; 6.0 by default) reads from the plain scalar `text`: the first implicit
 * resolver that matches it, in PyYAML's order (bool, float, int, merge, null, timestamp, value, yaml),
 * constructed as SafeLoader does: underscores dropped, `0b`/`0x`/a leading `0` (octal)/`:` (base 60) for
 * integers, `.inf`/`.nan` and `:` for floats. A number form PyYAML's constructor cannot build (`0b_`: no
 * digits) is "other".
 */
export function pyyamlPlainValue(text: string, release: PyyamlRelease = "6.0"): PyyamlPlain {
  const r = PYYAML_IMPLICIT;
  if (r.bool?.test(text)) return { kind: "bool", value: /^(?:yes|true|on)$/i.test(text) };
  const float = r.float?.test(text) || (release === "5.3" && PYYAML_53_FLOAT.test(text));
  if (float || r.int?.test(text)) {
    let v = text.replace(/_/g, "");
    const sign = v.startsWith("-") ? -1 : 1;
    if (v.startsWith("-") || v.startsWith("+")) v = v.slice(1);
    let value: number;
    if (float) {
      v = v.toLowerCase();
      if (v === ".inf") value = Infinity;
      else if (v === ".nan") value = NaN;
      else value = v.includes(":") ? sexagesimal(v, Number) : Number(v);
    } else if (v === "0") value = 0;
    else if (v.startsWith("0b")) value = parseInt(v.slice(2), 2);
    else if (v.startsWith("0x")) value = parseInt(v.slice(2), 16);
    else if (v.startsWith("0")) value = parseInt(v, 8);
    else value = v.includes(":") ? sexagesimal(v, (d) => parseInt(d, 10)) : Number(v);
    if (Number.isNaN(value) && !/nan/i.test(v)) return { kind: "other", resolver: "int" };
    // An integer has no negative zero (`-0` is 0); a float has (`-0.0`).
    return { kind: "number", value: float ? sign * value : sign * value + 0 };
  }
  if (r.merge?.test(text)) return { kind: "other", resolver: "merge" };
  if (r.null?.test(text)) return { kind: "null" };
  for (const resolver of ["timestamp", "value", "yaml"] as const)
    if (r[resolver]?.test(text)) return { kind: "other", resolver };
  return { kind: "str" };
}

/**
 * `value` (a string, number, boolean or null) written as YAML that PyYAML and a YAML 1.2 reader both read as
 * it: a string JSON-quoted, a number as PyYAML reads it back (`pyyamlNumberText`), true/false/null as such.
 */
export function plainAgreed(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return pyyamlNumberText(value);
  return String(value);
}

/** A number as PyYAML reads it back: integers as digits, other numbers with a `.` before any exponent. */
export function pyyamlNumberText(value: number): string {
  if (Number.isNaN(value)) return ".nan";
  if (!Number.isFinite(value)) return value < 0 ? "-.inf" : ".inf";
  if (Object.is(value, -0)) return "-0.0";
  const text = String(value);
  return /^-?\d+e/.test(text) ? text.replace("e", ".0e") : text;
}
