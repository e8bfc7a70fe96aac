/**
 * Argument parsing for every command, on top of `node:util` `parseArgs`: strict (unknown options are
 * usage errors), with `--help`/`-h` on every command, and a fixed number of positional arguments.
 */
import { parseArgs, ParseArgsConfig } from "node:util";
import { bareName, closestMatch } from "../core/problems";
import { oneOf } from "../core/remedy";
import { UsageError } from "./errors";

/**
 * `; did you mean X?` for the candidate `word` most likely means (`closestMatch`: `rendr` -> `render`,
 * `config-drive-iso` -> `configdrive-iso`), or "" when none is close. A word that begins several
 * candidates gets them all (`nocloud`: `did you mean nocloud-iso or nocloud-dir?`).
 */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  if (match === undefined) return "";
  const w = bareName(word);
  const begun = candidates.filter((c) => bareName(c) !== w && bareName(c).startsWith(w));
  if (bareName(match) !== w && begun.length > 1) return `; did you mean ${oneOf(begun)}?`;
  return `; did you mean ${match}?`;
}

/**
 * A usage error's tail: `hint` (from `didYouMean`, ends with "?") then `list` as its own sentence, or
 * `; list` without a hint ("...; did you mean render? Commands: ..." instead of "render?; commands").
 */
export function hintThenList(hint: string, list: string): string {
  return hint === "" ? `; ${list}` : `${hint} ${list.charAt(0).toUpperCase()}${list.slice(1)}`;
}

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedCommandLine {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  help: boolean;
}

/**
 * Parses `argv` for `command`. `positionals` names the positional arguments in order (used in the
 * error message when one is missing or an extra one is given); a last name ending in `...` takes any
 * number more, and one in brackets (`[SPEC...]`) may be left out: the command checks it.
 */
export function parseCommandLine(
  command: string,
  argv: readonly string[],
  options: OptionSpec,
  positionals: readonly string[],
): ParsedCommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (err) {
    // `--formt` -> `--format`: the names of this command's options are the candidates.
    const unknown = /^Unknown option '(--[^'=]+)'/.exec((err as Error).message)?.[1];
    const names = [...Object.keys(options), "help"].map((name) => `--${name}`);
    const hint = unknown === undefined ? "" : didYouMean(unknown, names);
    throw new UsageError(`${cleanParseArgsMessage((err as Error).message)}${hint}`, command);
  }
  const help = parsed.values.help === true;
  if (!help) {
    const conflict = conflictingValues(parsed.tokens ?? [], options);
    if (conflict !== undefined) throw new UsageError(conflict, command);
    const required = positionals.filter((name) => !name.startsWith("["));
    if (parsed.positionals.length < required.length) {
      const missing = required.slice(parsed.positionals.length).join(" ");
      throw new UsageError(`missing argument: ${missing}`, command);
    }
    // A last name ending in "..." (`SPEC...`) takes one or more arguments.
    const variadic = /\.\.\.\]?$/.test(positionals[positionals.length - 1] ?? "");
    if (!variadic && parsed.positionals.length > positionals.length) {
      const extra = parsed.positionals.slice(positionals.length).join(" ");
      throw new UsageError(`unexpected argument: ${extra}`, command);
    }
  }
  return { values: parsed.values, positionals: parsed.positionals, help };
}

/**
 * An option that takes one value given twice with different values (`-f nocloud-iso -f user-data`,
 * `-o seed.iso -o -`): a usage error, where `parseArgs` would keep the last one without a word. The same
 * value twice is no conflict.
 */
function conflictingValues(
  tokens: NonNullable<ReturnType<typeof parseArgs>["tokens"]>,
  options: OptionSpec,
): string | undefined {
  const seen = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind !== "option" || token.value === undefined) continue;
    const spec = options[token.name];
    if (spec === undefined || spec.type !== "string" || spec.multiple === true) continue;
    const before = seen.get(token.name);
    if (before !== undefined && before !== token.value)
      return `--${token.name} given twice ("${before}" and "${token.value}"); give it once`;
    seen.set(token.name, token.value);
  }
  return undefined;
}

/** `parseArgs` messages carry advice meant for script authors ("To specify a positional ..."); keep the first sentence. */
function cleanParseArgsMessage(message: string): string {
  const first = message.split(/\. (?=To specify|Did you)/)[0] ?? message;
  return first.replace(/^Unknown option/, "unknown option").replace(/^Option/, "option");
}

/** The value of a string option (the last one when given several times). */
export function stringOption(parsed: ParsedCommandLine, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === "string" ? v : undefined;
}

/** The value of a required string option. */
export function requiredStringOption(parsed: ParsedCommandLine, command: string, name: string): string {
  const v = stringOption(parsed, name);
  if (v === undefined || v === "") throw new UsageError(`missing option --${name}`, command);
  return v;
}

/** Every value of a repeatable string option, in order. */
export function stringListOption(parsed: ParsedCommandLine, name: string): string[] {
  const v = parsed.values[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
}
