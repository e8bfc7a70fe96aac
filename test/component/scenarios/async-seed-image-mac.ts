/**
 * A seed image for a spec known only after construction whose interface is matched by position, without
 * the VM's MACs (`seedImage.macAddresses`): the render finds the problem when the spec resolves. Prints the
 * component output's error once it and a runtime failure have been reported.
 */
import * as pulumi from "@pulumi/pulumi";
import { installScenarioMocks, printWhen } from "./scenario-mocks";

const { failures, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../../src/component") as typeof import("../../../src/component");
/* eslint-enable @typescript-eslint/no-require-imports */

const vm = new BootstrappedVm("late", {
  bootstrap: pulumi.output(
    Promise.resolve({
      hostname: "late-01",
      network: { interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }] },
    }),
  ),
  seedImage: { path: "out/late.iso" },
});

let outputError: { paths: string[]; reasons: string[] } | undefined;
(vm.instanceId as unknown as { promise(): Promise<string> }).promise().then(
  () => (outputError = { paths: [], reasons: [] }),
  (err: unknown) => {
    const errors = pulumi.InputPropertiesError.isInstance(err) ? err.errors : [];
    outputError = { paths: errors.map((e) => e.propertyPath), reasons: errors.map((e) => e.reason) };
  },
);

printWhen(
  () => outputError !== undefined && failures.length > 0,
  () => ({ outputError, failures, logged }),
);
