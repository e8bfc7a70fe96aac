/**
 * A user extraConfig known only after construction that collides with a guestinfo key: prints what
 * was registered and the failures Pulumi's runtime reported.
 */
import * as pulumi from "@pulumi/pulumi";
import { installScenarioMocks, printWhen } from "./scenario-mocks";

const { registered, failures, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../../src/component") as typeof import("../../../src/component");
/* eslint-enable @typescript-eslint/no-require-imports */

new BootstrappedVm("clash", {
  bootstrap: { hostname: "clash" },
  vsphere: {
    resourcePoolId: "resgroup-1",
    extraConfig: pulumi.output(Promise.resolve({ "guestinfo.userdata": "mine" })),
  },
});

printWhen(
  () => failures.length > 0,
  () => ({ registered: registered.sort(), failures, logged }),
);
