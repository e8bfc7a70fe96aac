/**
 * A seed image's problems in its own terms: the ways out of a spec's problems (src/core/remedy.ts), and a
 * config drive's network refusals with the spec's problems under `bootstrap.` in those terms.
 */
import { prefixProblems } from "../core/errors";
import { rewordProblem, type SpecProblem } from "../core/problems";
import { isKnown } from "../core/known";
import { libraryWording, type Wording } from "../core/remedy";
import { configDriveNetworkProblems, type ConfigDriveNetworkOptions } from "../render/config-drive-network";
import type { BootstrapSpec } from "../spec/types";

/**
 * The ways out of a spec's problems for a seed image: `nocloud` names what carries what a config drive
 * cannot (guestinfo and vApp are vSphere's, not offered), `macs` the argument that lists the NICs' MACs.
 */
export function seedWording(nocloud: string, macs: string): Wording {
  return (way) => {
    switch (way.kind) {
      case "carrier":
        return way.carriers.includes("nocloud") ? `use ${nocloud}` : undefined;
      case "platformMac":
        return `give the MAC of the VM's NIC ${way.nic} in \`${macs}[${way.nic}]\``;
      default:
        return libraryWording(way);
    }
  };
}

/**
 * What a config drive with these options refuses of a valid `spec`'s network (`configDriveNetworkProblems`,
 * which its renderer throws on): the spec's problems under `bootstrap.` worded with `wording`, then the
 * options' at the option's name (`networkDataJson`, `legacyNetworkFile`; the caller prefixes them if its
 * options sit under a key).
 */
export function configDriveRefusals(
  spec: BootstrapSpec,
  options: ConfigDriveNetworkOptions,
  wording: Wording,
): SpecProblem[] {
  const refused = configDriveNetworkProblems(spec, options);
  return [
    ...prefixProblems("bootstrap", refused.spec).map((p) => rewordProblem(p, wording)),
    ...refused.options,
  ];
}

/**
 * A config drive's network options when both are plain values (checked at construction), else undefined
 * (checked once they resolve).
 */
export function knownNetworkOptions(args: {
  legacyNetworkFile?: unknown;
  networkDataJson?: unknown;
}): ConfigDriveNetworkOptions | undefined {
  const { legacyNetworkFile, networkDataJson } = args;
  if (!isKnown(legacyNetworkFile) || !isKnown(networkDataJson)) return undefined;
  return {
    legacyNetworkFile: legacyNetworkFile as boolean | undefined,
    networkDataJson: networkDataJson as boolean | undefined,
  };
}
