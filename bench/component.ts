/**
 * `bench component`: a Pulumi program of 1,000 vSphere guestinfo `BootstrappedVm`s under mocks against
 * the hand-written program that registers the same child resources (the VirtualMachine and the review
 * Stash) with the same inputs and renders the same documents inside its clock, VM by VM, just before
 * registering each (`handwritten-inline` in synth-program.ts). The ratio is what the component costs
 * over writing that program by hand. `handwritten` (rendered before its clock) is measured too, to
 * show what rendering itself costs under mocks, and `handwritten-outputs` (handwritten-inline that also
 * registers the component's outputs on its parent) to show what is left once a hand-written program
 * keeps the same state (`outputs_ratio`). Every program runs in its own process; the order alternates
 * between rounds, the component always next to handwritten-inline and to handwritten-outputs, and each
 * ratio is the median of the rounds' ratios (`round_ratios` prints their range: the machine's noise).
 */
import { join } from "node:path";
import { fixed, median, runJsonChild } from "./stats";

interface ProgramRun {
  mode: string;
  vms: number;
  ms: number;
  resources: number;
  promises: number;
  prerenderMs: number;
  /** With `--inputs`: hash of every child's type, name and inputs. */
  childInputsSha256?: string;
  /** With `--inputs`: hash of every registered component output (URN and outputs). */
  registeredOutputsSha256?: string;
}

export interface ComponentBenchResult {
  vms: number;
  ratio: number;
  perVmMs: number;
  line: string;
  details: string[];
}

const PROGRAM = join(__dirname, "synth-program.js");

function runProgram(mode: string, vms: number, extra: string[] = []): ProgramRun {
  return runJsonChild<ProgramRun>(`component program ${mode}`, PROGRAM, [mode, String(vms), ...extra]);
}

/**
 * Refuses to compare programs that are not equivalent: the component and the hand-written programs
 * must register the same child resources with the same inputs (secrets included), and
 * handwritten-outputs the same component outputs.
 */
function checkEquivalence(vms: number): void {
  const runs = ["component", "handwritten", "handwritten-inline", "handwritten-outputs"].map((mode) => ({
    mode,
    run: runProgram(mode, vms, ["--inputs"]),
  }));
  const [component, ...others] = runs;
  for (const other of others) {
    if (
      component?.run.childInputsSha256 === undefined ||
      other.run.childInputsSha256 !== component.run.childInputsSha256
    ) {
      throw new Error(
        `bench component: ${other.mode} does not register the same child resources and inputs as the component (${vms} VMs); fix bench/synth-program.ts`,
      );
    }
  }
  const outputs = others.find((o) => o.mode === "handwritten-outputs");
  if (
    component?.run.registeredOutputsSha256 === undefined ||
    outputs?.run.registeredOutputsSha256 !== component.run.registeredOutputsSha256
  ) {
    throw new Error(
      `bench component: handwritten-outputs does not register the same outputs as the component (${vms} VMs); fix bench/synth-program.ts`,
    );
  }
}

export function runComponentBench(vms = 1000, rounds = 5): ComponentBenchResult {
  checkEquivalence(Math.min(vms, 50));
  const modes = ["handwritten-outputs", "component", "handwritten-inline", "handwritten"];
  const runs = new Map<string, ProgramRun[]>(modes.map((m) => [m, []]));
  for (let round = 0; round < rounds; round++) {
    // The component runs next to handwritten-inline and to handwritten-outputs in either order, so each
    // ratio's two runs see the same machine: it is taken per round, and the median round decides.
    const order = round % 2 === 0 ? modes : [...modes].reverse();
    for (const mode of order) runs.get(mode)?.push(runProgram(mode, vms));
  }
  const times = (mode: string) => (runs.get(mode) ?? []).map((r) => r.ms);
  const med = (mode: string) => median(times(mode));
  const inlineTimes = times("handwritten-inline");
  const componentTimes = times("component");
  const roundRatios = componentTimes.map((ms, i) => ms / (inlineTimes[i] as number));
  const outputsTimes = times("handwritten-outputs");
  const outputsRatios = componentTimes.map((ms, i) => ms / (outputsTimes[i] as number));
  const outputsRatio = median(outputsRatios);
  const withOutputs = med("handwritten-outputs");
  const component = med("component");
  const inline = med("handwritten-inline");
  const prerendered = med("handwritten");
  const ratio = median(roundRatios);
  const perVmMs = component / vms;
  const row = (mode: string, ms: number) => {
    const first = runs.get(mode)?.[0];
    return `component: ${mode.padEnd(19)} ${fixed(ms, 0).padStart(7)} ms  ${String(first?.resources ?? 0).padStart(5)} resources  ${String(first?.promises ?? 0).padStart(7)} pulumi promises`;
  };
  const low = Math.min(...roundRatios);
  const high = Math.max(...roundRatios);
  return {
    vms,
    ratio,
    perVmMs,
    line:
      `bench component: vms=${vms} ratio=${fixed(ratio)} per_vm_ms=${fixed(perVmMs)} handwritten_inline_ms=${fixed(inline, 0)} ` +
      `round_ratios=${fixed(low)}-${fixed(high)} outputs_ratio=${fixed(outputsRatio)}`,
    details: [
      `component: ${rounds} alternating rounds, ${vms} VMs, each program in its own process; ratio = the median of ` +
        `the rounds' component / handwritten-inline (${roundRatios.map((r) => fixed(r)).join(", ")}); ` +
        `times below are medians`,
      row("handwritten", prerendered),
      row("handwritten-inline", inline),
      row("handwritten-outputs", withOutputs),
      row("component", component),
      `component: the component's own cost over the hand-written program (component - handwritten-inline): ` +
        `${fixed(component - inline, 0)} ms, ${fixed((component - inline) / vms, 2)} ms per VM; rendering inside the clock ` +
        `(handwritten-inline - handwritten): ${fixed(inline - prerendered, 0)} ms`,
      `component: against handwritten-outputs (handwritten-inline registering the component's outputs on its ` +
        `parent, the same state): outputs_ratio = the median of the rounds' ratios (${outputsRatios
          .map((r) => fixed(r))
          .join(", ")}); registering those outputs costs the hand-written program ` +
        `${fixed(withOutputs - inline, 0)} ms`,
    ],
  };
}

if (require.main === module) {
  const r = runComponentBench();
  console.log([...r.details, r.line].join("\n"));
}
