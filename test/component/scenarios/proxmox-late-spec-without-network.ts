/**
 * A Proxmox spec known only after construction that turns out to have no network (which Proxmox would fill
 * with a network-config that brings no interface up): prints what was registered and the failures Pulumi's
 * runtime reported, once a failure was reported.
 */
import * as pulumi from "@pulumi/pulumi";
import { installScenarioMocks } from "./scenario-mocks";

const { registered, failures, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm, bootstrapSpec } =
  require("../../../src/component") as typeof import("../../../src/component");
/* eslint-enable @typescript-eslint/no-require-imports */

new BootstrappedVm("late", {
  bootstrap: bootstrapSpec({ hostname: pulumi.output(Promise.resolve("late")) }),
  proxmox: { nodeName: "pve", snippetsDatastoreId: "local", clone: { vmId: 9000 } },
});

const report = () => console.log(JSON.stringify({ registered: registered.sort(), failures, logged }));
const poll = setInterval(() => {
  if (failures.length === 0) return;
  clearInterval(poll);
  report();
}, 10);
