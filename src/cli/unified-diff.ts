/**
 * The unified diff `diff` prints for one document. The `diff` package finds a minimal diff with Myers'
 * algorithm, whose work grows with the square of the edits: two documents of 8,000 lines that differ in
 * every line took 13 s, 16,000 about a minute (a large file's content replaced, a runcmd regenerated).
 * Like diff(1), which gives up on minimality when a diff is too costly, it looks for a minimal diff of at
 * most `MAX_EDITS` edits (lines removed plus lines added: about 0.3 s at worst) and past that prints one
 * hunk: the lines between the documents' common first and last lines, removed, then added. That is a
 * correct patch of the same documents (it applies), only longer to read than a minimal one; the caller
 * says so on stderr. The bound counts edits, not time, so the same documents always give the same bytes.
 */
import { formatPatch, structuredPatch, type StructuredPatch, type StructuredPatchHunk } from "diff";

/** Edits (lines removed plus lines added) up to which the printed diff is minimal. */
export const MAX_EDITS = 2000;
/** Unchanged lines printed around each change, as `diff -u`. */
const CONTEXT = 3;
const NO_NEWLINE = "\\ No newline at end of file";

/** The two versions of a document, and the names and headers their patch prints (`--- NAME\tHEADER`). */
export interface DocumentPair {
  oldName: string;
  newName: string;
  oldText: string;
  newText: string;
  oldHeader?: string;
  newHeader?: string;
}

/** `text`'s lines, each with its line feed but the last when the text does not end with one. */
function linesOf(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines[lines.length - 1] === "" ? lines.slice(0, -1) : lines;
}

/** A line of a hunk: its mark and text, and the no-newline marker after it when it has no line feed. */
function hunkLines(mark: string, lines: readonly string[]): string[] {
  return lines.flatMap((line) =>
    line.endsWith("\n") ? [mark + line.slice(0, -1)] : [mark + line, NO_NEWLINE],
  );
}

/**
 * The patch from `oldText` to `newText` as one hunk (see the module comment): the common first and last
 * lines as context (`CONTEXT` of each), everything between them removed, then added. Undefined when the
 * texts are equal. When one side of the block is empty (lines only added, or only removed: `-N` of a spec
 * a commit adds), it is also the minimal diff.
 */
export function blockPatch({
  oldName,
  newName,
  oldText,
  newText,
  oldHeader,
  newHeader,
}: DocumentPair): { patch: StructuredPatch; minimal: boolean } | undefined {
  const before = linesOf(oldText);
  const after = linesOf(newText);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++;
  }
  if (head === before.length && head === after.length) return undefined;
  const lead = before.slice(Math.max(0, head - CONTEXT), head);
  const trail = before.slice(before.length - tail, before.length - tail + Math.min(CONTEXT, tail));
  const removed = before.slice(head, before.length - tail);
  const added = after.slice(head, after.length - tail);
  const oldLines = lead.length + removed.length + trail.length;
  const newLines = lead.length + added.length + trail.length;
  const hunk: StructuredPatchHunk = {
    // As the `diff` package numbers them: formatPatch prints a start one lower for a side with no lines.
    oldStart: head - lead.length + 1,
    oldLines,
    newStart: head - lead.length + 1,
    newLines,
    lines: [
      ...hunkLines(" ", lead),
      ...hunkLines("-", removed),
      ...hunkLines("+", added),
      ...hunkLines(" ", trail),
    ],
  };
  return {
    patch: { oldFileName: oldName, newFileName: newName, oldHeader, newHeader, hunks: [hunk] },
    minimal: removed.length === 0 || added.length === 0,
  };
}

/**
 * The unified diff of `oldText` and `newText` (`diff -u` with `CONTEXT` lines), and whether it is minimal:
 * it is unless they differ in more than `MAX_EDITS` edits, both removals and additions.
 */
export function unifiedDiff(pair: DocumentPair): { text: string; minimal: boolean } {
  // With maxEditLength, structuredPatch returns undefined when the diff would be longer.
  const { oldName, newName, oldText, newText, oldHeader, newHeader } = pair;
  const minimal = structuredPatch(oldName, newName, oldText, newText, oldHeader, newHeader, {
    context: CONTEXT,
    maxEditLength: MAX_EDITS,
  });
  if (minimal !== undefined) return { text: formatPatch(minimal), minimal: true };
  const block = blockPatch(pair);
  return block === undefined
    ? { text: "", minimal: true }
    : { text: formatPatch(block.patch), minimal: block.minimal };
}
