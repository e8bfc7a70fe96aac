/**
 * A spec known only after construction, with a network, for cloud-init 20.4, delivered as vApp properties
 * (whose `network-config` 20.4 ignores): prints, as soon as Pulumi's runtime reports the failure, what was
 * registered and the failures.
 */
import * as pulumi from "@pulumi/pulumi";
import { installScenarioMocks, printWhen } from "./scenario-mocks";

const { registered, failures, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../../src/component") as typeof import("../../../src/component");
const { VsphereTransport } =
  require("../../../src/platforms/vsphere/args") as typeof import("../../../src/platforms/vsphere/args");
/* eslint-enable @typescript-eslint/no-require-imports */

new BootstrappedVm("ovf", {
  bootstrap: pulumi.output(
    Promise.resolve({
      hostname: "ovf-01",
      cloudInit: { minVersion: "20.4" },
      network: { interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }] },
    }),
  ),
  vsphere: {
    resourcePoolId: "resgroup-1",
    transport: VsphereTransport.Vapp,
    clone: { templateUuid: "4217c5a0-template" },
    networkInterfaces: [{ networkId: "n" }],
  },
});

printWhen(
  () => failures.length > 0,
  () => ({ registered: registered.sort(), failures, logged }),
);
