/**
 * What a config drive's network must satisfy, for the network documents its options write: one function,
 * which the config-drive renderer throws on and the `seedImage` platform and the `ConfigDriveSeedIso`
 * resource report (at construction, or once the values they wait for resolve; src/seed-image/wording.ts
 * `configDriveRefusals`), so that a preview refuses exactly what the render would.
 */
import type { SpecProblem } from "../core/problems";
import { atLeast, targetCloudInit } from "../spec/cloud-init-version";
import type { BootstrapSpec } from "../spec/types";
import { legacyEniProblems, networkDataJsonProblems } from "../spec/validate-network-formats";

/** The options that choose a config drive's network documents. */
export interface ConfigDriveNetworkOptions {
  /** Also write the legacy ENI network file (`openstack/content/0000`, `network_config`). Default false. */
  legacyNetworkFile?: boolean;
  /** Write `network_data.json`. Default true. */
  networkDataJson?: boolean;
}

/**
 * A spec with a network on a config drive without `network_data.json` and without the legacy ENI file: the
 * drive would hold no network config, and cloud-init would bring up its fallback network (DHCP on the first
 * NIC) instead of the spec's.
 */
export const NO_NETWORK_DOCUMENT =
  "`false` with no legacy network file leaves the spec's network out of the config drive " +
  "(cloud-init would bring up its fallback network, DHCP on the first NIC, instead); keep network_data.json " +
  "(drop `networkDataJson: false`), add the legacy ENI file (`legacyNetworkFile: true`), or remove `network` " +
  "from the spec";

/**
 * From 24.3 on, a config drive whose only network source is the ENI file logs "Eni network configuration in
 * ConfigDrive" as DEPRECATED (DataSourceConfigDrive.py 25.1.4 lines 176-186; with network_data.json present
 * cloud-init never reads the ENI file).
 */
const ENI_ONLY_DEPRECATED_SINCE = "24.3";

/** A config drive's network problems, by what they are relative to. */
export interface ConfigDriveNetworkProblems {
  /** What the drive's network documents cannot carry of the spec; paths relative to it (`network.bridges[0]`). */
  readonly spec: SpecProblem[];
  /** What the options choose wrongly for this spec; paths name the option (`networkDataJson`). */
  readonly options: SpecProblem[];
}

/**
 * Every problem of `spec`'s network on a config drive with `opts`: what `network_data.json` (unless
 * `networkDataJson: false`) and the legacy ENI file (with `legacyNetworkFile`; alone, it drops more) cannot
 * carry, a drive left without network config, and the ENI file as the only network config for a target from
 * 24.3. A spec without a network has none: the drive then holds no network document.
 */
export function configDriveNetworkProblems(
  spec: BootstrapSpec,
  opts: ConfigDriveNetworkOptions,
): ConfigDriveNetworkProblems {
  if (spec.network === undefined) return { spec: [], options: [] };
  const networkDataJson = opts.networkDataJson !== false;
  const legacy = opts.legacyNetworkFile === true;
  const options: SpecProblem[] = [];
  if (!networkDataJson && !legacy) options.push({ path: "networkDataJson", message: NO_NETWORK_DOCUMENT });
  if (legacy && !networkDataJson && atLeast(targetCloudInit(spec), ENI_ONLY_DEPRECATED_SINCE)) {
    options.push({
      path: "legacyNetworkFile",
      message: `a config drive with the legacy ENI file as its only network config is deprecated since cloud-init ${ENI_ONLY_DEPRECATED_SINCE} (bootstrap.cloudInit.minVersion is ${JSON.stringify(spec.cloudInit?.minVersion ?? "")}); keep network_data.json (it is what cloud-init reads first) or target an older release`,
    });
  }
  return {
    spec: [
      ...(networkDataJson ? networkDataJsonProblems(spec) : []),
      ...(legacy ? legacyEniProblems(spec, !networkDataJson) : []),
    ],
    options,
  };
}
