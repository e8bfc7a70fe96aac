/**
 * Standalone `ConfigDriveSeedIso`s whose network check waits for a value: a known spec with a network and
 * `networkDataJson: false` as an Output (no legacy file: no network document), a spec known only later that
 * targets cloud-init 25.1 with the legacy ENI file as its only network config, a spec known only later with
 * an invalid host name and no network document (its own problem comes first, as in the constructor), and a
 * drive whose `legacyNetworkFile: true` arrives later (valid: it is registered). Each failure is reported
 * once and logged, as `pulumi up`'s program runner does (@pulumi/pulumi cmd/run/run.js `uncaughtHandler`).
 * Prints what was registered and the distinct failures once the program has nothing left to do.
 */
import * as pulumi from "@pulumi/pulumi";
import { collectFailures, installScenarioMocks, printWhenIdle } from "./scenario-mocks";

const { registered } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { ConfigDriveSeedIso } =
  require("../../../src/seed-image/resources") as typeof import("../../../src/seed-image/resources");
/* eslint-enable @typescript-eslint/no-require-imports */

const failures = collectFailures();

const network = { interfaces: [{ name: "eth0", macAddress: "52:54:00:00:00:01", dhcp4: true }] };
const later = <T>(value: T) => pulumi.output(Promise.resolve(value));

new ConfigDriveSeedIso("late-nonet", {
  path: "out/late-nonet.iso",
  bootstrap: { hostname: "late-nonet", network },
  networkDataJson: later(false),
});
new ConfigDriveSeedIso("late-eni-25", {
  path: "out/late-eni-25.iso",
  bootstrap: later({ hostname: "late-eni-25", network, cloudInit: { minVersion: "25.1" } }),
  networkDataJson: false,
  legacyNetworkFile: true,
});
new ConfigDriveSeedIso("late-bad-host", {
  path: "out/late-bad-host.iso",
  bootstrap: later({ hostname: "bad_host!", network }),
  networkDataJson: false,
});
new ConfigDriveSeedIso("late-eni", {
  path: "out/late-eni.iso",
  bootstrap: { hostname: "late-eni", network },
  networkDataJson: false,
  legacyNetworkFile: later(true),
});

printWhenIdle(() => ({
  registered: registered.sort(),
  failures: failures(),
}));
