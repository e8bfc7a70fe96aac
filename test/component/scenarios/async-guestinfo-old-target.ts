/**
 * Specs known only after construction, for cloud-init 20.4, delivered through guestinfo: one to a template
 * without the seeder (no VMware datasource before 21.3: refused), one to a template with it
 * (`guestinfo.seeder`: delivered). Prints, once the runtime has reported the failure and the second VM is
 * registered, what was registered and the failures.
 */
import * as pulumi from "@pulumi/pulumi";
import { installScenarioMocks, printWhen } from "./scenario-mocks";

const { registered, failures, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../../src/component") as typeof import("../../../src/component");
/* eslint-enable @typescript-eslint/no-require-imports */

const lateSpec = (hostname: string) =>
  pulumi.output(
    Promise.resolve({
      hostname,
      cloudInit: { minVersion: "20.4" },
      network: { interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }] },
    }),
  );
const vsphere = { resourcePoolId: "resgroup-1", networkInterfaces: [{ networkId: "n" }] };

new BootstrappedVm("old", { bootstrap: lateSpec("old-01"), vsphere });
new BootstrappedVm("seeded", {
  bootstrap: lateSpec("seeded-01"),
  vsphere: { ...vsphere, guestinfo: { seeder: true } },
});

printWhen(
  () => failures.length > 0 && registered.includes("seeded-vm"),
  () => ({ registered: registered.sort(), failures, logged }),
);
