/**
 * Values the spec passes through as cloud-config (`extraCloudConfig`, `vendorCloudConfig`) must be what
 * YAML holds: strings, numbers, booleans, null, lists and plain mappings. A TypeScript program can put
 * anything there; the YAML writer would throw on some (a function, a BigInt, a cycle), and quietly write
 * others as something else (a Date or a Map as `{}`, an `undefined` list entry as `null`).
 */
import { joinPath, type SpecProblem } from "../core/problems";

const PLAIN_DATA = "give plain data (strings, numbers, booleans, null, lists and mappings)";

/**
 * How deep cloud-config given as it is may nest: its field's mapping is level 1, each list or mapping in a
 * list or mapping one more. PyYAML, which reads it on the guest, recurses for each level and gives up with a
 * RecursionError at 492 nested mappings in a bare interpreter (PyYAML 5.3.1, 6.0 and 6.0.2 of cloud-init
 * 20.4.1, 22.4.2 and 25.1.4), fewer under the frames of the program that calls it; cloud-config needs a few
 * levels. A document at this depth loads on all three with half of Python's frames taken
 * (test/generations/deep-cloud-config.test.ts), and no walk over the spec recurses deeper.
 */
export const MAX_CLOUD_CONFIG_DEPTH = 100;

/** Why `value` is no cloud-config value, with the fix; undefined when it is one (its contents aside). */
function notYaml(value: unknown, inList: boolean): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      // YAML would get `.nan`/`.inf`, which PyYAML reads as floats no cloud-config key takes; in a
      // program they are a failed computation (`Number("abc")`, a division by zero).
      return Number.isFinite(value)
        ? undefined
        : `${String(value)} is not a cloud-config value (YAML would get \`${Number.isNaN(value) ? ".nan" : value > 0 ? ".inf" : "-.inf"}\`); give a finite number`;
    case "undefined":
      // A mapping's undefined value is an absent key, as in JSON; a list's would become null.
      return inList
        ? "undefined is not a cloud-config value (YAML would get null); remove the entry or give a value"
        : undefined;
    case "function":
      return `a function is not a cloud-config value; ${PLAIN_DATA}, e.g. the function's result`;
    case "bigint":
      return "a BigInt is not a cloud-config value; give a number or a string";
    case "symbol":
      return `a symbol is not a cloud-config value; ${PLAIN_DATA}`;
  }
  if (value === null || Array.isArray(value)) return undefined;
  // A plain object: its prototype is `Object.prototype` of any realm (a spec parsed in a vm context, or
  // structured-cloned, has that realm's), or none.
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === null || Object.getPrototypeOf(proto) === null) {
    if (Object.prototype.toString.call(value) === "[object Object]") return undefined;
  }
  if (value instanceof Date) {
    return "a Date is not a cloud-config value (YAML would get `{}`); give it as a string, e.g. `date.toISOString()`";
  }
  if (value instanceof Map) {
    return "a Map is not a cloud-config value (YAML would get `{}`); give a plain object, e.g. `Object.fromEntries(map)`";
  }
  if (value instanceof Set) {
    return "a Set is not a cloud-config value (YAML would get `{}`); give a list, e.g. `[...set]`";
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    return "binary data is not a cloud-config value; give it as a string (e.g. base64, with `encoding: b64` where cloud-config takes one)";
  }
  const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
  return `${typeof name === "string" && name !== "" ? `an instance of ${name}` : "this object"} is not a cloud-config value; ${PLAIN_DATA}`;
}

/** Every value under `value` (at `path`) that YAML cloud-config cannot hold as it is, with the fix. */
export function yamlValueProblems(value: unknown, path: string): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const ancestors: { value: object; path: string }[] = [];
  const walk = (node: unknown, at: string, inList: boolean, depth: number): void => {
    const reason = notYaml(node, inList);
    if (reason !== undefined) {
      problems.push({ path: at, message: reason });
      return;
    }
    if (node === null || typeof node !== "object") return;
    if (depth > MAX_CLOUD_CONFIG_DEPTH) {
      problems.push({
        path: at,
        message:
          `nests lists and mappings more than ${MAX_CLOUD_CONFIG_DEPTH} levels deep (this one is level ${depth}); ` +
          "cloud-init's YAML reader fails on deep nesting: flatten the data, or give it as one string " +
          "(e.g. JSON in a file's content)",
      });
      return;
    }
    const cycle = ancestors.find((a) => a.value === node);
    if (cycle !== undefined) {
      problems.push({
        path: at,
        message: `refers back to \`${cycle.path}\`, which contains it (a cycle); YAML cloud-config cannot hold one: give a copy of the data`,
      });
      return;
    }
    ancestors.push({ value: node, path: at });
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, joinPath(at, i), true, depth + 1));
    else for (const [key, item] of Object.entries(node)) walk(item, joinPath(at, key), false, depth + 1);
    ancestors.pop();
  };
  walk(value, path, false, 1);
  return problems;
}
