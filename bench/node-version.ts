/** The Node `npm run bench` runs on. */

/** Why this Node cannot give the package's figures (it needs Node 22: package.json `engines`), or undefined. */
export function nodeProblem(version: string): string | undefined {
  const major = Number(version.replace(/^v/, "").split(".")[0]);
  return major >= 22
    ? undefined
    : `bench: Node ${version} is first on PATH; the package runs on Node 22 or later (package.json engines), ` +
        "whose start and compiler the figures are about: run `. .ci/node22.sh` first";
}
