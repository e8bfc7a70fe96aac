/**
 * A spec whose host name is known only after construction and is invalid: prints which resources were
 * registered, the component output's error and the failures Pulumi's runtime reported.
 */
import * as pulumi from "@pulumi/pulumi";
import { installScenarioMocks, printWhen } from "./scenario-mocks";

const { registered, failures, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm, bootstrapSpec } =
  require("../../../src/component") as typeof import("../../../src/component");
/* eslint-enable @typescript-eslint/no-require-imports */

const vm = new BootstrappedVm("later", {
  bootstrap: bootstrapSpec({ hostname: pulumi.output(Promise.resolve("not a host!")) }),
  vsphere: { resourcePoolId: "resgroup-1", networkInterfaces: [{ networkId: "n" }] },
});

(vm.instanceId as unknown as { promise(): Promise<string> })
  .promise()
  .then(
    () => ({ isInputPropertiesError: false, paths: [] as string[] }),
    (err: unknown) => ({
      isInputPropertiesError: pulumi.InputPropertiesError.isInstance(err),
      paths: pulumi.InputPropertiesError.isInstance(err) ? err.errors.map((e) => e.propertyPath) : [],
    }),
  )
  .then((outputError) =>
    printWhen(
      () => failures.length > 0,
      () => ({ registered: registered.sort(), outputError, failures, logged }),
    ),
  );
