/**
 * The Node type definitions the package and its examples compile against are those of the oldest Node
 * the package runs on (package.json `engines`): older ones hide APIs every supported Node has (and the
 * SDK's own types use), newer ones let code call APIs that oldest Node lacks, which the compiler would
 * then not catch. The examples name the root's version (test/examples/manifests.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { lowestMajor } from "../../bench/node-version";

interface Manifest {
  engines?: { node?: string };
  devDependencies?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as Manifest;

describe("the Node type definitions", () => {
  it("are those of the oldest Node engines allows", () => {
    const engines = manifest.engines?.node;
    const types = manifest.devDependencies?.["@types/node"];
    expect(lowestMajor(engines)).toBeDefined();
    expect(`@types/node ${types} for engines ${engines}: major ${lowestMajor(types)}`).toBe(
      `@types/node ${types} for engines ${engines}: major ${lowestMajor(engines)}`,
    );
  });
});
