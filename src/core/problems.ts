import { libraryWording, wordRemedy, type Remedy, type Wording } from "./remedy";

/**
 * A problem found in a spec or in the component's arguments: where it is and what is wrong (with the
 * fix). The one problem type of the package: the spec's validation, the renderers, the platforms'
 * checks and the fleet planner all report these.
 */
export interface SpecProblem {
  /**
   * Property path, e.g. `network.interfaces[1].addresses[0]` in a spec or `vsphere.transport` in the
   * component's arguments; empty for the spec itself.
   */
  path: string;
  /** What is wrong and how to fix it. */
  message: string;
  /**
   * When the ways out depend on who shows the problem (the component's arguments, the CLI's options):
   * the problem as its rule states it. `message` is it in the library's words (`remedyProblem`); a
   * front end words it again with its own (`rewordProblem`).
   */
  remedy?: Remedy;
}

/** A problem at `path` stated as `remedy`, its message in `wording` (the library's own by default). */
export function remedyProblem(path: string, remedy: Remedy, wording: Wording = libraryWording): SpecProblem {
  return { path, message: wordRemedy(remedy, wording), remedy };
}

/** `problem` in a front end's words: its remedy worded with `wording`; a problem without one as it is. */
export function rewordProblem(problem: SpecProblem, wording: Wording): SpecProblem {
  return problem.remedy === undefined ? problem : remedyProblem(problem.path, problem.remedy, wording);
}

/** Formats one problem as `<path>: <message>` (just the message for the spec's root). */
export function formatProblem(problem: SpecProblem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

/** Thrown when a spec has problems; its message lists every one of them, one per line. */
export class SpecValidationError extends Error {
  readonly problems: SpecProblem[];

  constructor(problems: SpecProblem[], subject = "bootstrap spec") {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`Invalid ${subject} (${count}):\n${problems.map(formatProblem).join("\n")}`);
    this.name = "SpecValidationError";
    this.problems = problems;
  }
}

/** Appends a property name to a path: `a` + `b` -> `a.b`; names that are not identifiers are quoted. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  const part = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? key : JSON.stringify(key);
  if (part.startsWith('"')) return `${base}[${part}]`;
  return base ? `${base}.${part}` : part;
}

/**
 * One segment of a property path after its first, as `joinPath` writes it: `.name` (group 1), `[0]` (group 2)
 * or `["any key"]` (group 3, the key as a JSON string). A path's first segment has no dot (`users[0].name`).
 */
export const PATH_SEGMENT = String.raw`\.([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]`;

/**
 * A segment of a property path: its text (`.name`, `[0]`, `["a b"]`) and the key or index it names (none for
 * a quoted key that is no JSON string: `["\\q"]`, which `joinPath` never writes).
 */
export interface PathSegment {
  text: string;
  key: string | number | undefined;
}

const SEGMENT = new RegExp(PATH_SEGMENT, "y");

/**
 * The segments of `path` as `joinPath` writes it (`users[0].name`, `metadata["a b"]`, and a path's tail that
 * starts with a dot: `.apt.sources`), or undefined when it is not one.
 */
export function pathSegments(path: string): PathSegment[] | undefined {
  const text = /^[A-Za-z_$]/.test(path) ? `.${path}` : path;
  const out: PathSegment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < text.length) {
    const match = SEGMENT.exec(text);
    if (!match) return undefined;
    const segment = out.length === 0 && text !== path ? match[0].slice(1) : match[0];
    const key = match[1] ?? (match[2] !== undefined ? Number(match[2]) : jsonString(match[3] ?? ""));
    out.push({ text: segment, key });
  }
  return out;
}

/**
 * The keys and indexes of the property path `path` (`users[0].name` -> users, 0, name), or undefined when it
 * is not one (`pathSegments`).
 */
export function parsePropertyPath(path: string): (string | number)[] | undefined {
  const keys = pathSegments(path)?.map((segment) => segment.key);
  return keys?.every((key) => key !== undefined) ? keys : undefined;
}

/** The string a JSON string literal stands for, or undefined when `quoted` is none (`"\q"`). */
function jsonString(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return undefined;
  }
}

/** True when `path` is `ancestor` or a path inside it (`a.b`, `a[0]` in `a`); every path is inside "". */
export function isPathWithin(path: string, ancestor: string): boolean {
  return (
    ancestor === "" || path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`)
  );
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), for "did you mean"
 * suggestions: `hostanme` is one edit from `hostname`, not two. With `atMost`, a distance above it is
 * `atMost + 1`, found as soon as a whole row of the table is above it (no later row can come back under:
 * a row's cells are at least the smallest of the row before, plus one; a transposition's cell is at least
 * the cell beside it in the row between): a word far from a name costs a few rows, not the whole table.
 * Two rows and the one before them are kept, as typed arrays, not the whole table.
 */
export function editDistance(a: string, b: string, atMost = Infinity): number {
  if (Math.abs(a.length - b.length) > atMost) return atMost + 1;
  const n = b.length;
  let before = new Uint32Array(n + 1);
  let previous = Uint32Array.from({ length: n + 1 }, (_, j) => j);
  let row = new Uint32Array(n + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let smallest = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + (ai === bj ? 0 : 1),
      );
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        d = Math.min(d, (before[j - 2] as number) + 1);
      row[j] = d;
      if (d < smallest) smallest = d;
    }
    if (smallest > atMost) return atMost + 1;
    [before, previous, row] = [previous, row, before];
  }
  const distance = previous[n] as number;
  return distance > atMost ? atMost + 1 : distance;
}

/** A name without case and word separators: `ssh_authorized_keys` and `sshAuthorizedKeys` are alike. */
export function bareName(name: string): string {
  return name.toLowerCase().replace(/[-_ ]/g, "");
}

/**
 * The candidate `word` most likely means, if any: first the same name but for case and separators
 * (`ssh_authorized_keys` -> `sshAuthorizedKeys`), then the smallest edit distance when it is at most a
 * third of the longer name (`pakages` -> `packages`, `nameserver` -> `nameservers` rather than `name`;
 * `mac` is 2 edits from `mtu`, too far for a 3-letter word), then a candidate that begins with the word or
 * that the word begins with, at least 3 characters shared (`mac` -> `macAddress`).
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const w = bareName(word);
  const sorted = [...candidates].sort();
  const same = sorted.find((c) => bareName(c) === w);
  if (same !== undefined) return same;
  const near = nearest(w, sorted);
  if (near !== undefined) return near;
  return sorted.find((c) => {
    const b = bareName(c);
    return Math.min(w.length, b.length) >= 3 && (b.startsWith(w) || w.startsWith(b));
  });
}

/**
 * The candidate fewest edits from the bare word `w` (the first of them), when that is at most a third of the
 * longer name. A distance is only worked out as far as it can matter: below the best so far, and at most a
 * third of the longest name (a nearest candidate further away is not suggested either): 2,000 unknown keys
 * took 2.4 s, most of it building whole tables for names far from the word.
 */
function nearest(w: string, sorted: readonly string[]): string | undefined {
  const bare = sorted.map(bareName);
  const longest = Math.max(w.length, ...bare.map((c) => c.length));
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(longest / 3)) + 1;
  for (const [i, candidate] of sorted.entries()) {
    const d = editDistance(w, bare[i] as string, bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(w.length, bareName(best).length) / 3));
  return bestDistance <= limit ? best : undefined;
}
