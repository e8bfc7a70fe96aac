/** What a vSphere transport contributes to the VM, and what it gets to build it. */
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformContext } from "../platform";
import type { RenderedDocuments } from "../../render/types";
import type { VirtualMachineCdromArgs } from "../../providers/vsphere";
import type { VsphereArgs } from "./args";

/** Inputs of a transport builder. */
export interface VsphereTransportInput {
  readonly ctx: PlatformContext;
  readonly args: VsphereArgs;
  /** The VM's name in vCenter. */
  readonly vmName: pulumi.Output<string>;
  /** The documents rendered with the NICs' MACs. */
  readonly documents: pulumi.Output<RenderedDocuments>;
  /** The MACs given to the renderer, by spec interface index. */
  readonly assignedMacAddresses: pulumi.Output<(string | undefined)[]>;
}

/** What a transport adds to the VirtualMachine. */
export interface VsphereDelivery {
  /** extraConfig keys the transport owns (merged with the user's; a collision is an error). */
  readonly extraConfig?: pulumi.Output<Record<string, string>>;
  /** vApp properties the transport owns (merged with the user's; a collision is an error). */
  readonly vappProperties?: pulumi.Output<Record<string, string>>;
  /** CD-ROMs placed before the user's. */
  readonly cdroms?: pulumi.Output<VirtualMachineCdromArgs[]>;
  /** Readable description of where the documents go (`extraConfig guestinfo.metadata, ...`). */
  readonly description: pulumi.Output<string>;
}

export type VsphereTransportBuilder = (input: VsphereTransportInput) => VsphereDelivery;
