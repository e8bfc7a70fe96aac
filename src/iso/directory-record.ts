/** ECMA-119 9.1: directory records, and how a directory's records pack into its extent. */
import { SECTOR_SIZE, writeBothEndian16, writeBothEndian32, writeRecordingDate } from "./encoding";

const RECORD_HEADER = 33;
/** A record's length is one byte. */
export const MAX_RECORD_LENGTH = 255;
const FLAG_DIRECTORY = 0x02;

/** The identifier of a directory's own ("." ) record. */
export const DOT_ID: Buffer = Buffer.from([0]);
/** The identifier of a directory's parent ("..") record. */
export const DOTDOT_ID: Buffer = Buffer.from([1]);

/** Bytes a record takes before its system use area (9.1.12: a pad byte follows an even-length identifier). */
export function recordBaseLength(identifierLength: number): number {
  return RECORD_HEADER + identifierLength + (identifierLength % 2 === 0 ? 1 : 0);
}

export interface DirectoryRecord {
  extent: number;
  dataLength: number;
  directory: boolean;
  identifier: Uint8Array;
  /** The 7-byte recording date (`recordingDate`), shared by every record of an image. */
  date: Uint8Array;
  systemUse?: Uint8Array;
}

/** ECMA-119 9.1.5 recording date of `date`, encoded once per image. */
export function recordingDate(date: Date): Buffer {
  const out = Buffer.alloc(7);
  writeRecordingDate(out, 0, date);
  return out;
}

/** Writes one record at `offset`; returns its length. */
export function writeDirectoryRecord(buf: Buffer, offset: number, record: DirectoryRecord): number {
  const idLength = record.identifier.length;
  const base = recordBaseLength(idLength);
  const length = base + (record.systemUse?.length ?? 0);
  buf[offset] = length;
  // offset + 1: extended attribute record length 0 (the image is zero-filled)
  writeBothEndian32(buf, offset + 2, record.extent);
  writeBothEndian32(buf, offset + 10, record.dataLength);
  buf.set(record.date, offset + 18);
  buf[offset + 25] = record.directory ? FLAG_DIRECTORY : 0;
  // offset + 26, 27: file unit size and interleave gap 0
  writeBothEndian16(buf, offset + 28, 1); // volume sequence number
  buf[offset + 32] = idLength;
  buf.set(record.identifier, offset + 33);
  if (record.systemUse) buf.set(record.systemUse, offset + base);
  return length;
}

/**
 * 6.8.1.1: a record never crosses a sector boundary; the rest of the sector stays zero.
 * Returns the offset (relative to the extent start) where a record of `length` bytes goes.
 */
export function placeRecord(used: number, length: number): number {
  const left = SECTOR_SIZE - (used % SECTOR_SIZE);
  return length > left ? used + left : used;
}
