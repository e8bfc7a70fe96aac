/**
 * Mocks for the scenarios: records the names of registered resources and the failures Pulumi's
 * runtime reports as unhandled rejections. Install before requiring the component.
 */
import * as pulumi from "@pulumi/pulumi";
import { waitFor } from "../mock-harness";

export interface ScenarioRecord {
  /** Names of the registered resources, in registration order. */
  readonly registered: string[];
  /** The unhandled rejections, as strings. */
  readonly failures: string[];
  /** The errors the program logged (`pulumi.log.error`), with the name of the resource each is logged against. */
  readonly logged: { resource?: string; message: string }[];
}

export function installScenarioMocks(): ScenarioRecord {
  const record: ScenarioRecord = { registered: [], failures: [], logged: [] };
  process.on("unhandledRejection", (reason) => record.failures.push(String(reason)));
  // Without an engine (mocks) Pulumi prints the message (to stderr) and drops the resource: record both
  // here, and let Pulumi's own `log.error` count the error, as in a deployment. With an error counted, the
  // runtime's leak check at exit stands aside (runtime/debuggable.js: "remember the error so we can suppress
  // leaks"); without it, SDKs that leave the outputs of a resource whose inputs failed pending (3.208.0)
  // exit 1 after the scenario printed its record.
  const log = pulumi.log as { error: typeof pulumi.log.error };
  const pulumiError = log.error;
  log.error = (message, resource, ...rest) => {
    const name = (resource as { __name?: string } | undefined)?.__name;
    record.logged.push({ ...(name === undefined ? {} : { resource: name }), message });
    return pulumiError(message, resource, ...rest);
  };
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        record.registered.push(args.name);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    false,
  );
  return record;
}

/**
 * Prints `result()` as one JSON line once `done()` holds (polled every 5 ms), or after 30 s without it, for
 * the test to fail on what was printed.
 */
export function printWhen(done: () => boolean, result: () => unknown): void {
  void waitFor(done, "the scenario's outcome", 30_000)
    .catch(() => undefined)
    .then(() => console.log(JSON.stringify(result())));
}

/**
 * Prints `result()` as one JSON line once the program has nothing left to do: Node's `beforeExit`, when no
 * timer, I/O or callback is pending, so no registration can follow (the mock monitor answers in-process).
 * Unlike Pulumi's own wait for its RPCs (`runtime/settings.js` `waitForRPCs`), which never resolves on SDKs
 * that leave a failed registration's RPC open (3.208.0, the declared floor), it holds on every SDK.
 */
export function printWhenIdle(result: () => unknown): void {
  let printed = false;
  process.on("beforeExit", () => {
    if (printed) return;
    printed = true;
    console.log(JSON.stringify(result()));
  });
}

/** One distinct failure: its message and, for an `InputPropertiesError`, its property paths and reasons. */
export interface ScenarioFailure {
  inputProperties: boolean;
  message: string;
  paths: string[];
  reasons: string[];
}

/**
 * Collects the distinct unhandled rejections with their property paths, and logs each once, as `pulumi up`'s
 * program runner does (@pulumi/pulumi cmd/run/run.js `uncaughtHandler`). Returns them sorted by message,
 * for the scenario's printed record.
 */
export function collectFailures(): () => ScenarioFailure[] {
  const failures = new Map<string, ScenarioFailure>();
  process.on("unhandledRejection", (reason) => {
    const ipe = pulumi.InputPropertiesError.isInstance(reason);
    const failure: ScenarioFailure = {
      inputProperties: ipe,
      message: String((reason as Error).message),
      paths: ipe ? reason.errors.map((e) => e.propertyPath) : [],
      reasons: ipe ? reason.errors.map((e) => e.reason) : [],
    };
    const key = JSON.stringify(failure);
    if (failures.has(key)) return;
    failures.set(key, failure);
    pulumi.log.error(failure.message);
  });
  return () => [...failures.values()].sort((a, b) => a.message.localeCompare(b.message));
}
