/**
 * Why a text is not JSON (RFC 8259), and where: a spec file named `.json` is held to JSON, so that what
 * `validate` accepts is what jq, Terraform's `jsondecode` or Python's `json` read too (the YAML reader takes
 * comments, trailing commas, bare words and single quotes). Run only after `JSON.parse` refused the text,
 * to name its first mistake in a spec author's words; it scans without recursion, as deep as the text nests.
 */

/** The first mistake of a text that is not JSON: its offset, what it is and how to fix it. */
export interface JsonSyntaxProblem {
  offset: number;
  reason: string;
  fix: string;
}

/** A token that is neither JSON punctuation, white space, a quote nor a comment's start: a bare key. */
const KEY_WORD = /(?:[^\s,:{}[\]"'/#]|\/(?![/*]))+/y;
/** A bare value: as a bare key, with colons inside it (`52:54:00:12:34:56`, not `hostname: web1`). */
const VALUE_WORD = /(?:[^\s,:{}[\]"'/#]|:(?=[^\s,{}[\]])|\/(?![/*]))+/y;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const HEX4 = /^[0-9a-fA-F]{4}$/;
/** What JSON allows after a backslash besides `u`. */
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
/** Characters that look like white space or nothing but are not JSON's (space, tab, LF, CR). */
const NOT_JSON_SPACE = /[\p{Zs}\p{Cc}\p{Cf}\u2028\u2029]/u;

const COMMENT = { reason: "a comment (JSON has none)", fix: "remove it" };

function codePoint(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

/** A short quote of `word` for a message. */
function quoted(word: string): string {
  return `\`${word.length > 40 ? `${word.slice(0, 40)}...` : word}\``;
}

/**
 * What is wrong with a string starting at `start` (its opening quote), or the offset after its closing
 * quote.
 */
function scanString(text: string, start: number): number | JsonSyntaxProblem {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') return i + 1;
    if (c === "\\") {
      const e = text[i + 1];
      if (e === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!HEX4.test(hex))
          return {
            offset: i,
            reason: "`\\u` without four hex digits",
            fix: "write \\u and four hex digits (\\u00e9)",
          };
        i += 5;
      } else if (e !== undefined && ESCAPES.has(e)) {
        i++;
      } else if (e !== undefined) {
        const x = /^x([0-9a-fA-F]{2})/.exec(text.slice(i + 1, i + 4));
        return {
          offset: i,
          reason: `the escape \`\\${e === "\n" ? "(line break)" : e}\` (JSON's are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)`,
          fix: x ? `write \\u00${(x[1] as string).toLowerCase()}` : "write the character itself or \\uXXXX",
        };
      }
    } else if (c < " ") {
      if (c === "\t") return { offset: i, reason: "a tab inside a string", fix: "write it as \\t" };
      if (c === "\n" || c === "\r")
        return {
          offset: i,
          reason: "a line break inside a string (a JSON string ends on its line)",
          fix: 'close the string with ", or write the break as \\n',
        };
      const hex = (c.codePointAt(0) ?? 0).toString(16).padStart(4, "0");
      return {
        offset: i,
        reason: `the control character ${codePoint(c)} inside a string`,
        fix: `write it as \\u${hex}`,
      };
    }
  }
  return { offset: start, reason: "a string that never ends", fix: 'close it with "' };
}

/** What stands at `i` where a JSON token should be but cannot, when it is a comment, quote or odd space. */
function misplaced(text: string, i: number): JsonSyntaxProblem | undefined {
  const c = text[i] as string;
  if (c === "#" || (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")))
    return { offset: i, ...COMMENT };
  if (c === "'")
    return {
      offset: i,
      reason: "a single-quoted string (JSON strings take double quotes)",
      fix: "write it in double quotes",
    };
  const cp = String.fromCodePoint(text.codePointAt(i) ?? 0);
  if (NOT_JSON_SPACE.test(cp))
    return {
      offset: i,
      reason: `the character ${codePoint(cp)}, which is no JSON white space`,
      fix: "remove it (JSON's white space is space, tab, line feed and carriage return)",
    };
  return undefined;
}

/** The end of the value that starts at `i` (a scalar or a string), or the problem there. */
function scanScalar(text: string, i: number): number | JsonSyntaxProblem {
  if (text[i] === '"') return scanString(text, i);
  const odd = misplaced(text, i);
  if (odd) return odd;
  VALUE_WORD.lastIndex = i;
  const word = VALUE_WORD.exec(text)?.[0];
  if (word === undefined) {
    const c = text[i] as string;
    return { offset: i, reason: `\`${c}\` where a value should be`, fix: "write the value" };
  }
  if (word === "true" || word === "false" || word === "null" || NUMBER.test(word)) return i + word.length;
  if (/^[-+.\d]/.test(word))
    return {
      offset: i,
      reason: `${quoted(word)} is no JSON number`,
      fix:
        "write numbers in decimal without a plus sign, leading zeros or a bare point (or the value as a " +
        '"string")',
    };
  return {
    offset: i,
    reason: `the bare word ${quoted(word)} (JSON's are true, false and null)`,
    fix: `write a string in double quotes (${JSON.stringify(word.length > 40 ? `${word.slice(0, 40)}...` : word)})`,
  };
}

/** One open object or array: its kind and where it opened. */
interface Open {
  object: boolean;
  offset: number;
}

/** Where a scan stands: what the text must have next. */
type Expect = "value" | "key" | "colon" | "after";

/**
 * The first mistake that makes `text` no JSON text (RFC 8259 section 2: one value with white space
 * around it), or undefined when it is JSON. `text` starts after a byte-order mark, if it had one.
 */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const open: Open[] = [];
  let expect: Expect = "value";
  /** Where the comma was when one was just read (before a key or an item). */
  let comma: number | undefined;
  let i = 0;
  for (;;) {
    while (isSpace(text[i])) i++;
    const c = text[i];
    const top = open[open.length - 1];
    if (c === undefined) {
      if (top === undefined && expect === "after") return undefined;
      if (top === undefined)
        return {
          offset: i,
          reason: "no value: the text is empty",
          fix: "write a spec as a JSON object, {...}",
        };
      const [kind, close] = top.object ? ["an object", "}"] : ["an array", "]"];
      return { offset: top.offset, reason: `${kind} that is never closed`, fix: `close it with ${close}` };
    }
    const closer = c === "}" || c === "]";
    if (expect === "after") {
      if (top === undefined)
        return (
          misplaced(text, i) ?? {
            offset: i,
            reason: "more text after the JSON value",
            fix: "remove it (a JSON file holds one value)",
          }
        );
      const close = top.object ? "}" : "]";
      if (c === ",") {
        comma = i++;
        expect = top.object ? "key" : "value";
      } else if (c === close) {
        open.pop();
        i++;
      } else if (closer || c === ":") {
        const [items, kind] = top.object ? ["members", "object"] : ["items", "array"];
        return {
          offset: i,
          reason: `\`${c}\` where , or ${close} should be`,
          fix: `separate the ${items} with commas and close the ${kind} with ${close}`,
        };
      } else {
        return (
          misplaced(text, i) ?? {
            offset: i,
            reason: `a missing comma before this ${top.object ? "member" : "item"}`,
            fix: `separate the ${top.object ? "members" : "items"} with commas`,
          }
        );
      }
      continue;
    }
    if (expect === "colon") {
      if (c !== ":")
        return (
          misplaced(text, i) ?? {
            offset: i,
            reason: "a key without a colon after it",
            fix: 'write "key": value',
          }
        );
      i++;
      expect = "value";
      continue;
    }
    if (closer && comma !== undefined && (c === "}") === (top?.object ?? false)) {
      return { offset: comma, reason: `a comma before ${c} (JSON has no trailing commas)`, fix: "remove it" };
    }
    const afterComma = comma;
    comma = undefined;
    if (expect === "key") {
      if (c === "}" && afterComma === undefined) {
        open.pop();
        i++;
        expect = "after";
        continue;
      }
      if (c !== '"') {
        const odd = misplaced(text, i);
        if (odd) return odd;
        KEY_WORD.lastIndex = i;
        const word = KEY_WORD.exec(text)?.[0];
        return word === undefined
          ? { offset: i, reason: `\`${c}\` where a key should be`, fix: 'write "key": value' }
          : {
              offset: i,
              reason: `the key ${quoted(word)} without double quotes`,
              fix: `write it as ${JSON.stringify(word)}`,
            };
      }
      const end = scanString(text, i);
      if (typeof end !== "number") return end;
      i = end;
      expect = "colon";
      continue;
    }
    // A value.
    if (c === "{" || c === "[") {
      open.push({ object: c === "{", offset: i });
      i++;
      expect = c === "{" ? "key" : "value";
      if (c === "[") {
        while (isSpace(text[i])) i++;
        if (text[i] === "]") {
          open.pop();
          i++;
          expect = "after";
        }
      }
      continue;
    }
    if (c === ",")
      return {
        offset: i,
        reason: "a comma where a value should be",
        fix: "write the value, or remove the comma",
      };
    const end = scanScalar(text, i);
    if (typeof end !== "number") return end;
    i = end;
    expect = "after";
  }
}
