/**
 * The user-data Nova receives, and Nova's size limit.
 *
 * Nova stores user data base64-encoded and rejects more than 65535 bytes of base64. The provider
 * (gophercloud) base64-encodes `userData` itself unless the string already is valid base64, in which case
 * it passes it through. So: plain user-data goes as text (a document starting with `#cloud-config`,
 * `#!` or `Content-Type:` is never valid base64) and is encoded exactly once; gzip-compressed user-data
 * (only when the spec asks for `userDataCompression: gzip`) goes as the base64 of the gzip bytes, which
 * gophercloud passes through and Nova decodes back to the gzip bytes cloud-init recognises by their
 * magic number. Never gzip twice, never base64 twice.
 */
import { encodeUserData } from "../../render/mime";
import type { RenderedDocuments } from "../../render/types";
import type { SpecProblem } from "../../core/problems";

/** Nova's limit on `user_data`, in bytes of base64. */
export const NOVA_USER_DATA_LIMIT = 65535;

export interface NovaUserData {
  /** The value for `openstack.compute.Instance.userData`. */
  value: string;
  /** Size of the base64 form Nova stores and limits. */
  base64Length: number;
  /** The bytes are gzip (and `value` is their base64). */
  compressed: boolean;
}

/** The `userData` value for Nova from the rendered documents. */
export function novaUserData(docs: Pick<RenderedDocuments, "userData" | "compressUserData">): NovaUserData {
  const bytes = encodeUserData(docs);
  const base64 = bytes.toString("base64");
  return docs.compressUserData
    ? { value: base64, base64Length: base64.length, compressed: true }
    : { value: docs.userData, base64Length: base64.length, compressed: false };
}

/** A problem (path `bootstrap`) when the user-data exceeds Nova's limit. */
export function novaUserDataProblems(userData: NovaUserData): SpecProblem[] {
  if (userData.base64Length <= NOVA_USER_DATA_LIMIT) return [];
  const fix = userData.compressed
    ? "even gzip-compressed; move large files out of the spec (fetch them in runcmd, or use an image with them)"
    : "set `userDataCompression: gzip` in the spec, or move large files out of it";
  return [
    {
      path: "bootstrap",
      message:
        `user-data is ${userData.base64Length} bytes after base64; Nova accepts at most ${NOVA_USER_DATA_LIMIT} ` +
        `(the config drive's openstack/latest/user_data): ${fix}.`,
    },
  ];
}
