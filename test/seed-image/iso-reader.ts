/**
 * Reads files back from an ISO image with `isoinfo` (genisoimage), an independent reader, through the
 * Rock Ridge names. Fails loudly when isoinfo is missing: these checks are never skipped.
 */
import { spawnSync } from "node:child_process";

function isoinfo(args: string[]): string {
  const r = spawnSync("isoinfo", args, { encoding: "latin1", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) {
    throw new Error(
      `isoinfo is NOT installed (${r.error.message}); apt-get install -y genisoimage (bash .ci/run does this)`,
    );
  }
  if (r.status !== 0) throw new Error(`isoinfo ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

/** The content of `path` (e.g. `/openstack/latest/meta_data.json`) inside the image file `image`. */
export function readIsoFile(image: string, path: string): string {
  return readIsoBytes(image, path).toString("utf8");
}

/** The bytes of `path` inside the image file `image`. */
export function readIsoBytes(image: string, path: string): Buffer {
  return Buffer.from(isoinfo(["-i", image, "-R", "-x", path]), "latin1");
}

/** The volume label (`Volume id:` of `isoinfo -d`). */
export function isoVolumeId(image: string): string {
  const m = /^Volume id:\s*(.*)$/m.exec(isoinfo(["-d", "-i", image]));
  if (!m) throw new Error(`isoinfo -d printed no volume id for ${image}`);
  return m[1]!.trim();
}

/** Every file path in the image through Rock Ridge (`isoinfo -f -R`), sorted. */
export function isoFilePaths(image: string): string[] {
  return isoinfo(["-f", "-R", "-i", image])
    .split("\n")
    .filter((l) => l !== "")
    .sort();
}
