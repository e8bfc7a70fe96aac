/**
 * The Node type definitions the package and its examples compile against are those of the oldest Node
 * the package runs on (package.json `engines`): older ones hide APIs every supported Node has (and the
 * SDK's own types use), newer ones let code call APIs that oldest Node lacks, which the compiler would
 * then not catch. The examples name the root's version (test/examples/manifests.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface Manifest {
  engines?: { node?: string };
  devDependencies?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as Manifest;

/** The major version a `>=N`, `^N.x.y` or `~N.x.y` range starts at, or undefined for other ranges. */
function lowestMajor(range: string | undefined): number | undefined {
  const match = /^(?:>=|\^|~)?\s*(\d+)(?:\.\d+){0,2}$/.exec(range?.trim() ?? "");
  return match ? Number(match[1]) : undefined;
}

describe("the Node type definitions", () => {
  it("are those of the oldest Node engines allows", () => {
    const engines = manifest.engines?.node;
    const types = manifest.devDependencies?.["@types/node"];
    expect(lowestMajor(engines)).toBeDefined();
    expect(`@types/node ${types} for engines ${engines}: major ${lowestMajor(types)}`).toBe(
      `@types/node ${types} for engines ${engines}: major ${lowestMajor(engines)}`,
    );
  });

  it("reads the ranges package.json uses", () => {
    expect(lowestMajor(">=22")).toBe(22);
    expect(lowestMajor("^22.20.7")).toBe(22);
    expect(lowestMajor("~20.19")).toBe(20);
    expect(lowestMajor(">=22 <24")).toBeUndefined();
    expect(lowestMajor(undefined)).toBeUndefined();
  });
});
