/**
 * The snippet files (pure): which NoCloud documents are uploaded, their exact text, their file names, and
 * Proxmox's size limits.
 *
 * Proxmox copies a `cicustom` snippet verbatim into its NoCloud drive in place of the document it would
 * generate (qemu-server src/PVE/QemuServer/Cloudinit.pm:610-635 `generate_nocloud`, 637-683
 * `get_custom_cloudinit_files`): `/user-data`, `/meta-data`, `/network-config`, `/vendor-data` on a
 * `cidata` ISO. So the snippets are exactly the NoCloud seed files (`renderNoCloudFiles`).
 */
import type { SpecProblem } from "../../core/problems";
import { renderNoCloudFiles } from "../../render/nocloud";
import type { RenderedDocuments } from "../../render/types";
import { hmacSha256, sha256Hex } from "../../util/hash";

/** The NoCloud documents, in upload order, with the `initialization` field each one goes to. */
export const SNIPPET_DOCUMENTS = [
  { document: "user-data", field: "userDataFileId", cicustom: "user" },
  { document: "meta-data", field: "metaDataFileId", cicustom: "meta" },
  { document: "network-config", field: "networkDataFileId", cicustom: "network" },
  { document: "vendor-data", field: "vendorDataFileId", cicustom: "vendor" },
] as const;

export type SnippetDocument = (typeof SNIPPET_DOCUMENTS)[number]["document"];

/** Proxmox reads each snippet with a 1 MiB limit (pve-common src/PVE/File.pm:168-188 `safe_read_from`). */
export const SNIPPET_MAX_BYTES = 1024 * 1024;
/** Proxmox refuses more than 3 MiB of documents in all (Cloudinit.pm:622-626). */
export const SNIPPETS_TOTAL_MAX_BYTES = 3 * 1024 * 1024;

/** The snippets' text by document (a plain object: it passes through Outputs), in upload order. */
export type SnippetContents = Partial<Record<SnippetDocument, string>>;

/** The snippets' text; absent documents (no network, no vendor-data) are absent here. */
export function snippetContents(docs: RenderedDocuments): SnippetContents {
  const files = renderNoCloudFiles({ ...docs, compressUserData: false });
  const contents: SnippetContents = {};
  for (const { document } of SNIPPET_DOCUMENTS) {
    const bytes = files.get(document);
    if (bytes !== undefined) contents[document] = bytes.toString("utf8");
  }
  return contents;
}

/** Problems (paths from `bootstrap`) that keep the documents from reaching the guest through snippets. */
export function snippetProblems(docs: RenderedDocuments): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (docs.compressUserData) {
    problems.push({
      path: "bootstrap.userDataCompression",
      message:
        "Proxmox snippets are uploaded as text (the provider's file resource takes `sourceRaw.data` as a " +
        "string) and copied verbatim, so gzip bytes cannot pass; remove `userDataCompression` (a snippet may " +
        "hold up to 1 MiB).",
    });
    return problems;
  }
  if (docs.network === undefined) {
    // Proxmox always writes /network-config: without a snippet it generates one from the VM's ipconfigN and,
    // with none set, it holds only a nameserver entry from the node's resolv.conf (Cloudinit.pm:527-596 and
    // 127-143, 615): cloud-init then configures no interface at all, instead of its DHCP fallback.
    problems.push({
      path: "bootstrap.network",
      message:
        "Proxmox writes its own network-config when no snippet replaces it (from the VM's ipconfigN; without " +
        "them only the node's DNS servers, so no interface comes up): give the spec a network, e.g. " +
        "`{ interfaces: [{ dhcp4: true }] }`.",
    });
  }
  let total = 0;
  for (const [document, text] of Object.entries(snippetContents(docs))) {
    const size = Buffer.byteLength(text, "utf8");
    total += size;
    if (size > SNIPPET_MAX_BYTES) {
      problems.push({
        path: "bootstrap",
        message:
          `${document} is ${size} bytes; Proxmox reads at most ${SNIPPET_MAX_BYTES} bytes per snippet: move ` +
          "large files out of the spec (fetch them in runcmd, or bake them into the image).",
      });
    }
  }
  if (total > SNIPPETS_TOTAL_MAX_BYTES && problems.length === 0) {
    problems.push({
      path: "bootstrap",
      message:
        `the documents are ${total} bytes in all; Proxmox refuses more than ${SNIPPETS_TOTAL_MAX_BYTES} on ` +
        "its cloud-init drive: move large files out of the spec.",
    });
  }
  return problems;
}

/** File names: letters, digits, `.`, `_`, `-` (anything else becomes `-`). */
export function safeFileNamePart(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, "-");
}

/** The default prefix of the snippet file names: project, stack and component name. */
export function defaultSnippetPrefix(project: string, stack: string, name: string): string {
  return safeFileNamePart(`${project}-${stack}-${name}`);
}

/**
 * The 16-hex tag that names one version of a document: its SHA-256, or, with `key` (documents derived
 * from secrets), HMAC-SHA-256 under that random key, so the name (part of the file's resource id, which
 * Pulumi never encrypts) gives no way to test guesses of a password.
 */
export function contentTag(content: string, key?: string): string {
  const digest = key === undefined ? sha256Hex(content) : hmacSha256(key, content).toString("hex");
  return digest.slice(0, 16);
}

/** `<prefix>-<document>` or, with a tag, `<prefix>-<document>-<tag>`. */
export function snippetFileName(prefix: string, document: SnippetDocument, tag?: string): string {
  return tag === undefined ? `${prefix}-${document}` : `${prefix}-${document}-${tag}`;
}

/**
 * A snippet file's volume id, `<datastore>:snippets/<file name>`: the id the provider gives the file
 * (bpg terraform-provider-proxmox proxmoxtf/resource/file.go:286-288 `fileVolumeID.String`, set by
 * `d.SetId` at 636 from `fileGetVolumeID`, 781-799: the `datastore_id`, the `content_type` and
 * `source_raw.file_name` as given) and the form `initialization.*_file_id` accepts
 * (proxmoxtf/resource/validators/file.go:41-60).
 */
export function snippetVolumeId(datastoreId: string, fileName: string): string {
  return `${datastoreId}:snippets/${fileName}`;
}
