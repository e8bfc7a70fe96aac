/**
 * `diff`'s patches (src/cli/unified-diff.ts): minimal up to MAX_EDITS edits, byte for byte what the `diff`
 * package's createTwoFilesPatch printed before; past it one hunk between the common first and last lines.
 * Every patch, either kind, applies to the old text and gives the new: checked by the `diff` package's own
 * `applyPatch` and, independently, by GNU patch (which refuses what the `diff` package's lenient reader
 * accepts: a "\ No newline at end of file" after a line that has one, as the `diff` package 5.x wrote
 * where a hunk's last lines were removed); GNU diff --minimal finds no shorter patch.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyPatch, createTwoFilesPatch, Diff, formatPatch } from "diff";
import fc from "fast-check";
import { blockPatch, MAX_EDITS, unifiedDiff } from "../../src/cli/unified-diff";
import {
  cleanupTempDirs,
  fixture,
  listFiles,
  requireBuiltCli,
  runCli,
  spawnTool,
  tempDir,
} from "./cli-harness";

afterAll(() => cleanupTempDirs());

/** Texts of lines from a small alphabet (so lines repeat), with or without a last line feed. */
const text = fc
  .record({
    lines: fc.array(fc.constantFrom("a", "b", "c", "d", "", "  - x"), { maxLength: 30 }),
    lastFeed: fc.boolean(),
  })
  .map(({ lines, lastFeed }) => (lines.length === 0 ? "" : lines.join("\n") + (lastFeed ? "\n" : "")));

/** The lines a patch removes or adds. */
const edits = (patch: string) =>
  patch.split("\n").filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l)).length;

const numbered = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word} ${i}\n`).join("");

/** What GNU patch makes of `oldText` with `patch` (its stderr when it refuses the patch). */
function gnuPatched(dir: string, oldText: string, patch: string): string {
  writeFileSync(join(dir, "old"), oldText);
  writeFileSync(join(dir, "patch"), patch);
  const out = join(dir, "new");
  const args = ["-s", "-f", "--no-backup-if-mismatch", "-o", out, join(dir, "old"), join(dir, "patch")];
  const r = spawnTool("patch", args, "patch");
  return r.status === 0
    ? readFileSync(out, "utf8")
    : `GNU patch refused it (${r.status}): ${r.stdout}${r.stderr}`;
}

/** The lines GNU diff --minimal removes or adds between two texts. */
function gnuMinimalEdits(dir: string, oldText: string, newText: string): number {
  writeFileSync(join(dir, "old"), oldText);
  writeFileSync(join(dir, "new"), newText);
  const r = spawnTool("diff", ["--minimal", "-u", join(dir, "old"), join(dir, "new")], "diffutils");
  if (r.status !== 0 && r.status !== 1) throw new Error(`diff failed (${r.status}): ${r.stderr}`);
  return edits(r.stdout);
}

describe("unified diff of a document", () => {
  it("is createTwoFilesPatch's patch when small, and both kinds apply (1,000 generated pairs, seed 7)", () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const { text: patch, minimal } = unifiedDiff({
          oldName: "a/x",
          newName: "b/x",
          oldText: before,
          newText: after,
          oldHeader: "old",
          newHeader: "new",
        });
        expect(minimal).toBe(true);
        expect(patch).toBe(createTwoFilesPatch("a/x", "b/x", before, after, "old", "new", { context: 3 }));
        const block = blockPatch({ oldName: "a/x", newName: "b/x", oldText: before, newText: after });
        if (before === after) {
          expect(block).toBeUndefined();
          return;
        }
        expect(applyPatch(before, block!.patch)).toBe(after);
        // A block only added or only removed is as short as the minimal diff (the same number of edits).
        if (block!.minimal) expect(edits(formatPatch(block!.patch))).toBe(edits(patch));
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it("is a patch GNU patch applies, either kind, and no longer than GNU diff --minimal's (300 pairs, seed 7)", () => {
    const dir = tempDir();
    fc.assert(
      fc.property(text, text, (before, after) => {
        fc.pre(before !== after);
        const pair = { oldName: "a/x", newName: "b/x", oldText: before, newText: after };
        const { text: patch } = unifiedDiff(pair);
        expect(gnuPatched(dir, before, patch)).toBe(after);
        expect(edits(patch)).toBe(gnuMinimalEdits(dir, before, after));
        expect(gnuPatched(dir, before, formatPatch(blockPatch(pair)!.patch))).toBe(after);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("bounds Myers' work past MAX_EDITS edits and prints one hunk that applies", () => {
    // 2,500 lines changed in the middle of 2,510: 5,000 edits. Myers' extension of common lines
    // (`extractCommon`) ran 6.3 million times for it, 2.0 million now that at most MAX_EDITS edits are looked for.
    const head = "keep 1\nkeep 2\nkeep 3\nkeep 4\nkeep 5\n";
    const before = head + numbered(2500, "old") + head;
    const after = head + numbered(2500, "new") + head;
    // Counted by a plain wrapper: a jest spy records each call's arguments, millions of them here.
    const proto = Diff.prototype as unknown as { extractCommon: (...args: unknown[]) => number };
    const extractCommon = proto.extractCommon;
    let calls = 0;
    proto.extractCommon = function (this: unknown, ...args: unknown[]) {
      calls++;
      return extractCommon.apply(this, args);
    };
    let result: ReturnType<typeof unifiedDiff>;
    try {
      result = unifiedDiff({
        oldName: "a/user-data",
        newName: "b/user-data",
        oldText: before,
        newText: after,
      });
    } finally {
      proto.extractCommon = extractCommon;
    }
    expect(calls).toBeLessThan((MAX_EDITS + 2) ** 2);
    expect(result.minimal).toBe(false);
    const lines = result.text.split("\n");
    expect(lines.filter((l) => l.startsWith("@@"))).toEqual(["@@ -3,2506 +3,2506 @@"]);
    expect(lines.slice(4, 7)).toEqual([" keep 3", " keep 4", " keep 5"]);
    expect(applyPatch(before, result.text)).toBe(after);
  });

  it("prints a large block only added or only removed as the minimal diff does", () => {
    const before = "first\nlast\n";
    const after = `first\n${numbered(2500, "added")}last\n`;
    const grown = unifiedDiff({ oldName: "a/x", newName: "b/x", oldText: before, newText: after });
    expect(grown.minimal).toBe(true);
    expect(grown.text).toBe(
      createTwoFilesPatch("a/x", "b/x", before, after, undefined, undefined, { context: 3 }),
    );
    const shrunk = unifiedDiff({ oldName: "a/x", newName: "b/x", oldText: after, newText: "" });
    expect(shrunk.minimal).toBe(true);
    expect(applyPatch(after, shrunk.text)).toBe("");
  });

  it("marks a last line without a line feed on each side of the block", () => {
    const before = `${numbered(1200, "old")}tail`;
    const after = `${numbered(1200, "new")}other tail`;
    const { text: patch, minimal } = unifiedDiff({
      oldName: "a/x",
      newName: "b/x",
      oldText: before,
      newText: after,
    });
    expect(minimal).toBe(false);
    expect(patch.split("\n").filter((l) => l === "\\ No newline at end of file")).toHaveLength(2);
    expect(applyPatch(before, patch)).toBe(after);
  });
});

describe("bootstrapped-vm diff of specs that differ in thousands of lines", () => {
  beforeAll(() => requireBuiltCli());

  it("prints one hunk for user-data, says so on stderr, and exits 1", () => {
    const dir = tempDir();
    const spec = (word: string) =>
      `hostname: web-01\nruncmd:\n${Array.from({ length: 2500 }, (_, i) => `  - echo ${word} ${i}\n`).join("")}`;
    writeFileSync(join(dir, "old.yaml"), spec("old"));
    writeFileSync(join(dir, "new.yaml"), spec("new"));
    const r = runCli(["diff", "-f", "user-data", join(dir, "old.yaml"), join(dir, "new.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `note: user-data differs in more than ${MAX_EDITS} lines (removed plus added): its diff is one hunk ` +
        "from the first to the last changed line, not a minimal diff\n",
    );
    const hunks = r.stdout.split("\n").filter((l) => l.startsWith("@@"));
    expect(hunks).toHaveLength(1);
    expect(r.stdout.split("\n").filter((l) => /^-\s*- echo old \d+$/.test(l))).toHaveLength(2500);
    expect(r.stdout.split("\n").filter((l) => /^\+\s*- echo new \d+$/.test(l))).toHaveLength(2500);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("differ: user-data");
  });
});

describe("bootstrapped-vm diff's output as a patch", () => {
  beforeAll(() => requireBuiltCli());

  /**
   * Every document of `spec` (`-N /dev/null SPEC`: each one added) written by GNU patch into `dir`, then
   * `diff OLD NEW`'s patch applied over those of `old` when given. Documents a patch empties are removed
   * (`-E`), as a document a spec does not have is absent from the other side's `-N` patch.
   */
  function documentsByPatch(dir: string, spec: string, old?: string): Record<string, string> {
    mkdirSync(dir, { recursive: true });
    const steps =
      old === undefined
        ? [["-N", "/dev/null", spec]]
        : [
            ["-N", "/dev/null", old],
            [old, spec],
          ];
    for (const sides of steps) {
      const r = runCli(["diff", "--all", "--show-secrets", ...sides]);
      expect(r.status).toBe(1);
      const applied = spawnTool("patch", ["-p1", "-E", "-s", "-f", "--no-backup-if-mismatch"], "patch", {
        cwd: dir,
        input: r.stdout,
      });
      expect(`${applied.stdout}${applied.stderr}`).toBe("");
      expect(applied.status).toBe(0);
    }
    return Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
  }

  it.each([
    ["changes documents", "full.yaml", "full-changed.yaml"],
    ["removes the network documents (each one wholly)", "full.yaml", "minimal.yaml"],
    ["adds the network documents", "minimal.yaml", "full.yaml"],
  ])("turns OLD's documents into NEW's when it %s (GNU patch -p1, %s to %s)", (_, oldSpec, newSpec) => {
    const dir = tempDir();
    const patched = documentsByPatch(join(dir, "patched"), fixture(newSpec), fixture(oldSpec));
    const wanted = documentsByPatch(join(dir, "wanted"), fixture(newSpec));
    expect(Object.keys(wanted)).toContain("user-data");
    expect(patched).toEqual(wanted);
  });
});
