/**
 * A config-drive seed image for a spec known only after construction that has a bridge (network_data.json
 * has no bridge link): prints what was registered and the failures once the runtime has reported one.
 */
import * as pulumi from "@pulumi/pulumi";
import { SeedImageFormat } from "../../../src/seed-image/types";
import { installScenarioMocks, printWhen } from "./scenario-mocks";

const { registered, failures, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../../src/component") as typeof import("../../../src/component");
/* eslint-enable @typescript-eslint/no-require-imports */

new BootstrappedVm("late-br", {
  bootstrap: pulumi.output(
    Promise.resolve({
      hostname: "late-br",
      network: {
        interfaces: [{ name: "eth0", macAddress: "52:54:00:00:00:01" }],
        bridges: [{ name: "br0", interfaces: ["eth0"], dhcp4: true }],
      },
    }),
  ),
  seedImage: { format: SeedImageFormat.ConfigDrive, path: "out/late-br.iso" },
});

printWhen(
  () => failures.length > 0,
  () => ({ registered: registered.sort(), failures, logged }),
);
