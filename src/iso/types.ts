/** Public input types of the ISO 9660 writer. */

/** One file of the image. Directories are implied by the paths of the files they hold. */
export interface IsoFile {
  /** Slash-separated POSIX path without a leading slash, e.g. `openstack/latest/meta_data.json`. */
  path: string;
  /** The file's bytes (0 bytes up to 4 GiB - 1). */
  data: Uint8Array;
  /** Rock Ridge permission bits (0 to 0o7777); default 0o444 (r--r--r--). */
  mode?: number;
}

export interface IsoOptions {
  /** Volume label (1 to 32 printable ASCII characters; Joliet keeps the first 16), e.g. `cidata`. */
  volumeId: string;
  /** Every timestamp in the image (volume dates, records, Rock Ridge TF); default 2000-01-01T00:00:00Z. */
  timestamp?: Date;
  /** Write a Joliet (UCS-2) tree for Windows readers; default true. */
  joliet?: boolean;
  /** Write Rock Ridge (real POSIX names and modes) into the primary tree; default true. */
  rockRidge?: boolean;
}

/** The fixed epoch used when no timestamp is given: output never depends on the clock. */
export const DEFAULT_ISO_TIMESTAMP = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));
