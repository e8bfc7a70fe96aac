/**
 * `npm run bench` measures the package on a Node it runs on (package.json `engines`), or refuses;
 * the oldest such Node is read from `engines`, not written into the bench.
 */
import { lowestMajor, nodeProblem } from "../../bench/node-version";

describe("npm run bench on an older Node", () => {
  it("refuses a Node older than engines allows, naming it and the way to a newer one, and runs on one it allows", () => {
    expect(nodeProblem("v20.20.2", ">=22")).toBe(
      "bench: Node v20.20.2 is first on PATH; the package runs on Node 22 or later (package.json engines >=22), " +
        "whose start and compiler the figures are about: put one first on PATH (`. .ci/node22.sh` does, for Node 22)",
    );
    expect(nodeProblem("v22.23.5", ">=22")).toBeUndefined();
    expect(nodeProblem("v24.1.0", ">=22")).toBeUndefined();
  });

  it("follows engines when it moves", () => {
    expect(nodeProblem("v22.23.5", ">=24")).toContain("the package runs on Node 24 or later");
    expect(nodeProblem("v24.1.0", ">=24")).toBeUndefined();
  });

  it("refuses an engines range it cannot read instead of guessing", () => {
    expect(nodeProblem("v22.23.5", ">=22 <24")).toBe(
      'bench: package.json engines.node is ">=22 <24"; give it as ">=N" (the oldest Node the package runs on)',
    );
    expect(nodeProblem("v22.23.5", undefined)).toContain("engines.node is undefined");
  });

  it("reads the ranges package.json uses", () => {
    expect(lowestMajor(">=22")).toBe(22);
    expect(lowestMajor("^22.20.7")).toBe(22);
    expect(lowestMajor("~20.19")).toBe(20);
    expect(lowestMajor(">=22 <24")).toBeUndefined();
    expect(lowestMajor(undefined)).toBeUndefined();
  });
});
