/**
 * `guestinfo` transport (default), for cloud-init >= 21.3 (DataSourceVMware): the documents go into
 * the VM's extraConfig as `guestinfo.metadata`, `guestinfo.userdata`, `guestinfo.vendordata`, each
 * with `.encoding`; the network config travels inside metadata. User-data is redacted by cloud-init
 * after reading (metadata `redact`) unless `guestinfo.redactUserData` is false. A value over the
 * 64 KiB guestinfo ceiling even as gzip+base64 fails the deployment with an error naming the key.
 */
import * as pulumi from "@pulumi/pulumi";
import { GuestinfoSizeError, renderGuestinfo } from "../../render/guestinfo";
import { inputPropertiesError } from "../../component/errors";
import type { VsphereTransportBuilder } from "./transport";
import { guestinfoSizeToProblems } from "./validate";

export const guestinfoTransport: VsphereTransportBuilder = ({ args, vmName, documents }) => {
  const options = {
    ...(args.guestinfo?.redactUserData !== undefined
      ? { redactUserData: args.guestinfo.redactUserData }
      : {}),
    ...(args.guestinfo?.encoding !== undefined ? { encoding: args.guestinfo.encoding } : {}),
  };
  const extraConfig = documents.apply((docs) => {
    try {
      return renderGuestinfo(docs, options);
    } catch (err) {
      if (!(err instanceof GuestinfoSizeError)) throw err;
      throw inputPropertiesError(guestinfoSizeToProblems(err));
    }
  });
  return {
    extraConfig,
    description: pulumi.all([vmName, extraConfig]).apply(([vm, keys]) => {
      const values = Object.keys(keys)
        .filter((k) => !k.endsWith(".encoding"))
        .sort();
      return `vSphere VM "${vm}": extraConfig ${values.join(", ")} (VMware datasource)`;
    }),
  };
};
