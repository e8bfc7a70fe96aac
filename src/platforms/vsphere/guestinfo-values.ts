/**
 * The guestinfo keys of one rendering, computed once: the size check at construction and the
 * `guestinfo` transport share them (gzip at level 9 is the costly part of a guestinfo rendering).
 */
import { inputPropertiesError, type ValidationProblem } from "../../component/errors";
import { GuestinfoSizeError, renderGuestinfo, type GuestinfoOptions } from "../../render/guestinfo";
import type { RenderedDocuments } from "../../render/types";
import type { VsphereArgs } from "./args";

/** The renderer options from `vsphere.guestinfo`. */
export function guestinfoOptions(args: VsphereArgs): GuestinfoOptions {
  return {
    ...(args.guestinfo?.redactUserData !== undefined
      ? { redactUserData: args.guestinfo.redactUserData }
      : {}),
    ...(args.guestinfo?.encoding !== undefined ? { encoding: args.guestinfo.encoding } : {}),
  };
}

/** A guestinfo size error as problems of the spec. */
export function guestinfoSizeToProblems(err: GuestinfoSizeError): ValidationProblem[] {
  return err.problems.map((p) => ({
    path: "bootstrap",
    message: `${p.key} would be ${p.size} bytes after gzip+base64, over the ${p.limit}-byte guestinfo value limit; shrink the spec (download large files in runcmd) or use transport "nocloudIso".`,
  }));
}

/** By documents object, then by options: the guestinfo keys already rendered. */
const rendered = new WeakMap<RenderedDocuments, Map<string, Record<string, string>>>();

/**
 * `renderGuestinfo(docs, options)`, rendered once per documents object and options (callers do not
 * modify the result). A value over the size limit is an `InputPropertiesError` on `bootstrap`.
 */
export function guestinfoValues(docs: RenderedDocuments, options: GuestinfoOptions): Record<string, string> {
  const key = `${options.redactUserData ?? ""}/${options.encoding ?? ""}`;
  let byOptions = rendered.get(docs);
  const found = byOptions?.get(key);
  if (found !== undefined) return found;
  let values: Record<string, string>;
  try {
    values = renderGuestinfo(docs, options);
  } catch (err) {
    if (!(err instanceof GuestinfoSizeError)) throw err;
    throw inputPropertiesError(guestinfoSizeToProblems(err));
  }
  if (byOptions === undefined) {
    byOptions = new Map();
    rendered.set(docs, byOptions);
  }
  byOptions.set(key, values);
  return values;
}
