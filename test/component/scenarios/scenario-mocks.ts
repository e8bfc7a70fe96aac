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
  // Without an engine (mocks) Pulumi prints the message and drops the resource: record both here.
  const log = pulumi.log as { error: typeof pulumi.log.error };
  log.error = (message, resource) => {
    const name = (resource as { __name?: string } | undefined)?.__name;
    record.logged.push({ ...(name === undefined ? {} : { resource: name }), message });
    return Promise.resolve();
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
