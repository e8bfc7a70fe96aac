/**
 * `bench synth`: a Pulumi program of 1,000 vSphere guestinfo `BootstrappedVm`s under mocks against the
 * hand-written equivalent: a program registering the same child resources (the VirtualMachine and the
 * review Stash) with the same inputs, rendered before its clock starts. Every program runs in its own
 * process (synth-program.ts); the order alternates between rounds and the medians decide. Three more
 * programs split the difference: `handwritten-vm` registers only the VM (the old baseline),
 * `handwritten-tree` adds a plain parent component (what any component pays for itself),
 * `handwritten-inline` is the tree rendering inside its clock, VM by VM, as the component does.
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
}

export interface SynthBenchResult {
  vms: number;
  ratio: number;
  perVmMs: number;
  line: string;
  details: string[];
}

const PROGRAM = join(__dirname, "synth-program.js");

function runProgram(mode: string, vms: number, extra: string[] = []): ProgramRun {
  return runJsonChild<ProgramRun>(`synth program ${mode}`, PROGRAM, [mode, String(vms), ...extra]);
}

/**
 * Refuses to compare programs that are not equivalent: the component and the hand-written programs
 * must register the same child resources with the same inputs (secrets included).
 */
function checkEquivalence(vms: number): void {
  const hashes = ["component", "handwritten", "handwritten-tree", "handwritten-inline"].map((mode) => ({
    mode,
    hash: runProgram(mode, vms, ["--inputs"]).childInputsSha256,
  }));
  const [component, ...others] = hashes;
  for (const other of others) {
    if (component?.hash === undefined || other.hash !== component.hash) {
      throw new Error(
        `bench synth: ${other.mode} does not register the same child resources and inputs as the component (${vms} VMs); fix bench/synth-program.ts`,
      );
    }
  }
}

export function runSynthBench(vms = 1000, rounds = 3): SynthBenchResult {
  checkEquivalence(Math.min(vms, 50));
  const modes = ["component", "handwritten", "handwritten-vm", "handwritten-tree", "handwritten-inline"];
  const runs = new Map<string, ProgramRun[]>(modes.map((m) => [m, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? modes : [...modes].reverse();
    for (const mode of order) runs.get(mode)?.push(runProgram(mode, vms));
  }
  const med = (mode: string, pick: (r: ProgramRun) => number) => median((runs.get(mode) ?? []).map(pick));
  const component = med("component", (r) => r.ms);
  const handwritten = med("handwritten", (r) => r.ms);
  const vmOnly = med("handwritten-vm", (r) => r.ms);
  const tree = med("handwritten-tree", (r) => r.ms);
  const inline = med("handwritten-inline", (r) => r.ms);
  const prerender = med("handwritten", (r) => r.prerenderMs);
  const ratio = component / handwritten;
  const perVmMs = component / vms;
  const resources = (mode: string) => runs.get(mode)?.[0]?.resources ?? 0;
  const promises = (mode: string) => runs.get(mode)?.[0]?.promises ?? 0;
  const row = (mode: string, ms: number) =>
    `synth: ${mode.padEnd(18)} ${fixed(ms, 0).padStart(7)} ms  ${String(resources(mode)).padStart(5)} resources  ${String(
      promises(mode),
    ).padStart(7)} pulumi promises`;
  return {
    vms,
    ratio,
    perVmMs,
    line: `bench synth: vms=${vms} ratio=${fixed(ratio)} per_vm_ms=${fixed(perVmMs)}`,
    details: [
      `synth: medians of ${rounds} alternating rounds, ${vms} VMs, each program in its own process`,
      row("handwritten-vm", vmOnly),
      row("handwritten", handwritten),
      row("handwritten-tree", tree),
      row("handwritten-inline", inline),
      row("component", component),
      `synth: rendering the same ${vms} specs before the clock (handwritten): ${fixed(prerender, 0)} ms, ` +
        `${fixed((100 * prerender) / handwritten, 0)} % of handwritten's run: a program that renders while it runs ` +
        `cannot go below ratio ${fixed(1 + prerender / handwritten)} even with no other cost`,
      `synth: component - handwritten = ${fixed(component - handwritten, 0)} ms: +${fixed(tree - handwritten, 0)} ms the component resource, ` +
        `+${fixed(component - tree, 0)} ms rendering, validation and plumbing inside the component`,
      `synth: rendering inside the clock, VM by VM (handwritten-inline - handwritten-tree): ${fixed(inline - tree, 0)} ms; ` +
        `the component's own plumbing (component - handwritten-inline): ${fixed(component - inline, 0)} ms; ` +
        `floor ratio (handwritten-inline / handwritten): ${fixed(inline / handwritten)}`,
    ],
  };
}

if (require.main === module) {
  const r = runSynthBench();
  console.log([...r.details, r.line].join("\n"));
}
