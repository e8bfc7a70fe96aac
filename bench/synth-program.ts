/**
 * One run of the `bench component` programs, in its own process (Pulumi's runtime state is per process):
 *   node dist/bench/synth-program.js MODE VMS
 * Modes:
 * - `component`: VMS `BootstrappedVm`s with the vSphere guestinfo transport.
 * - `handwritten`: the hand-written equivalent, what a user writes without the component: the same
 *   child resources with the same inputs, rendered before the clock starts. The VirtualMachine
 *   (src/providers/vsphere.ts) with the guestinfo extraConfig, a `pulumi.secret` when the documents
 *   hold password hashes (as the component's secrets rule requires), and the review `Stash`
 *   (`${name}-cloud-init`) with the same record (redacted user-data, network config YAML).
 * - `handwritten-vm`: the VM alone with plain extraConfig (the baseline before 21 November 2026).
 * - `handwritten-tree`: `handwritten` under a plain ComponentResource parent with no logic: what is
 *   left between it and `component` is rendering, validation and the component's own plumbing.
 * - `handwritten-inline`: `handwritten-tree` rendering each VM's documents inside the clock, just
 *   before registering it, as the component does: what is left is the component's own plumbing.
 * - `handwritten-outputs`: `handwritten-inline` that also registers, on its parent, the outputs the
 *   component registers (the instance-id, content hash, user-data and meta-data, secret with secret
 *   documents; the network config, where the documents went, the addresses; the VM as a resource
 *   reference): what a program keeping the same state would add.
 * All under the same Pulumi mocks; the clock runs from the first resource to the drained RPC queue.
 * Prints one JSON line: {"mode", "vms", "ms", "resources", "promises", "prerenderMs"}; `promises`
 * counts Pulumi's debuggable promises (each captures a stack trace: the cost of every Output).
 * With a third argument `--inputs` (not for timing) it adds `childInputsSha256`, a hash over the type,
 * name and inputs of every resource except the component itself, as the mock monitor received them,
 * and `registeredOutputsSha256`, a hash over every `registerResourceOutputs` request (URN and outputs,
 * secrets and resource references as serialized): `bench component` checks that the first is the same
 * for the component and the hand-written programs, and the second for the component and
 * `handwritten-outputs`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { BootstrapSpec } from "../src/spec/types";
import { sha256Hex } from "../src/util/hash";
import { stableJson } from "../src/util/serialize";
import { benchSpec } from "./bench-specs";
import { nowMs } from "./stats";

/** The part of the RegisterResourceOutputs request the recorder reads. */
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): unknown } | undefined;
}

const [mode, countText, flag] = process.argv.slice(2);
const vms = Number(countText ?? "1000");
/** `--inputs`: also record every child's inputs (outside the timing runs: it costs time in the mocks). */
const recordInputs = flag === "--inputs";
const childInputs: string[] = [];
const registeredOutputs: string[] = [];
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

if (recordInputs) {
  /* eslint-disable @typescript-eslint/no-require-imports -- observing the mock monitor's output registrations */
  const mocks = require("@pulumi/pulumi/runtime/mocks") as {
    MockMonitor: { prototype: { registerResourceOutputs: (req: OutputsRequest, cb: unknown) => unknown } };
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const original = mocks.MockMonitor.prototype.registerResourceOutputs;
  mocks.MockMonitor.prototype.registerResourceOutputs = function (req: OutputsRequest, cb: unknown) {
    registeredOutputs.push(`${req.getUrn()} ${stableJson(req.getOutputs()?.toJavaScript() ?? {})}`);
    return original.call(this, req, cb);
  };
}

pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered++;
      if (recordInputs && args.type !== "bootstrapped-vm:index:BootstrappedVm") {
        childInputs.push(`${args.type} ${args.name} ${stableJson(args.inputs)}`);
      }
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
const { networkConfigText, reviewOf } =
  require("../src/render/review") as typeof import("../src/render/review");
const { staticAddresses } =
  require("../src/component/addresses") as typeof import("../src/component/addresses");
const { VirtualMachine } = require("../src/providers/vsphere") as typeof import("../src/providers/vsphere");
const { guestinfoDeliveredTo } =
  require("../src/platforms/vsphere/transport-guestinfo") as typeof import("../src/platforms/vsphere/transport-guestinfo");
const { renderAll, renderGuestinfo } = require("../src/render") as typeof import("../src/render");
/* eslint-enable @typescript-eslint/no-require-imports */

/** The vSphere arguments every VM gets (the same in every program). */
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

  /** Ends the component as `BootstrappedVm` does (`registerOutputs`), with `outputs` or none. */
  done(outputs: pulumi.Inputs = {}): void {
    this.registerOutputs(outputs);
  }
}

export const SYNTH_MODES = [
  "component",
  "handwritten",
  "handwritten-vm",
  "handwritten-tree",
  "handwritten-inline",
  "handwritten-outputs",
] as const;

/** What a hand-written program computes before it registers anything (the specs give every NIC's MAC). */
function prerender(spec: BootstrapSpec) {
  const d = renderAll(spec);
  // Redacted like the component's record: with secrets, the digests and meta-data are `<redacted>`.
  const networkConfig = networkConfigText(d);
  const review = reviewOf(d, networkConfig, spec);
  return { extraConfig: renderGuestinfo(d), secret: d.containsSecrets, review, docs: d, networkConfig };
}

/** The outputs `BootstrappedVm` registers for this VM, as a hand-written program would register them. */
function outputsOf(name: string, spec: BootstrapSpec, r: ReturnType<typeof prerender>, vm: pulumi.Resource) {
  const digest = <T>(value: T) => (r.secret ? pulumi.secret(value) : value);
  return {
    instanceId: digest(r.docs.instanceId),
    contentHash: digest(r.docs.contentHash),
    userData: digest(r.docs.userData),
    metaData: digest(r.docs.metaData),
    networkConfig: r.networkConfig,
    deliveredTo: guestinfoDeliveredTo(name, r.extraConfig),
    ipAddresses: staticAddresses(spec),
    vsphereVm: vm,
  };
}

async function main(): Promise<void> {
  const specs = Array.from({ length: vms }, (_, i) => benchSpec(i));
  if (!(SYNTH_MODES as readonly string[]).includes(mode ?? "")) {
    throw new Error(`usage: synth-program.js ${SYNTH_MODES.join("|")} VMS (got "${mode}")`);
  }
  const p0 = nowMs();
  const inline = mode === "handwritten-inline" || mode === "handwritten-outputs";
  const rendered = mode === "component" || inline ? [] : specs.map(prerender);
  const prerenderMs = nowMs() - p0;
  const promisesBefore = promises;
  const t0 = nowMs();
  specs.forEach((spec, i) => {
    const name = spec.hostname;
    if (mode === "component") {
      new BootstrappedVm(name, { bootstrap: spec, vsphere: { ...vmBase(i), name } });
      return;
    }
    const r = inline ? prerender(spec) : (rendered[i] as ReturnType<typeof prerender>);
    if (mode === "handwritten-vm") {
      new VirtualMachine(`${name}-vm`, { ...vmBase(i), name, extraConfig: r.extraConfig });
      return;
    }
    const parent = mode === "handwritten-tree" || inline ? new PlainParent(name) : undefined;
    const extraConfig = r.secret ? pulumi.secret(r.extraConfig) : r.extraConfig;
    const vm = new VirtualMachine(`${name}-vm`, { ...vmBase(i), name, extraConfig }, { parent });
    new pulumi.Stash(`${name}-cloud-init`, { input: r.review }, { parent });
    parent?.done(mode === "handwritten-outputs" ? outputsOf(name, spec, r, vm) : {});
  });
  await pulumi.runtime.disconnect();
  const ms = nowMs() - t0;
  const line = {
    mode,
    vms,
    ms,
    resources: registered,
    promises: promises - promisesBefore,
    prerenderMs,
    ...(recordInputs
      ? {
          childInputsSha256: sha256Hex(childInputs.sort().join("\n")),
          registeredOutputsSha256: sha256Hex(registeredOutputs.sort().join("\n")),
        }
      : {}),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
