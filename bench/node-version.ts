/** The Node `npm run bench` runs on. */

/** The major version a `>=N`, `^N.x.y` or `~N.x.y` range starts at, or undefined for other ranges. */
export function lowestMajor(range: string | undefined): number | undefined {
  const match = /^(?:>=|\^|~)?\s*(\d+)(?:\.\d+){0,2}$/.exec(range?.trim() ?? "");
  return match ? Number(match[1]) : undefined;
}

/**
 * Why this Node cannot give the package's figures, or undefined: it must be one the package runs on
 * (`engines`, package.json's `engines.node`), whose start and compiler the figures are about.
 */
export function nodeProblem(version: string, engines: string | undefined): string | undefined {
  const oldest = lowestMajor(engines);
  if (oldest === undefined) {
    return `bench: package.json engines.node is ${JSON.stringify(engines)}; give it as ">=N" (the oldest Node the package runs on)`;
  }
  const major = Number(version.replace(/^v/, "").split(".")[0]);
  return major >= oldest
    ? undefined
    : `bench: Node ${version} is first on PATH; the package runs on Node ${oldest} or later (package.json engines ${engines}), ` +
        `whose start and compiler the figures are about: put one first on PATH (\`. .ci/node22.sh\` does, for Node 22)`;
}
