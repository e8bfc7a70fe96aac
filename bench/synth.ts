/**
 * `bench synth`: a Pulumi program of 1,000 vSphere guestinfo `BootstrappedVm`s under mocks against a
 * hand-written program registering the same VirtualMachine resources with pre-rendered extraConfig.
 * Every program runs in its own process (synth-program.ts); the order alternates between rounds and
 * the medians decide. Two more programs split the difference: `handwritten-children` adds the
 * component's review Stash, `handwritten-tree` the whole resource tree (parent + VM + Stash).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fixed, median } from "./stats";

interface ProgramRun {
  mode: string;
  vms: number;
  ms: number;
  resources: number;
  promises: number;
  prerenderMs: number;
}

export interface SynthBenchResult {
  vms: number;
  ratio: number;
  perVmMs: number;
  line: string;
  details: string[];
}

const PROGRAM = join(__dirname, "synth-program.js");

function runProgram(mode: string, vms: number): ProgramRun {
  const r = spawnSync(process.execPath, [PROGRAM, mode, String(vms)], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`synth program ${mode} failed (${r.status}): ${r.stderr}`);
  const last = r.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as ProgramRun;
}

export function runSynthBench(vms = 1000, rounds = 3): SynthBenchResult {
  const modes = ["component", "handwritten", "handwritten-children", "handwritten-tree"];
  const runs = new Map<string, ProgramRun[]>(modes.map((m) => [m, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? modes : [...modes].reverse();
    for (const mode of order) runs.get(mode)?.push(runProgram(mode, vms));
  }
  const med = (mode: string, pick: (r: ProgramRun) => number) => median((runs.get(mode) ?? []).map(pick));
  const component = med("component", (r) => r.ms);
  const handwritten = med("handwritten", (r) => r.ms);
  const children = med("handwritten-children", (r) => r.ms);
  const tree = med("handwritten-tree", (r) => r.ms);
  const prerender = med("handwritten", (r) => r.prerenderMs);
  const ratio = component / handwritten;
  const perVmMs = component / vms;
  const resources = (mode: string) => runs.get(mode)?.[0]?.resources ?? 0;
  const promises = (mode: string) => runs.get(mode)?.[0]?.promises ?? 0;
  const row = (mode: string, ms: number) =>
    `synth: ${mode.padEnd(21)} ${fixed(ms, 0).padStart(7)} ms  ${String(resources(mode)).padStart(5)} resources  ${String(
      promises(mode),
    ).padStart(7)} pulumi promises`;
  return {
    vms,
    ratio,
    perVmMs,
    line: `bench synth: vms=${vms} ratio=${fixed(ratio)} per_vm_ms=${fixed(perVmMs)}`,
    details: [
      `synth: medians of ${rounds} alternating rounds, ${vms} VMs, each program in its own process`,
      row("handwritten", handwritten),
      row("handwritten-children", children),
      row("handwritten-tree", tree),
      row("component", component),
      `synth: rendering the same ${vms} specs before the clock (handwritten): ${fixed(prerender, 0)} ms`,
      `synth: component - handwritten = ${fixed(component - handwritten, 0)} ms: +${fixed(children - handwritten, 0)} ms the review Stash, ` +
        `+${fixed(tree - children, 0)} ms the component resource, ${fixed(component - tree, 0)} ms rendering, validation and Output plumbing inside the component`,
    ],
  };
}

if (require.main === module) {
  const r = runSynthBench();
  console.log([...r.details, r.line].join("\n"));
}
