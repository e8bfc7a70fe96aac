/** What a vSphere transport contributes to the VM, and what it gets to build it. */
import * as pulumi from "@pulumi/pulumi";
import { isOutput, type Maybe } from "../../core/maybe";
import type { PlatformContext } from "../platform";
import type { RenderedDocuments } from "../../render/types";
import type { VirtualMachineCdromArgs } from "../../providers/vsphere";
import type { SeedIso } from "../../seed-image/seed-iso-file";
import type { VsphereArgs } from "./args";

/** Inputs of a transport builder (plain when known at construction, see `maybe.ts`). */
export interface VsphereTransportInput {
  readonly ctx: PlatformContext;
  readonly args: VsphereArgs;
  /** The VM's name in vCenter. */
  readonly vmName: Maybe<string>;
  /** The documents rendered with the NICs' MACs. */
  readonly documents: Maybe<RenderedDocuments>;
  /** The MACs given to the renderer, by spec interface index. */
  readonly assignedMacAddresses: Maybe<(string | undefined)[]>;
}

/** What a transport adds to the VirtualMachine. */
export interface VsphereDelivery {
  /** extraConfig keys the transport owns (merged with the user's; a collision is an error). */
  readonly extraConfig?: Maybe<Record<string, string>>;
  /** vApp properties the transport owns (merged with the user's; a collision is an error). */
  readonly vappProperties?: Maybe<Record<string, string>>;
  /** CD-ROMs placed before the user's. */
  readonly cdroms?: Maybe<VirtualMachineCdromArgs[]>;
  /** The seed ISO the transport writes locally (`nocloudIso`), exposed as the component's `seedIso`. */
  readonly seedIso?: SeedIso;
  /** Readable description of where the documents go (`extraConfig guestinfo.metadata, ...`). */
  readonly description: Maybe<string>;
}

export type VsphereTransportBuilder = (input: VsphereTransportInput) => VsphereDelivery;

/**
 * The names of a transport's keys (extraConfig keys, vApp properties), for the description: readable even
 * when the values are secret, as `deliveredTo` is never a secret (docs/component.md, "Outputs"). The names
 * are the transport's own; which of them exist says only whether the spec has vendor-data or a network,
 * never a secret's content. The values' secretness would otherwise make the whole description secret
 * whenever a secret Input reaches meta-data (a secret host name).
 */
export function keyNames(values: Maybe<Record<string, string>>): Maybe<string[]> {
  return isOutput(values) ? pulumi.unsecret(values.apply((v) => Object.keys(v))) : Object.keys(values);
}
