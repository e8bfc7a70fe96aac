/**
 * The package from an ES module, as a Pulumi program with `"type": "module"` (or an `.mjs` script) imports
 * it: the package is CommonJS, and Node gives an ES module only the named exports its CommonJS lexer finds
 * in the built JavaScript (cjs-module-lexer: `exports.x = ...`, TypeScript's `Object.defineProperty(exports,
 * ...)` and `__exportStar(require(...))` forms). An export written another way would still work through
 * `require` and the TypeScript types, and be missing, as `undefined` or a SyntaxError, in `import { x }`.
 * Every entry point in package.json `exports` (but package.json and `dist/*`) is imported by name from a
 * project whose node_modules holds this package, as an install puts it, in a separate Node process.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtModule } from "../helpers/built-module";
import { ROOT } from "./packed";

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  exports: Record<string, unknown>;
};
/** The entry points a program can import: `bootstrapped-vm` and its named subpaths. */
const entryPoints = Object.keys(manifest.exports)
  .filter((k) => k !== "./package.json" && !k.includes("*"))
  .map((k) => (k === "." ? manifest.name : `${manifest.name}/${k.slice(2)}`));

// For each entry point: the names `require` gives, and those of them an ES module import lacks.
const CHECK = `
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const result = {};
for (const entry of JSON.parse(process.argv[2])) {
  const namespace = await import(entry);
  const names = Object.keys(require(entry)).sort();
  result[entry] = { names: names.length, notImported: names.filter((n) => !(n in namespace)) };
}
console.log(JSON.stringify(result));
`;

describe("the package imported from an ES module", () => {
  let project: string;

  beforeAll(() => {
    builtModule("src/index.js");
    project = mkdtempSync(join(tmpdir(), "bvm-esm-import-"));
    mkdirSync(join(project, "node_modules"));
    symlinkSync(ROOT, join(project, "node_modules", manifest.name));
    // The SDK the package requires, found from the package's real path (the repository's node_modules).
    writeFileSync(join(project, "package.json"), JSON.stringify({ type: "module", private: true }));
    writeFileSync(join(project, "check.js"), CHECK);
  });

  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("lists the entry points package.json exports", () => {
    expect(entryPoints).toEqual([
      "bootstrapped-vm",
      "bootstrapped-vm/seed-iso-lifecycle",
      "bootstrapped-vm/seed-image-builder",
    ]);
  });

  it("imports by name every export that require gives, from every entry point", () => {
    const out = execFileSync(process.execPath, ["check.js", JSON.stringify(entryPoints)], {
      cwd: project,
      encoding: "utf8",
    });
    const result = JSON.parse(out) as Record<string, { names: number; notImported: string[] }>;
    for (const entry of entryPoints) {
      expect({ entry, notImported: result[entry]?.notImported }).toEqual({ entry, notImported: [] });
      expect(result[entry]?.names).toBeGreaterThan(0);
    }
    // The main entry point's API (test/package/public-api.test.ts holds its list).
    expect(result["bootstrapped-vm"]?.names).toBeGreaterThan(50);
  });
});
