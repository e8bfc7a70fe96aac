/** Runs an example program under Pulumi mocks, with its configuration, and collects its registrations. */
import * as pulumi from "@pulumi/pulumi";
import { installMocks, type MockRecorder } from "../component/mock-harness";

/** Installs the mocks under the example's project name (its `new pulumi.Config()` reads it) and its config. */
export function prepareExample(project: string, config: Record<string, string>): MockRecorder {
  const recorder = installMocks(project);
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [`${project}:${k}`, v])),
  );
  return recorder;
}

/** Resolves every exported Output of a program module. */
export async function exportedValues(program: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(program).map(async ([key, value]) => [
      key,
      pulumi.Output.isInstance(value)
        ? await (value as unknown as { promise(): Promise<unknown> }).promise()
        : value,
    ]),
  );
  return Object.fromEntries(entries);
}
