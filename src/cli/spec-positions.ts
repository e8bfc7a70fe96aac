/**
 * Where in a spec file a property path is: `FILE:LINE:COLUMN` for validation problems, from the source
 * ranges the `yaml` library keeps on every node (JSON files, read with `JSON.parse`, are placed by the same
 * reader, which takes JSON as YAML 1.2). Only run when there is a problem to place, so valid files never pay
 * for it.
 */
import type * as Yaml from "yaml";
import { parsePropertyPath, type SpecProblem } from "../core/problems";

/** The pair of a mapping whose key is `key` (as a property path names it). */
type PairOf = (map: Yaml.YAMLMap, key: string) => Yaml.Pair | undefined;

/**
 * `PairOf` from an index of each mapping's pairs built at its first lookup: 20,000 problems in one mapping of
 * 20,000 keys are placed in one pass over it, not in one pass for each (test/cli/spec-positions.test.ts).
 */
function indexedPairs(yaml: typeof Yaml): PairOf {
  const index = new WeakMap<Yaml.YAMLMap, Map<string, Yaml.Pair>>();
  return (map, key) => {
    let pairs = index.get(map);
    if (pairs === undefined) {
      pairs = new Map();
      for (const pair of map.items) {
        if (!yaml.isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        if (!pairs.has(name)) pairs.set(name, pair as Yaml.Pair);
      }
      index.set(map, pairs);
    }
    return pairs.get(key);
  };
}

/**
 * The source offset the path leads to: the key of its last property when that exists in the file, else
 * the deepest node the file has on the way (a missing field is placed at the mapping that lacks it).
 */
function offsetOf(
  yaml: typeof Yaml,
  doc: Yaml.Document,
  pairOf: PairOf,
  segments: (string | number)[],
): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Yaml.Node | null)?.range?.[0] ?? 0;
  for (const segment of segments) {
    if (yaml.isMap(node)) {
      const pair = pairOf(node, String(segment));
      if (!pair) break;
      const key = pair.key as Yaml.Node;
      offset = key.range?.[0] ?? offset;
      node = pair.value;
    } else if (yaml.isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      node = node.items[segment];
      offset = (node as Yaml.Node).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** A 1-based line and column in a text. */
export interface LinePosition {
  line: number;
  col: number;
}

/**
 * The line and column of offsets in `text`, for every `FILE:LINE:COL` the command line prints. A line ends
 * at "\r\n", "\n" or a lone "\r" (YAML 1.2's line breaks, and where editors break a JSON file's lines);
 * the column counts UTF-16 code units from 1. The `yaml` library's `LineCounter` counts the same, except
 * that it takes a lone "\r" for part of the line (a JSON file may hold one as whitespace; a YAML file
 * holding one is refused, src/cli/load-spec.ts).
 */
export function linePositions(text: string): (offset: number) => LinePosition {
  const starts = [0];
  for (const m of text.matchAll(/\r\n?|\n/g)) starts.push(m.index + m[0].length);
  return (offset) => {
    let [lo, hi] = [0, starts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (starts[lo] as number) + 1 };
  };
}

/**
 * `problems` as `FILE:LINE:COL: <path>: <message>` lines, placed in `text` (the file `file`), in the order
 * of their places in the file (as compilers list them; problems at one place keep their order).
 */
export function placeProblems(file: string, text: string, problems: readonly SpecProblem[]): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require("yaml") as typeof Yaml;
  // A lone "\r" (whitespace in a JSON file) read as the line end it is there, which the library does not
  // (a YAML file holding one is refused before): "\n" in its place keeps every offset. The text was read
  // before (`parseSpecText`), repeated keys refused: the library need not look for them again, which takes
  // it time in the square of a mapping's keys.
  const doc = yaml.parseDocument(text.replace(/\r(?!\n)/g, "\n"), { version: "1.2", uniqueKeys: false });
  const positionOf = linePositions(text);
  const pairOf = indexedPairs(yaml);
  return problems
    .map((problem) => ({
      problem,
      offset: offsetOf(yaml, doc, pairOf, parsePropertyPath(problem.path) ?? []),
    }))
    .sort((a, b) => a.offset - b.offset)
    .map(({ problem, offset }) => {
      const { line, col } = positionOf(offset);
      const where = `${file}:${line}:${col}:`;
      return problem.path ? `${where} ${problem.path}: ${problem.message}` : `${where} ${problem.message}`;
    });
}

/**
 * The first alias of `doc` that stands for a node holding aliases itself (how an alias bomb multiplies),
 * else the first alias: where to point when the library refuses the document's alias expansion.
 */
export function aliasBombOffset(yaml: typeof Yaml, doc: Yaml.Document): number {
  let first: number | undefined;
  let nested: number | undefined;
  yaml.visit(doc, {
    Alias(_key, alias) {
      const start = alias.range?.[0] ?? 0;
      first ??= start;
      const source = alias.resolve(doc);
      let holdsAlias = false;
      if (source && yaml.isCollection(source)) {
        yaml.visit(source, {
          Alias() {
            holdsAlias = true;
            return yaml.visit.BREAK;
          },
        });
      }
      if (holdsAlias) {
        nested = start;
        return yaml.visit.BREAK;
      }
      return undefined;
    },
  });
  return nested ?? first ?? 0;
}
