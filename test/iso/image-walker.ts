/**
 * A deliberately small, independent walker over an image's directory records (written from
 * ECMA-119 and SUSP, not from the writer's code). Used to say where timestamps live in an image.
 */

const SECTOR = 2048;

export interface ByteRange {
  start: number;
  end: number;
}

/** Every recording-date field and Rock Ridge TF entry of the tree rooted at the descriptor in `sector`. */
function dateRangesOfTree(img: Buffer, descriptorSector: number, out: ByteRange[]): void {
  const rootRecord = descriptorSector * SECTOR + 156;
  out.push({ start: rootRecord + 18, end: rootRecord + 25 });
  const seen = new Set<number>();
  const visit = (extent: number, size: number): void => {
    if (seen.has(extent)) return;
    seen.add(extent);
    for (let sector = 0; sector < size / SECTOR; sector++) {
      let at = (extent + sector) * SECTOR;
      const end = at + SECTOR;
      while (at < end && img[at] !== 0) {
        const length = img[at] ?? 0;
        out.push({ start: at + 18, end: at + 25 });
        const idLength = img[at + 32] ?? 0;
        let su = at + 33 + idLength + (idLength % 2 === 0 ? 1 : 0);
        while (su + 4 <= at + length) {
          const sig = img.toString("latin1", su, su + 2);
          const suLength = img[su + 2] ?? 0;
          if (suLength === 0) break;
          if (sig === "TF") out.push({ start: su + 5, end: su + suLength });
          su += suLength;
        }
        const isDir = ((img[at + 25] ?? 0) & 2) !== 0;
        const isSelfOrParent = idLength === 1 && (img[at + 33] ?? 0) <= 1;
        if (isDir && !isSelfOrParent) visit(img.readUInt32LE(at + 2), img.readUInt32LE(at + 10));
        at += length;
      }
    }
  };
  visit(img.readUInt32LE(rootRecord + 2), img.readUInt32LE(rootRecord + 10));
}

/**
 * The byte ranges that may change when only the timestamp changes: creation and modification dates
 * of each volume descriptor, every directory record's date and every TF entry.
 */
export function timestampRanges(img: Buffer): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (let sector = 16; ; sector++) {
    const type = img[sector * SECTOR];
    if (img.toString("latin1", sector * SECTOR + 1, sector * SECTOR + 6) !== "CD001" || type === 255) break;
    ranges.push({ start: sector * SECTOR + 813, end: sector * SECTOR + 847 });
    dateRangesOfTree(img, sector, ranges);
  }
  return ranges;
}

/** Offsets where two equally long buffers differ. */
export function differingOffsets(a: Buffer, b: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(i);
  return out;
}
