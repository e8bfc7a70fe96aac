/**
 * The vSphere platform: one `vsphere:index/virtualMachine:VirtualMachine` (`${name}-vm`) carrying the
 * documents the way the chosen transport delivers them (`guestinfo`, `vapp` or `nocloudIso`).
 */
import * as pulumi from "@pulumi/pulumi";
import { OnChange } from "../platform-args";
import { inputPropertiesError, prefixProblems } from "../../core/errors";
import { allMaybe, isOutput, mapMaybe, maybe, type Maybe } from "../../core/maybe";
import { secretIf } from "../../core/secrets";
import {
  VirtualMachine,
  type VirtualMachineArgs,
  type VirtualMachineCdromArgs,
} from "../../providers/vsphere";
import type { BootstrapSpec } from "../../spec/types";
import { interfaceKeysSpec } from "../interface-keys";
import { lateCheck, type Platform, type PlatformContext } from "../platform";
import { VsphereTransport, type VsphereArgs } from "./args";
import { currentMacScope } from "../program-macs";
import { planNics, type ResolvedNic } from "./nics";
import type { VsphereDelivery, VsphereTransportBuilder } from "./transport";
import { guestinfoTransport } from "./transport-guestinfo";
import { nocloudIsoTransport } from "./transport-nocloud-iso";
import { vappTransport } from "./transport-vapp";
import { extraConfigCollisions, validateVsphereArgs, vappCollisions } from "./validate";
import { templateSubset, vappTargetProblem, vappTemplateProblems, vappValueProblems } from "./vapp-values";
import { PLAIN_VM_ARGS, VAPP_PROPERTY_KEYS } from "./keys";
import { vsphereWording } from "./wording";

/** The transports, by `vsphere.transport`. */
const TRANSPORTS: Record<VsphereTransport, VsphereTransportBuilder> = {
  [VsphereTransport.Guestinfo]: guestinfoTransport,
  [VsphereTransport.Vapp]: vappTransport,
  [VsphereTransport.NocloudIso]: nocloudIsoTransport,
};

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k] as string]),
  );
}

/** The user's extraConfig merged with the transport's; a collision is an error; secret with secret documents. */
function mergedExtraConfig(
  args: VsphereArgs,
  transport: VsphereTransport,
  delivery: VsphereDelivery,
  secret: Maybe<boolean>,
  ctx: PlatformContext,
) {
  const user = maybe(args.extraConfig ?? {}) as Maybe<Record<string, string>>;
  const ours = delivery.extraConfig ?? {};
  return mapMaybe(
    allMaybe<[Record<string, string>, Record<string, string>, boolean]>([user, ours, secret]),
    ([u, o, s]) => {
      const collisions = extraConfigCollisions(transport, Object.keys(u));
      if (collisions.length > 0) ctx.fail(inputPropertiesError(collisions, "vsphere"));
      const merged = sortedRecord({ ...u, ...o });
      return s ? pulumi.secret(merged) : merged;
    },
  );
}

/**
 * The user's vApp properties merged with the transport's (limited to the template's properties). The
 * checks validation made when the spec was known are made again here for a spec known only at deployment.
 */
function mergedVapp(
  args: VsphereArgs,
  transport: VsphereTransport,
  delivery: VsphereDelivery,
  secret: Maybe<boolean>,
  spec: Maybe<BootstrapSpec>,
  ctx: PlatformContext,
) {
  const user = maybe(args.vapp?.properties ?? {}) as Maybe<Record<string, string>>;
  const ours = delivery.vappProperties ?? {};
  const defined: readonly string[] = args.vapp?.templateProperties ?? VAPP_PROPERTY_KEYS;
  return mapMaybe(
    allMaybe<[Record<string, string>, Record<string, string>, boolean, BootstrapSpec]>([
      user,
      ours,
      secret,
      spec,
    ]),
    ([u, o, s, bootstrap]) => {
      const target = vappTargetProblem(transport, bootstrap);
      const kept = templateSubset(o, defined);
      const problems = [
        ...prefixProblems("vsphere", [
          ...vappCollisions(transport, Object.keys(u)),
          ...(target === undefined ? [] : [target]),
          ...vappTemplateProblems(transport, defined, o["network-config"] !== undefined),
        ]),
        ...vappValueProblems(kept, bootstrap),
      ];
      if (problems.length > 0) ctx.fail(inputPropertiesError(problems));
      const properties = sortedRecord({ ...u, ...kept });
      return { properties: s ? pulumi.secret(properties) : properties };
    },
  );
}

export const vspherePlatform: Platform<"vsphere"> = {
  key: "vsphere",
  wording: vsphereWording,
  validate: validateVsphereArgs,
  freeFormMaps: [["extraConfig"], ["vapp", "properties"]],
  deploy(args, ctx) {
    const transport = args.transport ?? VsphereTransport.Guestinfo;
    const vmName = maybe(args.name ?? ctx.name);
    const spec = isOutput(ctx.bootstrap) ? pulumi.unsecret(ctx.bootstrap) : ctx.bootstrap;
    const nics = maybe(args.networkInterfaces ?? []) as Maybe<ResolvedNic[]>;
    const plan = mapMaybe(
      // The interfaces' names and MACs only, each resolved on its own: a preview in which another spec
      // value is unknown keeps the NICs (and their forcing `ovfMapping`) known.
      allMaybe<[string, ResolvedNic[], BootstrapSpec]>([vmName, nics, interfaceKeysSpec(ctx)]),
      ([vm, n, s]) =>
        lateCheck(ctx, () => planNics({ scope: currentMacScope(), component: ctx.name, vmName: vm }, n, s)),
    );
    const assignedMacAddresses = mapMaybe(plan, (p) => p.assignedMacAddresses);
    const documents = ctx.render(mapMaybe(assignedMacAddresses, (macs) => ({ assignedMacAddresses: macs })));
    const delivery = TRANSPORTS[transport]({ ctx, args, vmName, documents, assignedMacAddresses });
    const secret = mapMaybe(documents, (d) => d.containsSecrets);

    const vmArgs: VirtualMachineArgs = {
      ...(args.passthrough ?? {}),
      resourcePoolId: args.resourcePoolId,
      name: vmName,
    };
    for (const key of PLAIN_VM_ARGS)
      if (args[key] !== undefined) (vmArgs as Record<string, unknown>)[key] = args[key];
    if (args.networkInterfaces !== undefined) {
      vmArgs.networkInterfaces = mapMaybe(plan, (p) => p.nics);
    }
    if (delivery.cdroms !== undefined || args.cdroms !== undefined) {
      const ours = delivery.cdroms ?? [];
      const user = maybe(args.cdroms ?? []) as Maybe<VirtualMachineCdromArgs[]>;
      vmArgs.cdroms = mapMaybe(
        allMaybe<[VirtualMachineCdromArgs[], VirtualMachineCdromArgs[]]>([ours, user]),
        ([o, u]) => [...o, ...u],
      );
    }
    if (delivery.extraConfig !== undefined || args.extraConfig !== undefined) {
      vmArgs.extraConfig = mergedExtraConfig(args, transport, delivery, secret, ctx);
    }
    if (delivery.vappProperties !== undefined || args.vapp?.properties !== undefined) {
      vmArgs.vapp = mergedVapp(args, transport, delivery, secret, spec, ctx);
    }
    if (ctx.onChange === OnChange.Replace) {
      // The hash of documents holding secrets is derived from secrets: a secret then, like the documents.
      const contentHash = secretIf(
        secret,
        mapMaybe(documents, (d) => d.contentHash),
      );
      vmArgs.replaceTrigger =
        args.replaceTrigger === undefined
          ? contentHash
          : mapMaybe(
              allMaybe<[string, string]>([maybe(args.replaceTrigger), contentHash]),
              ([t, h]) => `${t}/${h}`,
            );
    } else if (args.replaceTrigger !== undefined) {
      vmArgs.replaceTrigger = args.replaceTrigger;
    }

    const vm = new VirtualMachine(ctx.childName("vm"), vmArgs, ctx.childOptions);
    return {
      documents,
      deliveredTo: delivery.description,
      target: vm,
      resources: { vsphereVm: vm, ...(delivery.seedIso !== undefined ? { seedIso: delivery.seedIso } : {}) },
      reportedAddresses: vm.guestIpAddresses,
    };
  },
};
