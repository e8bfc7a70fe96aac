/**
 * Types shared by the seed-image provider, its input builders and its resources.
 * Everything here is plain data: it travels through Pulumi's state and the dynamic provider's gRPC calls.
 */

/** Which kind of seed image to write. */
export enum SeedImageFormat {
  /** NoCloud seed: volume label `cidata`, `user-data`, `meta-data`, optional `network-config`, `vendor-data`. */
  NoCloud = "nocloud",
  /** OpenStack config drive v2: volume label `config-2`, `openstack/latest/...` (also oVirt, libvirt). */
  ConfigDrive = "configDrive",
}

/** How a seed file's `content` is written in the provider's inputs. */
export enum SeedFileEncoding {
  /** `content` is the file's UTF-8 text (readable in `pulumi preview --diff`). */
  Utf8 = "utf8",
  /** `content` is base64 of the file's bytes (binary files, such as gzip-compressed user-data). */
  Base64 = "base64",
}

/**
 * One file of a seed image, as the renderers produced it. A config drive repeats the same documents under
 * every metadata version (`openstack/2012-08-10/user_data`, ..., `openstack/latest/user_data`); a repeat
 * names the first file with the same bytes in `sameAs` instead of carrying the content again, which keeps
 * the state small and the preview diff to one readable copy.
 */
export interface SeedFile {
  /** Slash-separated path inside the image, e.g. `meta-data`, `openstack/latest/meta_data.json`. */
  path: string;
  /** The content, as `encoding` says (absent when `sameAs` is set). */
  content?: string;
  /** How `content` is written (absent when `sameAs` is set). */
  encoding?: SeedFileEncoding;
  /** Path of an earlier file in the list whose bytes this file repeats. */
  sameAs?: string;
}

/**
 * The seed-image provider's inputs: the rendered documents (already password-hashed), never the image bytes.
 * The provider builds the ISO from them during `pulumi up` only.
 */
export interface SeedIsoInputs {
  /** Where the ISO is written on the machine that runs `pulumi up`; relative paths are relative to its working directory. */
  path: string;
  format: SeedImageFormat;
  /** The image's files, sorted by path. */
  files: SeedFile[];
  /**
   * Permission bits of the ISO file (e.g. `0o600`). The builders set `0o600` when the documents hold a
   * password hash or private key, else `0o644`; absent (inputs from older versions) means `0o644`.
   */
  fileMode?: number;
}

/** The file mode of a seed ISO whose documents hold secrets: readable by its owner only. */
export const SECRET_SEED_FILE_MODE = 0o600;
/** The file mode of a seed ISO without secrets. */
export const PLAIN_SEED_FILE_MODE = 0o644;

/** The provider's state: where the image is and what it holds, not the image itself. */
export interface SeedIsoOutputs {
  path: string;
  format: SeedImageFormat;
  /**
   * SHA-256 of the documents the file at `path` holds (over the sorted file list). Empty after a
   * refresh found the file changed behind Pulumi's back, so the next `pulumi up` writes it again.
   */
  documentsHash: string;
  /** Hex SHA-256 of the ISO file (after a refresh: of the file found on disk). */
  sha256: string;
  /** Size of the ISO file in bytes. */
  size: number;
  /** Permission bits of the file (after a refresh: as found on disk). */
  fileMode?: number;
}
