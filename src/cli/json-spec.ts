/**
 * JSON spec text read without the YAML library (about 70 modules, a fifth of a command's start).
 * A file named `.json` is JSON: `JSON.parse` reads it, and `duplicateKeyOffsets` finds the keys to refuse
 * (load-spec.ts). Any other spec file (or standard input) that holds JSON takes this path only when the
 * YAML 1.2 reader would read it to the same value: valid JSON with no duplicate keys (YAML reports them),
 * no `__proto__` or over-long keys, no `-0`, no tabs, control characters or byte-order mark
 * (`parsePlainJson`). Anything else goes to the YAML reader, which reports problems with line and column.
 */

/** Characters that the YAML reader treats differently from JSON, or rejects. */
const NOT_PLAIN_JSON_TEXT = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]/;

/** YAML's limit for an implicit key. */
const MAX_KEY_LENGTH = 1024;

/**
 * Calls `visit` with every key of the (valid) JSON `text`, in the order of the text: the key, the offset of
 * its opening quote and whether its object had it already; stops when `visit` returns true.
 */
function walkKeys(text: string, visit: (key: string, offset: number, repeated: boolean) => boolean): void {
  const open: (Set<string> | undefined)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{") open.push(new Set());
    else if (c === "[") open.push(undefined);
    else if (c === "}" || c === "]") open.pop();
    else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      let next = end + 1;
      while (text[next] === " " || text[next] === "\n" || text[next] === "\r" || text[next] === "\t") next++;
      const keys = open[open.length - 1];
      if (keys !== undefined && text[next] === ":") {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (visit(key, i, keys.has(key))) return;
        keys.add(key);
      }
      i = end;
    }
  }
}

/** Whether some object of the (valid) JSON `text` repeats a key or has a key YAML reads otherwise. */
function hasUnsafeKeys(text: string): boolean {
  let unsafe = false;
  walkKeys(text, (key, _offset, repeated) => {
    unsafe = repeated || key === "__proto__" || key.length > MAX_KEY_LENGTH;
    return unsafe;
  });
  return unsafe;
}

/** The offsets of the keys that repeat a key of their object in the (valid) JSON `text`, in order. */
export function duplicateKeyOffsets(text: string): number[] {
  const offsets: number[] = [];
  walkKeys(text, (_key, offset, repeated) => {
    if (repeated) offsets.push(offset);
    return false;
  });
  return offsets;
}

/** The value of a JSON spec file, or undefined when the YAML reader must read it. */
export function parsePlainJson(text: string): unknown {
  const start = text.trimStart()[0];
  if ((start !== "{" && start !== "[") || NOT_PLAIN_JSON_TEXT.test(text)) return undefined;
  let negativeZero = false;
  let value: unknown;
  try {
    value = JSON.parse(text, (_key, v: unknown) => {
      if (Object.is(v, -0)) negativeZero = true;
      return v;
    });
  } catch {
    return undefined;
  }
  return negativeZero || hasUnsafeKeys(text) ? undefined : value;
}
