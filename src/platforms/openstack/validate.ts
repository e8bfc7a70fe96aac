/** Synchronous checks of the `openstack` platform's arguments (what is known at construction). */
import type { SpecProblem } from "../../core/problems";
import { prefixProblems } from "../../core/errors";
import type { BootstrapSpec } from "../../spec/types";
import { isKnown } from "../../core/known";
import { renderAll } from "../../render/render-all";
import type { KnownArgs } from "../platform";
import type { OpenstackArgs } from "./args";
import { metadataProblems } from "./metadata";
import { networkProblems } from "./ports";
import { novaNetworkProblems } from "../../spec/validate-network-formats";
import { novaUserData, novaUserDataProblems } from "./user-data";

const set = (value: unknown): boolean => value !== undefined && value !== null;

/** `networks` entries as far as the subnet checks need them. */
export function networkSubnets(args: OpenstackArgs) {
  return (args.networks ?? []).map((n) => ({
    hasSubnetId: set(n?.subnetId),
    hasIpv6SubnetId: set(n?.ipv6SubnetId),
  }));
}

/**
 * What a valid spec asks of this platform that it cannot do: ports for its interfaces' addresses, no
 * bonds, VLANs or bridges (Nova writes network_data.json), user-data within Nova's limit, and metadata
 * (`metadata`: the platform's, when known) that Nova takes beside the spec's. Paths relative to
 * `openstack`, or `bootstrap.`; checked by `validate` for a spec known at construction and by `deploy`
 * when it resolves, before any port is registered.
 */
export function specOnOpenstackProblems(
  spec: BootstrapSpec,
  args: OpenstackArgs,
  metadata: Record<string, string> | undefined,
): SpecProblem[] {
  // user-data does not depend on the network (that reaches the guest through Nova's network_data.json),
  // so its size is known before the ports exist.
  const { network: _network, ...withoutNetwork } = spec;
  return [
    ...networkProblems(spec, networkSubnets(args)),
    ...prefixProblems("bootstrap", novaNetworkProblems(spec)),
    ...(metadata === undefined ? [] : metadataProblems(metadata, spec.metadata ?? {})),
    ...novaUserDataProblems(novaUserData(renderAll(withoutNetwork))),
  ];
}

export function validateOpenstackArgs(args: OpenstackArgs, known: KnownArgs): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (set(args.flavorName) === set(args.flavorId)) {
    problems.push({
      path: set(args.flavorName) ? "flavorId" : "flavorName",
      message: set(args.flavorName)
        ? "Only one of `flavorName` or `flavorId` can be set."
        : "One of `flavorName` or `flavorId` must be set.",
    });
  }
  if (set(args.imageName) && set(args.imageId)) {
    problems.push({ path: "imageId", message: "Only one of `imageName` or `imageId` can be set." });
  } else if (!set(args.imageName) && !set(args.imageId) && !set(args.blockDevices)) {
    problems.push({
      path: "imageName",
      message: "Set `imageName` or `imageId`, or boot from a volume with `blockDevices`.",
    });
  }
  if (args.networks !== undefined && !Array.isArray(args.networks)) {
    problems.push({ path: "networks", message: "`networks` must be a list (one entry per spec interface)." });
    return problems;
  }
  (args.networks ?? []).forEach((n, i) => {
    if (!set(n?.networkId)) {
      problems.push({
        path: `networks[${i}].networkId`,
        message: "Every port needs the Neutron `networkId`.",
      });
    }
  });
  const spec = known.bootstrap;
  if (spec === undefined) return problems;
  const metadata =
    args.metadata === undefined || isKnown(args.metadata)
      ? ((args.metadata ?? {}) as Record<string, string>)
      : undefined;
  problems.push(...specOnOpenstackProblems(spec, args, metadata));
  return problems;
}
