/**
 * ECMA-119 9.4: the path table lists every directory in order of level, then parent number, then
 * identifier — the breadth-first order of the sorted tree. Written once little-endian (type L) and
 * once big-endian (type M).
 */

export interface PathTableEntry {
  identifier: Buffer;
  extent: number;
  /** 1-based number of the parent directory in this same table (the root is its own parent, 1). */
  parentNumber: number;
}

function entryLength(identifier: Buffer): number {
  return 8 + identifier.length + (identifier.length % 2);
}

/** Size in bytes of a path table whose directories have these identifiers. */
export function pathTableBytes(identifiers: readonly Buffer[]): number {
  let total = 0;
  for (const id of identifiers) total += entryLength(id);
  return total;
}

/** Writes the table at `offset`, little-endian (`"L"`) or big-endian (`"M"`). */
export function writePathTable(
  buf: Buffer,
  offset: number,
  entries: readonly PathTableEntry[],
  byteOrder: "L" | "M",
): void {
  let at = offset;
  for (const e of entries) {
    buf[at] = e.identifier.length;
    buf[at + 1] = 0; // extended attribute record length
    if (byteOrder === "L") {
      buf.writeUInt32LE(e.extent, at + 2);
      buf.writeUInt16LE(e.parentNumber, at + 6);
    } else {
      buf.writeUInt32BE(e.extent, at + 2);
      buf.writeUInt16BE(e.parentNumber, at + 6);
    }
    e.identifier.copy(buf, at + 8);
    at += entryLength(e.identifier);
  }
}
