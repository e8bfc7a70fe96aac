/**
 * Reads a spec file (YAML or JSON), validates it and returns the `BootstrapSpec`.
 * Every problem becomes one line that starts with `FILE:LINE:COL:`: parse errors and refused alias
 * expansion with the message, validation problems with `<property path>: <message>` (the form `validate`
 * prints), placed at the property's key in the file (see spec-positions.ts).
 */
import type * as Yaml from "yaml";
import type { BootstrapSpec } from "../spec/types";
import { validateSpec } from "../render/validate-spec";
import { formatProblem, type SpecProblem } from "../core/problems";
import { InputError, unreadableWords } from "./errors";
import { duplicateKeyOffsets, parsePlainJson } from "./json-spec";
import { jsonSyntaxProblem } from "./json-syntax";
import { cannotRead, placer, readTextFile } from "./spec-text";
import { aliasBombOffset, placeProblems } from "./spec-positions";
import { MAX_ALIAS_COUNT, SPEC_PARSE_OPTIONS } from "./spec-yaml-options";
import { unreadYaml } from "./unread-yaml";

/** A spec file as read: its path and text, to place problems in. */
export interface SpecSource {
  path: string;
  text: string;
}

/** The file each value `readSpecFile` returned was read from, so its problems can name their position. */
const SOURCES = new WeakMap<object, SpecSource>();

/** The file `value` was read from by `readSpecFile` (or adopted with), if any. */
export function specSource(value: object): SpecSource | undefined {
  return SOURCES.get(value);
}

/**
 * The `yaml` library's errors whose own words speak to its programmers, in an author's words; `what` names
 * what the file holds (`spec`, `fleet plan`, `lease table`).
 */
const YAML_ERRORS: Readonly<Record<string, (what: string) => string>> = {
  MULTIPLE_DOCS: (what) => `a second YAML document starts here (\`---\`); a ${what} file holds one ${what}`,
  RESOURCE_EXHAUSTION: (what) =>
    `collections nest too deeply here to be read; a ${what} needs only a few levels`,
};

const SPEC_MAPPING = "a spec must be a mapping of BootstrapSpec fields (hostname, users, ...)";

/** The spec path that means standard input, as for cat(1) and diff(1). */
export const STDIN = "-";

/** How problems name the spec file `path`: itself, or `<stdin>` for `-` (as compilers name it). */
export function specName(path: string): string {
  return path === STDIN ? "<stdin>" : path;
}

/** Whether `path` names a JSON file (`.json`, in any case), which must hold JSON, not YAML. */
export function isJsonPath(path: string): boolean {
  return /\.json$/i.test(path);
}

/**
 * Reads and parses `path` (`-`: standard input); throws `InputError` when it cannot be read (`cannot read
 * <what>`) or is not one YAML/JSON document holding a mapping (`parseSpecText`).
 */
export function readSpecFile(path: string, mapping = SPEC_MAPPING, what = "spec"): unknown {
  const name = specName(path);
  let text: string;
  try {
    text = readTextFile(path === STDIN ? 0 : path, name, what);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw cannotRead(name, what, unreadableWords(err));
  }
  return parseSpecText(name, text, mapping, what);
}

/**
 * Parses `text`, the file `file` (as problems name it), as a spec file is read: throws `InputError` with
 * `FILE:LINE:COL:` lines when it is not one YAML/JSON document holding a mapping (`mapping` says what the
 * mapping should hold, `what` what the file holds). A file named `.json` must be JSON (RFC 8259);
 * everything else, standard input too, is read as YAML 1.2, which reads JSON as well. A UTF-8 byte-order
 * mark (Windows editors write one) is not part of the text: columns on the first line count from after it.
 * `problemLines` places the problems of the value returned in `text`.
 */
export function parseSpecText(file: string, text: string, mapping = SPEC_MAPPING, what = "spec"): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const value = isJsonPath(file)
    ? parseJsonSpec(file, text)
    : (parsePlainJson(text) ?? parseYamlSpec(file, text, what));
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const [where] = placeProblems(file, text, [{ path: "", message: "" }]);
    throw new InputError([`${where?.slice(0, -1) ?? `${file}:`} ${mapping}`]);
  }
  SOURCES.set(value, { path: file, text });
  return value;
}

/**
 * The library's "Map keys must be unique" with the key it means: `duplicate key "hostname"; a mapping
 * holds each key once (keep one)`. `offset` is where the repeated key starts.
 */
function duplicateKeyMessage(text: string, offset: number): string {
  const key = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^:,{}[\]\n]*?))\s*:/.exec(
    text.slice(offset, offset + 1100),
  );
  // A quoted key may be empty (`"": 1`, named ""); an empty plain key is YAML's null key, named nothing.
  const name = key?.[1] ?? key?.[2]?.replace(/''/g, "'") ?? (key?.[3] || undefined);
  return `duplicate key${name === undefined ? "" : ` ${JSON.stringify(name)}`}; a mapping holds each key once (keep one)`;
}

/**
 * Parses the text of a `.json` file as JSON (RFC 8259), to the value `JSON.parse` gives. Throws
 * `InputError` with one `FILE:LINE:COL: not valid JSON: ...` line at the first mistake of a text that is
 * not JSON, or with a line for each repeated key (as the YAML reader refuses them).
 */
function parseJsonSpec(path: string, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // The scan agrees with JSON.parse (test/cli/json-syntax.test.ts); V8's words are the fallback.
    const problem = jsonSyntaxProblem(text) ?? {
      offset: 0,
      reason: (err as Error).message,
      fix: "fix the JSON",
    };
    throw new InputError([
      `${placer(path, text)(problem.offset)} not valid JSON: ${problem.reason}; ${problem.fix}, or rename ` +
        "the file to .yaml or .yml to write YAML",
    ]);
  }
  const repeated = duplicateKeyOffsets(text);
  if (repeated.length > 0) {
    const placeOf = placer(path, text);
    throw new InputError(repeated.map((offset) => `${placeOf(offset)} ${duplicateKeyMessage(text, offset)}`));
  }
  return value;
}

/**
 * Parses YAML (or JSON the fast path left alone); throws `InputError` with `FILE:LINE:COL` lines. A carriage
 * return without a line feed is refused: YAML 1.2 and PyYAML end a line there, the `yaml` library takes it
 * for part of the line (`a: 1\rb: 2` is two keys to cloud-init's reader, one error to ours).
 */
function parseYamlSpec(path: string, text: string, what: string): unknown {
  const loneCr = /\r(?!\n)/.exec(text);
  if (loneCr !== null) {
    throw new InputError([
      `${placer(path, text)(loneCr.index)} a carriage return without a line feed (an old Mac line end), ` +
        "which YAML readers split lines at differently; save the file with LF (or CRLF) line ends",
    ]);
  }
  // Loaded here only: JSON spec files mostly do without the library's ~70 modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require("yaml") as typeof Yaml;
  const doc = yaml.parseDocument(text, SPEC_PARSE_OPTIONS);
  if (doc.errors.length > 0) {
    const placeOf = placer(path, text);
    throw new InputError(
      doc.errors.map((e) => {
        const message =
          e.code === "DUPLICATE_KEY"
            ? duplicateKeyMessage(text, e.pos[0])
            : (YAML_ERRORS[e.code]?.(what) ??
              (e.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:$/, ""));
        return `${placeOf(e.pos[0])} ${message}`;
      }),
    );
  }
  const unread = unreadYaml(yaml, doc, what);
  if (unread.length > 0) {
    const placeOf = placer(path, text);
    throw new InputError(unread.map(({ offset, message }) => `${placeOf(offset)} ${message}`));
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    // The library says "Excessive alias count indicates a resource exhaustion attack", without a place.
    throw new InputError([
      `${placer(path, text)(aliasBombOffset(yaml, doc))} aliases here expand the document beyond ` +
        `${MAX_ALIAS_COUNT} nodes (a "billion laughs" alias bomb, refused); write the repeated values out, ` +
        "or use fewer nested aliases",
    ]);
  }
}

/** A fleet placeholder (`%{n:x2}`, `%{ipv4}`) in a problem's words; `%%{` is a literal `%{`, no placeholder. */
const FLEET_PLACEHOLDER = /(?<!%)%\{[^}\s]*\}/;

/**
 * `problems` of a spec file read on its own, each whose value holds a fleet placeholder told where such a
 * value belongs: a fleet's base spec is read with its plan (`--fleet PLAN`), which fills placeholders in
 * before anything is checked; alone, `"52:54:00:00:00:%{n:x2}" is not a MAC address` would be all it says.
 */
function withFleetHint(problems: readonly SpecProblem[]): SpecProblem[] {
  return problems.map((problem) => {
    const placeholder = FLEET_PLACEHOLDER.exec(problem.message)?.[0];
    return placeholder === undefined
      ? problem
      : {
          ...problem,
          message:
            `${problem.message} (${placeholder} is a fleet placeholder: check and render a fleet's base spec ` +
            "with its plan, --fleet PLAN)",
        };
  });
}

/**
 * The lines `validate` prints for a parsed value: one `<property path>: <message>` per problem, after
 * `FILE:LINE:COL: ` when the value came from `readSpecFile`; empty when valid.
 */
export function specProblemLines(value: unknown): string[] {
  return problemLines(value, withFleetHint(validateSpec(value)));
}

/**
 * `problems` of a value `readSpecFile` returned (or of a value made from it with the same property
 * paths) as lines: `FILE:LINE:COL: <path>: <message>`, placed at each property's key in the file.
 */
export function problemLines(
  value: unknown,
  problems: readonly SpecProblem[],
  placedBy: unknown = value,
): string[] {
  const source = placedBy !== null && typeof placedBy === "object" ? SOURCES.get(placedBy) : undefined;
  if (problems.length === 0 || source === undefined) return problems.map(formatProblem);
  return placeProblems(source.path, source.text, problems);
}

/** Specs `validateSpec` accepted here: rendering them need not validate them again. */
const VALIDATED = new WeakSet<object>();

/** Whether `spec` is a value `loadSpec` or `acceptSpec` validated (and returned unchanged). */
export function wasValidated(spec: object): boolean {
  return VALIDATED.has(spec);
}

/**
 * `spec` as validated: a structured clone of a spec `loadSpec` validated in a render worker thread
 * (src/cli/render-parallel.ts), so rendering it does not validate it a second time; `source` is the file
 * it was read from there, so the problems its render finds are placed in that file.
 */
export function adoptValidated(spec: object, source?: SpecSource): BootstrapSpec {
  VALIDATED.add(spec);
  if (source !== undefined) SOURCES.set(spec, source);
  return spec as BootstrapSpec;
}

/**
 * Validates `value`; throws `InputError` with `problemLines` for every problem (placed in the file
 * `placedBy` was read from), else returns it as a spec.
 */
export function acceptSpec(value: object, placedBy: unknown = value): BootstrapSpec {
  return acceptSpecPlacing(value, () => placedBy);
}

/**
 * `acceptSpec`, each problem placed in the file the value `placedBy(problem)` was read from; `adjust` may
 * reword the problems first.
 */
export function acceptSpecPlacing(
  value: object,
  placedBy: (problem: SpecProblem) => unknown,
  adjust: (problems: readonly SpecProblem[]) => readonly SpecProblem[] = (problems) => problems,
): BootstrapSpec {
  const problems = adjust(validateSpec(value));
  if (problems.length > 0) {
    // Each file's problems in one list, added to in place: a copy for each problem took time in the square
    // of their number (32,000 problems: 12 s; test/cli/spec-positions.test.ts).
    const byFile = new Map<unknown, SpecProblem[]>();
    for (const problem of problems) {
      const file = placedBy(problem);
      const some = byFile.get(file);
      if (some === undefined) byFile.set(file, [problem]);
      else some.push(problem);
    }
    throw new InputError([...byFile].flatMap(([file, some]) => problemLines(value, some, file)));
  }
  VALIDATED.add(value);
  return value as BootstrapSpec;
}

/**
 * Reads, parses and validates `path`; throws `InputError` listing every problem (a fleet placeholder's
 * with where it belongs, `withFleetHint`).
 */
export function loadSpec(path: string): BootstrapSpec {
  const value = readSpecFile(path) as object;
  return acceptSpecPlacing(value, () => value, withFleetHint);
}
