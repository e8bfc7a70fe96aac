/**
 * A fleet's placeholders: `%{name}` and `%{name:FORMAT}` in the strings of a base spec, filled in with each
 * member's variables (plan-members.ts), and the escape `%%{`.
 */
import type { SpecProblem } from "../core/problems";

/**
 * A placeholder, `%{name}` or `%{name:FORMAT}` (FORMAT: `3` zero-pads to 3 digits, `x2` writes a whole
 * number in hexadecimal, zero-padded to 2 digits), or the escape `%%{`, which writes a literal `%{`.
 */
const PLACEHOLDER = /%%\{|%\{([A-Za-z_][A-Za-z0-9_-]*)(?::(\d{1,2}|x\d{0,2}))?\}/g;

/** The names of the placeholders in `text` (not the escaped ones). */
export function placeholderNames(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}

/**
 * `value` as `%{name:format}` (`whole`) writes it, or what is wrong with it (`where`: for which member).
 */
function formatValue(
  value: string,
  format: string | undefined,
  whole: string,
  where: string,
): string | { problem: string } {
  if (format === undefined) return value;
  if (!format.startsWith("x")) return value.padStart(Number(format), "0");
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    return {
      problem: `${whole} writes a whole number in hexadecimal, and the value is "${value}"${where}; give a whole number or drop :${format}`,
    };
  const hex = Number(value).toString(16);
  const width = format === "x" ? 0 : Number(format.slice(1));
  if (width > 0 && hex.length > width)
    return {
      problem:
        `${whole} is ${value}${where}, hexadecimal ${hex}: more than ${width} digit${width === 1 ? "" : "s"}, ` +
        `whose most is ${"f".repeat(width)} (${16 ** width - 1}); give fewer members, a wider format where the ` +
        "text allows one, or each member's value in `variables`",
    };
  return hex.padStart(width, "0");
}

/** `text` with its placeholders replaced by `vars` and its escapes by `%{`; problems (with `where`) pushed. */
export function expand(
  text: string,
  vars: Record<string, string>,
  path: string,
  problems: SpecProblem[],
  where = "",
): string {
  return text.replace(PLACEHOLDER, (whole, name: string | undefined, format: string | undefined) => {
    if (name === undefined) return "%{";
    const value = vars[name];
    if (value === undefined) {
      problems.push({
        path,
        message:
          `unknown fleet variable ${whole}; known: ${Object.keys(vars).sort().join(", ")}. ` +
          `For a literal ${whole} (an rpm query format, a logstash pattern), write %${whole}.`,
      });
      return whole;
    }
    const formatted = formatValue(value, format, whole, where);
    if (typeof formatted === "string") return formatted;
    problems.push({ path, message: `${formatted.problem}.` });
    return whole;
  });
}

/** Deep copy of `value` with every string expanded; values `opaque` names are taken as they are. */
export function expandDeep(
  value: unknown,
  vars: Record<string, string>,
  path: string,
  problems: SpecProblem[],
  where: string,
  opaque: (value: unknown) => boolean,
): unknown {
  if (typeof value === "string") return expand(value, vars, path, problems, where);
  if (opaque(value)) return value;
  if (Array.isArray(value))
    return value.map((v, i) => expandDeep(v, vars, `${path}[${i}]`, problems, where, opaque));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        expandDeep(v, vars, path === "" ? k : `${path}.${k}`, problems, where, opaque),
      ]),
    );
  }
  return value;
}
