/**
 * The package schema's entry for `SeedIsoFile` (seed-image/seed-iso-file.ts), the custom resource the
 * plugin manages. Written here rather than inferred: Pulumi's analyzer infers components only. Mirrors
 * `SeedIsoInputs`/`SeedIsoOutputs` (seed-image/types.ts); the schema snapshot test shows any change.
 */
import { SEED_ISO_FILE_TYPE } from "../seed-image/seed-iso-file";

const T = "#/types/bootstrapped-vm:index:";
const PATH =
  "Where the ISO is written on the machine running `pulumi up` (relative: to its working directory).";
const FORMAT = "`nocloud` (volume label `cidata`) or `configDrive` (volume label `config-2`).";
const MODE =
  "Permission bits of the ISO file, e.g. 384 (0o600, owner only: the default a BootstrappedVm sets when the documents hold a password hash or private key) or 420 (0o644). Default 420.";

/** The resource and the types it adds to the package schema. */
export function seedIsoFileSchema(): { token: string; resource: object; types: Record<string, object> } {
  const resource = {
    description:
      "A NoCloud or config-drive v2 seed ISO written to a local file during `pulumi up` (never during preview) and removed on destroy. A BootstrappedVm with `seedImage` or vSphere `transport: nocloudIso` registers one as its child; its `files` are the rendered documents (a secret when they hold a password hash or private key), never the image bytes.",
    inputProperties: {
      path: { type: "string", description: PATH },
      format: { $ref: `${T}SeedImageFormat`, description: FORMAT },
      files: {
        type: "array",
        items: { $ref: `${T}SeedFile` },
        description: "The image's files, sorted by path.",
      },
      fileMode: { type: "integer", description: MODE },
    },
    requiredInputs: ["path", "format", "files"],
    properties: {
      path: { type: "string", description: "Where the ISO is." },
      format: { $ref: `${T}SeedImageFormat`, description: FORMAT },
      documentsHash: {
        type: "string",
        description:
          "SHA-256 of the documents the file holds; empty after a refresh found the file changed. A secret when the documents hold secrets.",
      },
      sha256: {
        type: "string",
        description: "Hex SHA-256 of the ISO file; a secret when the documents hold secrets.",
      },
      size: { type: "integer", description: "Size of the ISO file in bytes." },
      fileMode: {
        type: "integer",
        description: "Permission bits of the file (after a refresh: as found on disk).",
      },
    },
    required: ["path", "format", "documentsHash", "sha256", "size", "fileMode"],
  };
  const types = {
    "bootstrapped-vm:index:SeedFile": {
      type: "object",
      description:
        "One file of a seed image, as the renderers produced it; a config drive's repeated documents name the first copy in `sameAs` instead of carrying the content again.",
      properties: {
        path: {
          type: "string",
          description:
            "Slash-separated path inside the image, e.g. `meta-data`, `openstack/latest/meta_data.json`.",
        },
        content: {
          type: "string",
          description: "The content, as `encoding` says (absent when `sameAs` is set).",
        },
        encoding: {
          $ref: `${T}SeedFileEncoding`,
          description: "How `content` is written (absent when `sameAs` is set).",
        },
        sameAs: {
          type: "string",
          description: "Path of an earlier file in the list whose bytes this file repeats.",
        },
      },
      required: ["path"],
    },
    "bootstrapped-vm:index:SeedFileEncoding": {
      type: "string",
      description: "How a seed file's `content` is written.",
      enum: [
        { name: "Utf8", value: "utf8", description: "`content` is the file's UTF-8 text." },
        { name: "Base64", value: "base64", description: "`content` is base64 of the file's bytes." },
      ],
    },
  };
  return { token: SEED_ISO_FILE_TYPE, resource, types };
}
