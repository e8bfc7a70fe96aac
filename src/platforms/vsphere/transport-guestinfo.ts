/**
 * `guestinfo` transport (default), for cloud-init >= 21.3 (DataSourceVMware), or any cloud-init when the
 * template has the bootstrapped-vm seeder (`guestinfo.seeder`): the documents go into
 * the VM's extraConfig as `guestinfo.metadata`, `guestinfo.userdata`, `guestinfo.vendordata`, each
 * with `.encoding`; the network config travels inside metadata. User-data and vendor-data are
 * redacted by cloud-init after reading (metadata `redact`) as `guestinfo.redact` says (default: when
 * they hold secrets, see guestinfo-values.ts). A value over `guestinfo.maxValueBytes` (default 64 KiB)
 * even as gzip+base64 fails at preview with an error naming the key.
 */
import { allMaybe, isOutput, mapMaybe } from "../../core/maybe";
import { inputPropertiesError, prefixProblems } from "../../core/errors";
import type { RenderedDocuments } from "../../render/types";
import type { BootstrapSpec } from "../../spec/types";
import { keyNames, type VsphereTransportBuilder } from "./transport";
import { lateCheck } from "../platform";
import { guestinfoOptions, guestinfoValues } from "./guestinfo-values";
import { VsphereTransport } from "./args";
import { guestinfoTargetProblem } from "./validate";

/**
 * Where the guestinfo transport delivers: the VM and its extraConfig keys holding documents (the component's
 * `deliveredTo`), and what reads them in the guest. Takes the extraConfig or the names of its keys.
 */
export function guestinfoDeliveredTo(
  vm: string,
  extraConfig: Record<string, string> | readonly string[],
  seeder = false,
): string {
  const values = (Array.isArray(extraConfig) ? extraConfig : Object.keys(extraConfig))
    .filter((k) => !k.endsWith(".encoding"))
    .sort();
  const reader = seeder ? "bootstrapped-vm seeder, NoCloud" : "VMware datasource";
  return `vSphere VM "${vm}": extraConfig ${values.join(", ")} (${reader})`;
}

export const guestinfoTransport: VsphereTransportBuilder = ({ ctx, args, vmName, documents }) => {
  const seeder = args.guestinfo?.seeder === true;
  // A spec known at construction was checked there (validateVsphereArgs); one known only now is checked here.
  const checked = isOutput(ctx.spec)
    ? mapMaybe(allMaybe<[RenderedDocuments, BootstrapSpec]>([documents, ctx.spec]), ([docs, spec]) => {
        const problem = guestinfoTargetProblem(VsphereTransport.Guestinfo, spec, seeder);
        if (problem !== undefined) ctx.fail(inputPropertiesError(prefixProblems("vsphere", [problem])));
        return docs;
      })
    : documents;
  const extraConfig = mapMaybe(checked, (docs) =>
    lateCheck(ctx, () => guestinfoValues(docs, guestinfoOptions(args, docs))),
  );
  return {
    extraConfig,
    description: mapMaybe(allMaybe<[string, string[]]>([vmName, keyNames(extraConfig)]), ([vm, keys]) =>
      guestinfoDeliveredTo(vm, keys, seeder),
    ),
  };
};
