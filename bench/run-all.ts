/**
 * `npm run bench`: every benchmark in one run. Details first; the last four lines, one per benchmark,
 * in this order: iso, synth, render, cli. Not a timed test: the numbers are ratios measured side by side
 * in this run (render is an absolute time per spec), to be read, not asserted.
 */
import { runCliBench } from "./cli";
import { runIsoBench } from "./iso";
import { runRenderBenchInChild } from "./render";
import { runSynthBench } from "./synth";

async function main(): Promise<void> {
  const iso = await runIsoBench();
  const synth = runSynthBench();
  const render = runRenderBenchInChild();
  const cli = runCliBench();
  for (const line of synth.details) console.log(line);
  console.log(render.detail);
  console.log(cli.detail);
  console.log(iso.line);
  console.log(synth.line);
  console.log(render.line);
  console.log(cli.line);
}

main().catch((err: unknown) => {
  console.error((err as Error).stack ?? String(err));
  process.exitCode = 1;
});
