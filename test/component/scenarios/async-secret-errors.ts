/**
 * Specs whose secret inputs are invalid (known only during the deployment): prints each component output's
 * error message, the failures Pulumi's runtime reported and the lines logged, for the test to check that
 * none quotes a secret value.
 */
import * as pulumi from "@pulumi/pulumi";
import { installScenarioMocks, printWhen } from "./scenario-mocks";

const { failures, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm, bootstrapSpec } =
  require("../../../src/component") as typeof import("../../../src/component");
const { SeedImageFormat } =
  require("../../../src/seed-image/types") as typeof import("../../../src/seed-image/types");
/* eslint-enable @typescript-eslint/no-require-imports */

const vsphere = { resourcePoolId: "rp", datastoreId: "ds", networkInterfaces: [{ networkId: "n" }] };
const specs = {
  address: bootstrapSpec({
    hostname: "a",
    network: {
      interfaces: [{ addresses: [pulumi.secret("203.0.113.999/24")], macAddress: "52:54:00:00:00:01" }],
    },
  }),
  hostname: bootstrapSpec({ hostname: pulumi.secret("Needle_Host!") }),
  conflict: bootstrapSpec({
    hostname: "c",
    timezone: "UTC",
    extraCloudConfig: { timezone: pulumi.secret("Europe/Needle") },
  }),
  // A short secret (under the 6 characters bare text is redacted from), quoted by a feature's refusal.
  version: bootstrapSpec({
    hostname: "v",
    cloudInit: { minVersion: pulumi.secret("21.4") },
    rootPasswordHash: "$y$j9T$salt$abcdefgh",
  }),
};
const messages: Record<string, string> = {};
for (const [name, bootstrap] of Object.entries(specs)) {
  const vm = new BootstrappedVm(name, { bootstrap, vsphere });
  (vm.userData as unknown as { promise(): Promise<string> }).promise().then(
    () => (messages[name] = "(no error)"),
    (err: unknown) => (messages[name] = String((err as Error).message)),
  );
}
// The seed image renders on its own too: it must get the component's (redacted) failure.
const seed = new BootstrappedVm("seed", {
  bootstrap: bootstrapSpec({ hostname: pulumi.secret("Needle_Seed!") }),
  seedImage: { format: SeedImageFormat.NoCloud, path: "out/never.iso" },
});
(seed.userData as unknown as { promise(): Promise<string> }).promise().then(
  () => (messages.seed = "(no error)"),
  (err: unknown) => (messages.seed = String((err as Error).message)),
);

printWhen(
  () => Object.keys(messages).length === 5 && logged.length >= 5 && failures.length > 0,
  () => ({ messages, failures, logged }),
);
