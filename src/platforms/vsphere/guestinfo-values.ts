/**
 * The guestinfo keys of one rendering, computed once: the size check at construction and the
 * `guestinfo` transport share them (gzip at level 9 is the costly part of a guestinfo rendering).
 */
import { inputPropertiesError } from "../../core/errors";
import { GuestinfoSizeError, renderGuestinfo, type GuestinfoOptions } from "../../render/guestinfo";
import type { RenderedDocuments } from "../../render/types";
import { GuestinfoRedact, type VsphereArgs } from "./args";
import { vsphereWording } from "./wording";

/**
 * The renderer options from `vsphere.guestinfo` for these documents. Redaction (`redact`, default
 * `secrets`): cloud-init's VMware datasource blanks the listed keys with `vmware-rpctool "info-set
 * guestinfo.<key> ---"` (cloudinit/sources/DataSourceVMware.py:283-293, 485-504, cloud-init 22.4.2);
 * guest-set guestinfo keys show in the VM's `config.extraConfig` (vm-operator must ignore the
 * guest-set `guestinfo.appInfo`, pkg/util/vsphere/watcher/watcher.go:106-167), and the provider reads
 * the configured keys back from there (terraform-provider-vsphere v2.16.1
 * vsphere/virtual_machine_config_structure.go:759-774), so a redacted key differs from the input on
 * every later diff (an update, with `extraConfigRebootRequired` a reboot: lines 683-694). Redacting
 * only when the documents hold secrets keeps secret-free VMs free of that diff.
 */
export function guestinfoOptions(args: VsphereArgs, docs: RenderedDocuments): GuestinfoOptions {
  const o = args.guestinfo;
  const policy =
    o?.redact ??
    (o?.redactUserData === undefined
      ? GuestinfoRedact.Secrets
      : o.redactUserData
        ? GuestinfoRedact.Always
        : GuestinfoRedact.Never);
  const redact =
    policy === GuestinfoRedact.Always || (policy === GuestinfoRedact.Secrets && docs.containsSecrets);
  const redactKeys: ("userdata" | "vendordata")[] = !redact
    ? []
    : docs.vendorData !== undefined
      ? ["userdata", "vendordata"]
      : ["userdata"];
  return {
    redactKeys,
    ...(o?.encoding !== undefined ? { encoding: o.encoding } : {}),
    ...(o?.maxValueBytes !== undefined ? { valueLimit: o.maxValueBytes } : {}),
  };
}

/** By documents object, then by options: the guestinfo keys already rendered. */
const rendered = new WeakMap<RenderedDocuments, Map<string, Record<string, string>>>();

/**
 * `renderGuestinfo(docs, options)`, rendered once per documents object and options (callers do not
 * modify the result). A value over the size limit is an `InputPropertiesError` on `bootstrap`.
 */
export function guestinfoValues(docs: RenderedDocuments, options: GuestinfoOptions): Record<string, string> {
  const key = `${(options.redactKeys ?? []).join(",")}/${options.encoding ?? ""}/${options.valueLimit ?? ""}`;
  let byOptions = rendered.get(docs);
  const found = byOptions?.get(key);
  if (found !== undefined) return found;
  let values: Record<string, string>;
  try {
    values = renderGuestinfo(docs, options);
  } catch (err) {
    if (!(err instanceof GuestinfoSizeError)) throw err;
    throw inputPropertiesError(err.specProblems("bootstrap", vsphereWording));
  }
  if (byOptions === undefined) {
    byOptions = new Map();
    rendered.set(docs, byOptions);
  }
  byOptions.set(key, values);
  return values;
}
