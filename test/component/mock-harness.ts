/**
 * Pulumi mocks for component tests: records every registration (type, name, inputs, provider) and
 * answers with the inputs as state (or the state `resourceState` makes of them). Import the component
 * under test only after `installMocks()`.
 */
import * as pulumi from "@pulumi/pulumi";

/** The marker Pulumi's RPC layer puts on secret values (`4dabf18193072939515e22adb298388d`). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  provider?: string;
  custom?: boolean;
}

export interface MockRecorder {
  readonly registrations: Registration[];
  /** The registration with this name (throws when there is none or several). */
  byName(name: string): Registration;
  /** The registrations of this type, in registration order. */
  byType(type: string): Registration[];
  clear(): void;
}

/** The state the mock provider returns for a new resource, e.g. with outputs the provider computes. */
export type MockResourceState = (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>;

/** The id and state the mock provider answers for a new resource (default: `${name}-id` and `resourceState`). */
export type MockAnswer = (args: pulumi.runtime.MockResourceArgs) => {
  id: string;
  state: Record<string, unknown>;
};

export function installMocks(
  project = "project",
  resourceState: MockResourceState = (args) => args.inputs as Record<string, unknown>,
  stack = "stack",
  answer: MockAnswer = (args) => ({ id: `${args.name}-id`, state: resourceState(args) }),
  /** A preview (`pulumi preview`): a resource answered without an id has unknown outputs. */
  dryRun = false,
): MockRecorder {
  const registrations: Registration[] = [];
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
          ...(args.provider ? { provider: args.provider } : {}),
          ...(args.custom !== undefined ? { custom: args.custom } : {}),
        });
        return answer(args);
      },
      call(args) {
        return args.inputs as Record<string, unknown>;
      },
    },
    project,
    stack,
    dryRun,
  );
  recordMonitor();
  return {
    registrations,
    byName(name) {
      const found = registrations.filter((r) => r.name === name);
      if (found.length !== 1) throw new Error(`${found.length} registrations named ${name}`);
      return found[0] as Registration;
    },
    byType(type) {
      return registrations.filter((r) => r.type === type);
    },
    clear() {
      registrations.length = 0;
    },
  };
}

/** True when a value received by the mock monitor was a secret. */
export function isRpcSecret(value: unknown): boolean {
  return (
    value !== null && typeof value === "object" && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** The value with every secret wrapper removed (deeply). */
export function unwrapSecrets(value: unknown): unknown {
  if (isRpcSecret(value)) return unwrapSecrets((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** True when the value, or anything inside it, was a secret. */
export function containsRpcSecret(value: unknown): boolean {
  if (isRpcSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsRpcSecret);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsRpcSecret);
  return false;
}

/** Resolves an Output's value (rejects when the Output failed). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}

/** Waits until a resource with this name has been registered, and returns its registration. */
export async function registered(recorder: MockRecorder, name: string): Promise<Registration> {
  for (let i = 0; i < 500; i++) {
    const found = recorder.registrations.filter((r) => r.name === name);
    if (found.length === 1) return found[0] as Registration;
    if (found.length > 1) throw new Error(`${found.length} registrations named ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`no registration named ${name}`);
}

/**
 * Resolves once every RPC the program started has finished, those they started included: Pulumi's own
 * wait before it disconnects (`runtime/settings.js` `waitForRPCs`, @pulumi/pulumi 3.276.0). After it,
 * a resource that is not registered never will be.
 */
export async function drained(): Promise<void> {
  /* eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal of the runtime, as the bench's */
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
}

/** Lets queued registrations reach the mock monitor. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** What the mock monitor stored of each resource, by URN (`recordMonitor`). */
const monitorRecord = new Map<string, { urn: string; state: Record<string, unknown> }>();

type Callback = (err: unknown, resp: unknown) => void;
type RpcMethod = (req: unknown, callback: Callback) => unknown;
type StructLike = { toJavaScript(): Record<string, unknown> } | undefined;

/**
 * Records what the mock monitor `installMocks` set up holds of each resource, as the engine would store
 * it, at the monitor's ResourceMonitor methods (the engine protocol, in every SDK of the supported range):
 * a custom resource's or a component's state from the RegisterResource (or ReadResource) answer, a
 * component's registered outputs from RegisterResourceOutputs. The mock monitor's own
 * `getRegisteredResources` only exists in newer SDKs (not in 3.208.0, the declared floor).
 */
function recordMonitor(): void {
  monitorRecord.clear();
  const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, RpcMethod>;
  const wrap = (method: string, record: (req: unknown, resp: unknown) => void) => {
    const original = monitor[method];
    if (typeof original !== "function") throw new Error(`the mock monitor has no ${method}`);
    monitor[method] = (req, callback) =>
      original.call(monitor, req, (err, resp) => {
        if (!err) record(req, resp);
        callback(err, resp);
      });
  };
  const answered = (_req: unknown, resp: unknown) => {
    const r = resp as { getUrn(): string; getObject?(): StructLike; getProperties?(): StructLike };
    const state = (r.getObject ?? r.getProperties)?.call(r)?.toJavaScript() ?? {};
    monitorRecord.set(r.getUrn(), { urn: r.getUrn(), state });
  };
  wrap("registerResource", answered);
  wrap("readResource", answered);
  wrap("registerResourceOutputs", (req) => {
    const r = req as { getUrn(): string; getOutputs(): StructLike };
    const known = monitorRecord.get(r.getUrn());
    if (known) known.state = r.getOutputs()?.toJavaScript() ?? {};
  });
}

/**
 * Every resource the mock monitor holds, with its state as the engine would store it: a custom
 * resource's provider state, a component's registered outputs. Secrets keep their RPC marker.
 */
export function monitorStates(): { urn: string; state: Record<string, unknown> }[] {
  return [...monitorRecord.values()].map(({ urn, state }) => ({ urn, state }));
}

/** The state of the one resource whose URN ends with `::<name>`. */
export function monitorState(name: string): Record<string, unknown> {
  const found = monitorStates().filter((r) => r.urn.endsWith(`::${name}`));
  if (found.length !== 1) throw new Error(`${found.length} resources named ${name} in the mock monitor`);
  return (found[0] as { state: Record<string, unknown> }).state;
}

/** Waits until `condition()` holds (polling every few milliseconds), failing after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
