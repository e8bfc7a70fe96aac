/**
 * One run of the `bench synth` programs, in its own process (Pulumi's runtime state is per process):
 *   node dist/bench/synth-program.js MODE VMS
 * Modes:
 * - `component`: VMS `BootstrappedVm`s with the vSphere guestinfo transport.
 * - `handwritten`: the same VirtualMachine resources (src/providers/vsphere.ts) registered directly,
 *   with extraConfig rendered before the clock starts — what a user writes without the component.
 * - `handwritten-children`: also the component's other child, the review `Stash`, pre-rendered.
 * - `handwritten-tree`: the component's whole resource tree (a plain ComponentResource parent, the VM
 *   and the Stash), pre-rendered, no Outputs: what is left between it and `component` is the component's
 *   Output plumbing (applies) and the rendering itself.
 * All under the same Pulumi mocks; the clock runs from the first resource to the drained RPC queue.
 * Prints one JSON line: {"mode", "vms", "ms", "resources", "promises", "prerenderMs"}; `promises`
 * counts Pulumi's debuggable promises (each captures a stack trace: the cost of every Output).
 */
import * as pulumi from "@pulumi/pulumi";
import { benchSpec } from "./bench-specs";
import { nowMs } from "./stats";

const [mode, countText] = process.argv.slice(2);
const vms = Number(countText ?? "1000");
let registered = 0;
let promises = 0;

// Count Pulumi's internal promises: every Output and every RPC creates some, each with a stack trace.
/* eslint-disable @typescript-eslint/no-require-imports -- patching a runtime module before it is used */
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise: (...a: unknown[]) => unknown;
};
/* eslint-enable @typescript-eslint/no-require-imports */
const originalDebuggablePromise = debuggable.debuggablePromise;
debuggable.debuggablePromise = (...args: unknown[]) => {
  promises++;
  return originalDebuggablePromise(...args);
};

pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered++;
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  "bench",
  "synth",
  false,
);

/* eslint-disable @typescript-eslint/no-require-imports -- modules load after setMocks, as Pulumi's mock docs ask */
const { BootstrappedVm } =
  require("../src/component/bootstrapped-vm") as typeof import("../src/component/bootstrapped-vm");
const { VirtualMachine } = require("../src/providers/vsphere") as typeof import("../src/providers/vsphere");
const { renderAll, renderGuestinfo } = require("../src/render") as typeof import("../src/render");
/* eslint-enable @typescript-eslint/no-require-imports */

/** The vSphere arguments every VM gets (the same in both programs). */
function vmBase(i: number) {
  return {
    resourcePoolId: "resgroup-8",
    datastoreId: "datastore-13",
    numCpus: 2,
    memory: 2048,
    guestId: "ubuntu64Guest",
    networkInterfaces: [{ networkId: "network-21" }, { networkId: "network-22" }],
    clone: { templateUuid: `4217a1b0-0000-0000-0000-${String(i % 4).padStart(12, "0")}` },
  };
}

/** A parent with nothing of the component's logic, for `handwritten-tree`. */
class PlainParent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("bootstrapped-vm:index:BootstrappedVm", name, {}, {});
  }
}

export const SYNTH_MODES = ["component", "handwritten", "handwritten-children", "handwritten-tree"] as const;

async function main(): Promise<void> {
  const specs = Array.from({ length: vms }, (_, i) => benchSpec(i));
  if (!(SYNTH_MODES as readonly string[]).includes(mode ?? "")) {
    throw new Error(`usage: synth-program.js ${SYNTH_MODES.join("|")} VMS (got "${mode}")`);
  }
  const p0 = nowMs();
  const docs = mode === "component" ? [] : specs.map((spec) => renderAll(spec));
  const extraConfigs = docs.map((d) => renderGuestinfo(d));
  const prerenderMs = nowMs() - p0;
  const promisesBefore = promises;
  const t0 = nowMs();
  specs.forEach((spec, i) => {
    const name = spec.hostname;
    if (mode === "component") {
      new BootstrappedVm(name, { bootstrap: spec, vsphere: { ...vmBase(i), name } });
      return;
    }
    const parent = mode === "handwritten-tree" ? new PlainParent(name) : undefined;
    new VirtualMachine(`${name}-vm`, { ...vmBase(i), name, extraConfig: extraConfigs[i] }, { parent });
    if (mode === "handwritten") return;
    const d = docs[i] as (typeof docs)[number];
    const review = {
      instanceId: d.instanceId,
      contentHash: d.contentHash,
      userData: d.userData,
      metaData: d.metaData,
      networkConfig: d.network ? JSON.stringify(d.network.v2) : "",
      vendorData: d.vendorData ?? "",
    };
    new pulumi.Stash(`${name}-cloud-init`, { input: review }, { parent });
    (parent as { registerOutputs?: (o: object) => void } | undefined)?.registerOutputs?.({});
  });
  await pulumi.runtime.disconnect();
  const ms = nowMs() - t0;
  const line = { mode, vms, ms, resources: registered, promises: promises - promisesBefore, prerenderMs };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
