/**
 * Reads a spec file (YAML or JSON), validates it and returns the `BootstrapSpec`.
 * Every problem becomes one line: parse errors as `FILE:LINE:COL: message`, validation problems as
 * `<property path>: <message>` (the form `validate` prints).
 */
import { readFileSync } from "node:fs";
import type * as Yaml from "yaml";
import type { BootstrapSpec } from "../spec/types";
import { validateSpec } from "../spec/validate";
import { formatProblem } from "../spec/problems";
import { InputError } from "./errors";
import { parsePlainJson } from "./json-spec";

/** Reads and parses `path`; throws `InputError` when it cannot be read or is not one YAML/JSON document. */
export function readSpecFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (err as Error).message;
    throw new InputError([`${path}: cannot read spec: ${why}`]);
  }
  const value = parsePlainJson(text) ?? parseYamlSpec(path, text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InputError([
      `${path}: a spec must be a mapping of BootstrapSpec fields (hostname, users, ...)`,
    ]);
  }
  return value;
}

/** Parses YAML (or JSON the fast path left alone); throws `InputError` with `FILE:LINE:COL` lines. */
function parseYamlSpec(path: string, text: string): unknown {
  // Loaded here only: JSON spec files mostly do without the library's ~70 modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseDocument } = require("yaml") as typeof Yaml;
  // YAML 1.2 core schema: `yes`/`no`/`on` stay strings, JSON parses as itself; duplicate keys are errors.
  const doc = parseDocument(text, { version: "1.2", uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const message = (e.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:$/, "");
        return `${path}:${pos ? `${pos.line}:${pos.col}:` : ""} ${message}`;
      }),
    );
  }
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

/** The lines `validate` prints for a parsed value: one `<property path>: <message>` per problem; empty when valid. */
export function specProblemLines(value: unknown): string[] {
  return validateSpec(value).map(formatProblem);
}

/** Reads, parses and validates `path`; throws `InputError` listing every problem. */
export function loadSpec(path: string): BootstrapSpec {
  const value = readSpecFile(path);
  const problems = specProblemLines(value);
  if (problems.length > 0) throw new InputError(problems);
  return value as BootstrapSpec;
}
