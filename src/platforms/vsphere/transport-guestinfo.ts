/**
 * `guestinfo` transport (default), for cloud-init >= 21.3 (DataSourceVMware): the documents go into
 * the VM's extraConfig as `guestinfo.metadata`, `guestinfo.userdata`, `guestinfo.vendordata`, each
 * with `.encoding`; the network config travels inside metadata. User-data and vendor-data are
 * redacted by cloud-init after reading (metadata `redact`) as `guestinfo.redact` says (default: when
 * they hold secrets, see guestinfo-values.ts). A value over `guestinfo.maxValueBytes` (default 64 KiB)
 * even as gzip+base64 fails at preview with an error naming the key.
 */
import { allMaybe, mapMaybe } from "../../core/maybe";
import type { VsphereTransportBuilder } from "./transport";
import { guestinfoOptions, guestinfoValues } from "./guestinfo-values";

/** Where the guestinfo transport delivers: the VM and its extraConfig keys holding documents (the component's `deliveredTo`). */
export function guestinfoDeliveredTo(vm: string, extraConfig: Record<string, string>): string {
  const values = Object.keys(extraConfig)
    .filter((k) => !k.endsWith(".encoding"))
    .sort();
  return `vSphere VM "${vm}": extraConfig ${values.join(", ")} (VMware datasource)`;
}

export const guestinfoTransport: VsphereTransportBuilder = ({ args, vmName, documents }) => {
  const extraConfig = mapMaybe(documents, (docs) => guestinfoValues(docs, guestinfoOptions(args, docs)));
  return {
    extraConfig,
    description: mapMaybe(allMaybe<[string, Record<string, string>]>([vmName, extraConfig]), ([vm, keys]) =>
      guestinfoDeliveredTo(vm, keys),
    ),
  };
};
