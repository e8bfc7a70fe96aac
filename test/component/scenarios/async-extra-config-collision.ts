/**
 * A user extraConfig known only after construction that collides with a guestinfo key: prints what
 * was registered and the failures Pulumi's runtime reported.
 */
import * as pulumi from "@pulumi/pulumi";

const registered: string[] = [];
const failures: string[] = [];
process.on("unhandledRejection", (reason) => failures.push(String(reason)));
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push(args.name);
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  "project",
  "stack",
  false,
);

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

setTimeout(() => console.log(JSON.stringify({ registered: registered.sort(), failures })), 1500);
