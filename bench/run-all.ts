/**
 * `npm run bench`: every benchmark in one run. Details first; the last five lines, one per benchmark,
 * in this order: component, render, cli, bulk, iso. Not a timed test: every figure is a ratio of two
 * programs measured side by side in this run, to be read, not asserted.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runBulkBench } from "./bulk";
import { runCliBench } from "./cli";
import { runComponentBench } from "./component";
import { runIsoBench } from "./iso";
import { nodeProblem } from "./node-version";
import { runRenderBenchInChild } from "./render";

/** package.json's `engines.node` (the bench runs from dist/bench/). */
function enginesNode(): string | undefined {
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
    engines?: { node?: string };
  };
  return manifest.engines?.node;
}

async function main(): Promise<void> {
  const problem = nodeProblem(process.version, enginesNode());
  if (problem !== undefined) throw new Error(problem);
  console.log(`bench: Node ${process.version}`);
  const component = runComponentBench();
  const render = runRenderBenchInChild();
  const cli = await runCliBench();
  const bulk = await runBulkBench();
  const iso = await runIsoBench();
  for (const line of component.details) console.log(line);
  console.log(render.detail);
  console.log(cli.detail);
  console.log(bulk.detail);
  console.log(component.line);
  console.log(render.line);
  console.log(cli.line);
  console.log(bulk.line);
  console.log(iso.line);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(
      (err as Error).message.startsWith("bench: ")
        ? (err as Error).message
        : ((err as Error).stack ?? String(err)),
    );
    process.exitCode = 1;
  });
}
