/**
 * Config-drive seed images whose network check waits for a value: a spec known only after construction whose
 * drive would hold no network config (`networkDataJson: false`, no legacy file), and a known spec with a bond
 * whose `legacyNetworkFile: true` is an Output (the legacy ENI file has no bonds). Prints what was registered,
 * the failures and the logged errors once the program has nothing left to do.
 */
import * as pulumi from "@pulumi/pulumi";
import { SeedImageFormat } from "../../../src/seed-image/types";
import { BondMode } from "../../../src/spec/network-types";
import { installScenarioMocks, printWhenIdle } from "./scenario-mocks";

const { registered, failures, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../../src/component") as typeof import("../../../src/component");
/* eslint-enable @typescript-eslint/no-require-imports */

new BootstrappedVm("late-nonet", {
  bootstrap: pulumi.output(
    Promise.resolve({
      hostname: "late-nonet",
      network: { interfaces: [{ name: "eth0", macAddress: "52:54:00:00:00:01", dhcp4: true }] },
    }),
  ),
  seedImage: { format: SeedImageFormat.ConfigDrive, path: "out/late-nonet.iso", networkDataJson: false },
});

new BootstrappedVm("late-eni", {
  bootstrap: {
    hostname: "late-eni",
    network: {
      interfaces: [
        { name: "eth0", macAddress: "52:54:00:00:00:01" },
        { name: "eth1", macAddress: "52:54:00:00:00:02" },
      ],
      bonds: [{ name: "bond0", interfaces: ["eth0", "eth1"], mode: BondMode.ActiveBackup, dhcp4: true }],
    },
  },
  seedImage: {
    format: SeedImageFormat.ConfigDrive,
    path: "out/late-eni.iso",
    legacyNetworkFile: pulumi.output(Promise.resolve(true)),
  },
});

printWhenIdle(() => ({ registered: registered.sort(), failures, logged }));
