/**
 * The TypeScript blocks of README.md and docs/ compile against the package as a user imports it, so the
 * docs cannot drift from the API. Markers and how a block is checked: doc-snippets.ts.
 */
import { join } from "node:path";
import { docPages, extractAll, extractBlocks, toModules, typeCheck } from "./doc-snippets";

const ROOT = join(__dirname, "..", "..");
const { blocks, modules, problems } = extractAll(ROOT, docPages(ROOT));

describe("the TypeScript in README.md and docs/", () => {
  let diagnostics: Map<string, string[]>;
  beforeAll(() => {
    diagnostics = typeCheck(ROOT, modules);
  });

  it("finds the blocks (a test that checks none passes for nothing)", () => {
    // The docs held 17 blocks, all checked, when this test was written; lower these only with the docs.
    expect(blocks.length).toBeGreaterThanOrEqual(15);
    expect(blocks.filter((b) => b.skip === undefined).length).toBeGreaterThanOrEqual(15);
  });

  it("checks every block or says why not, with markers directly above their fence", () => {
    expect(problems).toEqual([]);
  });

  it.each(modules.map((m) => [m.name, m.blocks]))("%s type-checks (%i block(s))", (name) => {
    expect(diagnostics.get(name)).toEqual([]);
  });
});

describe("extractBlocks and toModules", () => {
  const page = [
    "Intro.",
    "<!-- snippet: given declare const a: number;",
    "declare const b: number; -->",
    "```ts",
    "const c = a + b;",
    "```",
    "",
    "<!-- snippet: continues -->",
    "~~~typescript",
    "export const d = c;",
    "~~~",
    "<!-- snippet: skip pseudo-code -->",
    "```ts",
    "vsphere: { ... }",
    "```",
    "```sh",
    "<!-- snippet: skip inside a shell block: text -->",
    "```",
  ].join("\n");

  it("reads markers, continuations and skips, and maps module lines to page lines", () => {
    const { blocks, problems } = extractBlocks("p.md", page);
    expect(problems).toEqual([]);
    expect(blocks.map((b) => [b.line, b.skip, b.continues])).toEqual([
      [4, undefined, false],
      [9, undefined, true],
      [13, "pseudo-code", false],
    ]);
    const { modules } = toModules(blocks);
    expect(modules).toHaveLength(1);
    expect(modules[0]!.text).toBe(
      "declare const a: number;\ndeclare const b: number; \nconst c = a + b;\nexport const d = c;\n",
    );
    expect(modules[0]!.segments.map((s) => [s.start, s.count, s.line])).toEqual([
      [0, 2, 2],
      [2, 1, 5],
      [3, 1, 10],
    ]);
  });

  it("refuses a marker away from a ts fence, a skip without a reason and an unknown keyword", () => {
    const bad = [
      "<!-- snippet: skip -->",
      "```ts",
      "x;",
      "```",
      "<!-- snippet: given declare const a: number; -->",
      "",
      "```ts",
      "a;",
      "```",
      "<!-- snippet: ignore -->",
      "```ts",
      "```",
      "<!-- snippet: skip no shell -->",
      "```sh",
      "```",
    ].join("\n");
    expect(extractBlocks("p.md", bad).problems).toEqual([
      "p.md:1: `snippet: skip` needs a reason",
      "p.md:5: a snippet marker must be directly above a ```ts fence",
      'p.md:10: unknown snippet marker "ignore" (skip REASON, continues, given DECLARATIONS)',
      "p.md:13: a snippet marker must be directly above a ```ts fence",
    ]);
  });

  it("refuses a continuation with no checked block above it", () => {
    const { blocks } = extractBlocks("p.md", "<!-- snippet: continues -->\n```ts\nx;\n```\n");
    expect(toModules(blocks).problems).toEqual([
      "p.md:2: `snippet: continues` needs a checked block above it on the page",
    ]);
  });

  it("reports a type error at the page line it is on", () => {
    const { blocks } = extractBlocks("p.md", page);
    const broken = toModules(blocks).modules.map((m) => ({ ...m, text: m.text.replace("a + b", "a + e") }));
    expect(typeCheck(ROOT, broken).get("p.md:4")).toEqual(["p.md:5: TS2304 Cannot find name 'e'."]);
  });
});
