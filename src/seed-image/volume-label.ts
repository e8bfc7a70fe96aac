import { SeedImageFormat } from "./types";

/** The volume labels cloud-init looks for. */
const LABELS: Record<string, SeedImageFormat> = {
  cidata: SeedImageFormat.NoCloud,
  "config-2": SeedImageFormat.ConfigDrive,
};

/** The seed format of an ISO image, from its primary volume label (sector 16, bytes 40-71). */
export function isoVolumeLabelFormat(image: Uint8Array): SeedImageFormat {
  const label = Buffer.from(image.subarray(16 * 2048 + 40, 16 * 2048 + 72))
    .toString("latin1")
    .trim()
    .toLowerCase();
  const format = LABELS[label];
  if (!format)
    throw new Error(`not a seed image: volume label "${label}" is neither "cidata" nor "config-2"`);
  return format;
}
