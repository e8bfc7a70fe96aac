/** A problem found in a spec: where it is and what is wrong (with the fix). */
export interface SpecProblem {
  /** Property path in the spec, e.g. `network.interfaces[1].addresses[0]`; empty for the spec itself. */
  path: string;
  /** What is wrong and how to fix it. */
  message: string;
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

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The candidate closest to `word` (case-insensitive edit distance), if it is reasonably close. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of [...candidates].sort()) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.ceil(Math.max(word.length, best.length) / 3));
  const prefixMatch =
    best.toLowerCase().startsWith(word.toLowerCase()) || word.toLowerCase().startsWith(best.toLowerCase());
  return bestDistance <= limit || prefixMatch ? best : undefined;
}
