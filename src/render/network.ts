/**
 * Network config for cloud-init: resolves the spec's interfaces against what the platform assigned,
 * then renders the same configuration as network config v1 and v2.
 */
import type { BootstrapSpec, InterfaceSpec } from "../spec/types";
import type { NetworkConfigV1, NetworkConfigV2, RenderOptions } from "./types";
import { renderNetworkV1 } from "./network-v1";
import { renderNetworkV2 } from "./network-v2";
import { resolveNetworkDevices } from "./network-devices";
import { targetCloudInit } from "../spec/cloud-init-version";
import { remedyProblem, SpecValidationError, type SpecProblem } from "../core/problems";
import { isMacAddress, isMulticastOrZeroMac } from "../spec/validate-util";

/** An interface after platform MACs were filled in: it has a `name`, a `macAddress`, or both. */
export interface ResolvedInterface extends InterfaceSpec {
  /** Position in `spec.network.interfaces`. */
  index: number;
}

/**
 * Returns the spec's interfaces with MACs filled in from `opts.assignedMacAddresses` (by index) where the
 * spec gives neither a name nor a MAC; a MAC in the spec always wins. MACs are lower-cased, as cloud-init
 * compares them. Throws `SpecValidationError` naming `network.interfaces[i]` for every interface that still
 * has neither.
 */
export function resolveInterfaces(spec: BootstrapSpec, opts: RenderOptions = {}): ResolvedInterface[] {
  const interfaces = spec.network?.interfaces ?? [];
  const problems: SpecProblem[] = [];
  // Every MAC the spec gives (validation made them unique), to check the platform's against.
  const taken = new Map<string, number>();
  interfaces.forEach((iface, index) => {
    if (iface.macAddress !== undefined) taken.set(iface.macAddress.toLowerCase(), index);
  });
  const resolved = interfaces.map((iface, index) => {
    let macAddress = iface.macAddress;
    if (macAddress === undefined && iface.name === undefined) {
      // A platform's "no MAC" may arrive as null (a provider's empty output) as well as undefined.
      const assigned: unknown = opts.assignedMacAddresses?.[index];
      macAddress = assigned === null ? undefined : (assigned as string | undefined);
      const problem = macAddress === undefined ? undefined : assignedMacProblem(macAddress, index, taken);
      if (problem !== undefined) problems.push(problem);
    }
    if (macAddress === undefined && iface.name === undefined) {
      problems.push(
        remedyProblem(`network.interfaces[${index}]`, {
          fact: `has neither \`name\` nor \`macAddress\`, and the platform assigned no MAC address for NIC ${index}`,
          ways: [
            { kind: "text", text: "set `macAddress` (or `name`) on the interface" },
            { kind: "platformMac", nic: index },
          ],
        }),
      );
    }
    const resolved: ResolvedInterface = { ...iface, index };
    if (typeof macAddress === "string") resolved.macAddress = macAddress.toLowerCase();
    return resolved;
  });
  if (problems.length > 0) throw new SpecValidationError(problems);
  return resolved;
}

/**
 * Why the MAC the platform assigned NIC `index` cannot match that interface: not a MAC, multicast (no NIC
 * has one), or one another interface already matches (`taken`, which it joins): cloud-init would then
 * configure one NIC twice and the other not at all.
 */
function assignedMacProblem(mac: string, index: number, taken: Map<string, number>): SpecProblem | undefined {
  const text = typeof mac === "string";
  const lower = text ? mac.toLowerCase() : "";
  const other = taken.get(lower);
  const fact =
    !text || !isMacAddress(mac)
      ? `the platform's MAC for NIC ${index}, ${JSON.stringify(mac)}, is not a MAC address like 52:54:00:12:34:56`
      : isMulticastOrZeroMac(lower)
        ? `the platform's MAC for NIC ${index}, ${lower}, is a multicast or all-zero address, which no NIC has`
        : other !== undefined
          ? `the platform's MAC for NIC ${index}, ${lower}, is network.interfaces[${other}]'s too; each interface needs its own`
          : undefined;
  if (fact === undefined) {
    taken.set(lower, index);
    return undefined;
  }
  return remedyProblem(`network.interfaces[${index}]`, { fact, ways: [{ kind: "platformMac", nic: index }] });
}

/** Network config v1 and v2 of the spec's network, or undefined when the spec has none. */
export function renderNetworkConfigs(
  spec: BootstrapSpec,
  opts: RenderOptions = {},
): { v1: NetworkConfigV1; v2: NetworkConfigV2 } | undefined {
  if (spec.network === undefined) return undefined;
  const interfaces = resolveInterfaces(spec, opts);
  const devices = resolveNetworkDevices(spec.network);
  const target = targetCloudInit(spec);
  return {
    v1: renderNetworkV1(interfaces, spec.dns, devices, target),
    v2: renderNetworkV2(interfaces, spec.dns, target, devices),
  };
}
