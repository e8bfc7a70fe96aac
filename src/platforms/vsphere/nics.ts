/**
 * The VM's NICs with their MACs, and the MACs handed to the renderer so that a static network
 * config matched by position lands on the right NIC.
 */
import * as pulumi from "@pulumi/pulumi";
import { inputPropertiesError } from "../../core/errors";
import type { SpecProblem } from "../../core/problems";
import type { BootstrapSpec } from "../../spec/types";
import type { VsphereNetworkInterface } from "./args";
import { assignNicMacs, macProblems, type MacOwner } from "./mac";

/** A NIC as the VirtualMachine receives it. */
export type ResolvedNic = pulumi.Unwrap<VsphereNetworkInterface> & { useStaticMac?: boolean };

export interface NicPlan {
  /** The VirtualMachine's `networkInterfaces`. */
  nics: ResolvedNic[];
  /** By spec interface index: the MAC of the NIC a position-matched interface lands on. */
  assignedMacAddresses: (string | undefined)[];
}

/**
 * Assigns MACs; throws `InputPropertiesError` for position-matched interfaces without a NIC, bad MACs
 * and a user MAC another NIC of the program holds.
 */
export function planNics(owner: MacOwner, nics: ResolvedNic[], spec: BootstrapSpec): NicPlan {
  const interfaces = spec.network?.interfaces ?? [];
  const positional = interfaces.map((i) => i.name === undefined && i.macAddress === undefined);
  const problems: SpecProblem[] = macProblems(nics).map((p) => ({ ...p, path: `vsphere.${p.path}` }));
  positional.forEach((byPosition, i) => {
    if (byPosition && i >= nics.length) {
      problems.push({
        path: `bootstrap.network.interfaces[${i}]`,
        message: `this interface is matched by position, but vsphere.networkInterfaces has ${nics.length} entr${
          nics.length === 1 ? "y" : "ies"
        }; add a NIC or give the interface a macAddress or name.`,
      });
    }
  });
  if (problems.length > 0) throw inputPropertiesError(problems);
  const { macs, problems: clashes } = assignNicMacs(
    owner,
    nics.map((n) => n.macAddress),
    nics.map((_, i) => positional[i] === true),
  );
  if (clashes.length > 0) throw inputPropertiesError(clashes);
  return {
    nics: nics.map((nic, i) => {
      const mac = macs[i];
      return mac?.macAddress === undefined ? nic : { ...nic, macAddress: mac.macAddress, useStaticMac: true };
    }),
    assignedMacAddresses: interfaces.map((_, i) => (positional[i] ? macs[i]?.macAddress : undefined)),
  };
}
