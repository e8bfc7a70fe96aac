/** `npm run bench` measures the package on the Node it runs on (Node 22: package.json engines), or refuses. */
import { nodeProblem } from "../../bench/node-version";

describe("npm run bench on an older Node", () => {
  it("refuses a Node before 22, naming it and the way to Node 22, and runs on 22 or later", () => {
    expect(nodeProblem("v20.20.2")).toBe(
      "bench: Node v20.20.2 is first on PATH; the package runs on Node 22 or later (package.json engines), " +
        "whose start and compiler the figures are about: run `. .ci/node22.sh` first",
    );
    expect(nodeProblem("v22.23.5")).toBeUndefined();
    expect(nodeProblem("v24.1.0")).toBeUndefined();
  });
});
