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
}

export function installScenarioMocks(): ScenarioRecord {
  const record = { registered: [] as string[], failures: [] as string[] };
  process.on("unhandledRejection", (reason) => record.failures.push(String(reason)));
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
