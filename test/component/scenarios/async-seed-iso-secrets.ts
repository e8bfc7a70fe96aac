/**
 * Standalone seed ISO resources whose specs hold invalid secret values, known only once they resolve: a
 * `NoCloudSeedIso` with a secret host name, one with a secret address, one with a secret metadata map whose
 * keys are refused (the paths quote them), one with a secret extraCloudConfig whose nested keys a refused value's
 * path names, a `ConfigDriveSeedIso` whose whole spec is a secret, one whose whole secret spec has such a
 * vendorCloudConfig, and one whose
 * network options are refused for its secret `cloudInit.minVersion` (the option's message quotes it). Each failure is reported once and logged, as `pulumi up`'s program runner does
 * (@pulumi/pulumi cmd/run/run.js `uncaughtHandler`). Prints what was registered, the distinct failures and
 * the lines logged once the program has nothing left to do, for the test to check that none quotes a
 * secret value.
 */
import * as pulumi from "@pulumi/pulumi";
import { collectFailures, installScenarioMocks, printWhenIdle } from "./scenario-mocks";

const { registered, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { ConfigDriveSeedIso, NoCloudSeedIso } =
  require("../../../src/seed-image/resources") as typeof import("../../../src/seed-image/resources");
/* eslint-enable @typescript-eslint/no-require-imports */

const failures = collectFailures();

/** A secret Input where the spec's type says `string` (the resources resolve Inputs nested anywhere). */
const secret = (value: string) => pulumi.secret(value) as unknown as string;

new NoCloudSeedIso("secret-host", {
  path: "out/secret-host.iso",
  bootstrap: { hostname: secret("Needle_Host!") },
});
new NoCloudSeedIso("secret-address", {
  path: "out/secret-address.iso",
  bootstrap: {
    hostname: "secret-address",
    network: {
      interfaces: [
        { name: "eth0", macAddress: "52:54:00:00:00:01", addresses: [secret("203.0.113.999/24")] },
      ],
    },
  },
});
// A secret metadata map: its keys are secret too (one invalid, one short over a long value).
new NoCloudSeedIso("secret-metadata", {
  path: "out/secret-metadata.iso",
  bootstrap: {
    hostname: "secret-metadata",
    metadata: pulumi.secret({ "tenant 7f3g/internal": "v", q7k: "x".repeat(300) }) as unknown as Record<
      string,
      string
    >,
  },
});
// Secret cloud-config given as it is: its keys below the top level are secret too (a number YAML cannot hold is
// refused, its path names them), as a secret field and inside a secret whole spec.
new NoCloudSeedIso("secret-cloud-config", {
  path: "out/secret-cloud-config.iso",
  bootstrap: {
    hostname: "secret-cloud-config",
    extraCloudConfig: pulumi.secret({ apt: { sources: { "corp-7f3q-mirror": { keyid: Number.NaN } } } }),
  },
});
new ConfigDriveSeedIso("secret-vendor-config", {
  path: "out/secret-vendor-config.iso",
  bootstrap: pulumi.secret({
    hostname: "secret-vendor-config",
    vendorCloudConfig: { chef: { initial_attributes: { "tenant-7f3r-db": Number.NaN } } },
  }),
});
new ConfigDriveSeedIso("secret-spec", {
  path: "out/secret-spec.iso",
  bootstrap: pulumi.secret({ hostname: "Needle_Drive!" }),
});
new ConfigDriveSeedIso("secret-target", {
  path: "out/secret-target.iso",
  bootstrap: {
    hostname: "secret-target",
    cloudInit: { minVersion: secret("25.1") },
    network: { interfaces: [{ name: "eth0", macAddress: "52:54:00:00:00:01", dhcp4: true }] },
  },
  networkDataJson: false,
  legacyNetworkFile: true,
});

printWhenIdle(() => ({
  registered: registered.sort(),
  failures: failures(),
  logged,
}));
