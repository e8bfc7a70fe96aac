/**
 * ECMA-119 8.4 primary volume descriptor, the Joliet supplementary volume descriptor (same layout,
 * type 2, UCS-2 text and the escape sequence "%/E" for UCS-2 level 3) and 8.3 the set terminator.
 */
import {
  SECTOR_SIZE,
  writeAsciiField,
  writeBothEndian16,
  writeBothEndian32,
  writeUcs2Field,
  writeUnspecifiedVolumeDate,
  writeVolumeDate,
} from "./encoding";
import { DOT_ID, recordingDate, writeDirectoryRecord } from "./directory-record";

const TYPE_PRIMARY = 1;
const TYPE_SUPPLEMENTARY = 2;
const TYPE_TERMINATOR = 255;
const JOLIET_LEVEL_3_ESCAPE = [0x25, 0x2f, 0x45];

/** What this writer records as the application that made the image. */
export const APPLICATION_ID = "BOOTSTRAPPED-VM";

export interface VolumeDescriptorInput {
  volumeId: string;
  volumeSpaceSectors: number;
  pathTableBytes: number;
  lPathTableSector: number;
  mPathTableSector: number;
  rootExtent: number;
  rootBytes: number;
  date: Date;
}

function writeHeader(buf: Buffer, offset: number, type: number): void {
  buf[offset] = type;
  buf.write("CD001", offset + 1, "latin1");
  buf[offset + 6] = 1; // version
}

function writeDescriptor(buf: Buffer, offset: number, type: number, v: VolumeDescriptorInput): void {
  const text = type === TYPE_PRIMARY ? writeAsciiField : writeUcs2Field;
  writeHeader(buf, offset, type);
  text(buf, offset + 8, 32, ""); // system identifier
  text(buf, offset + 40, 32, v.volumeId);
  writeBothEndian32(buf, offset + 80, v.volumeSpaceSectors);
  if (type === TYPE_SUPPLEMENTARY) Buffer.from(JOLIET_LEVEL_3_ESCAPE).copy(buf, offset + 88);
  writeBothEndian16(buf, offset + 120, 1); // volume set size
  writeBothEndian16(buf, offset + 124, 1); // volume sequence number
  writeBothEndian16(buf, offset + 128, SECTOR_SIZE);
  writeBothEndian32(buf, offset + 132, v.pathTableBytes);
  buf.writeUInt32LE(v.lPathTableSector, offset + 140);
  buf.writeUInt32BE(v.mPathTableSector, offset + 148);
  writeDirectoryRecord(buf, offset + 156, {
    extent: v.rootExtent,
    dataLength: v.rootBytes,
    directory: true,
    identifier: DOT_ID,
    date: recordingDate(v.date),
  });
  text(buf, offset + 190, 128, ""); // volume set identifier
  text(buf, offset + 318, 128, ""); // publisher identifier
  text(buf, offset + 446, 128, ""); // data preparer identifier
  text(buf, offset + 574, 128, APPLICATION_ID);
  text(buf, offset + 702, 37, ""); // copyright file identifier
  text(buf, offset + 739, 37, ""); // abstract file identifier
  text(buf, offset + 776, 37, ""); // bibliographic file identifier
  writeVolumeDate(buf, offset + 813, v.date); // creation
  writeVolumeDate(buf, offset + 830, v.date); // modification
  writeUnspecifiedVolumeDate(buf, offset + 847); // expiration
  writeUnspecifiedVolumeDate(buf, offset + 864); // effective
  buf[offset + 881] = 1; // file structure version
}

export function writePrimaryVolumeDescriptor(buf: Buffer, offset: number, v: VolumeDescriptorInput): void {
  writeDescriptor(buf, offset, TYPE_PRIMARY, v);
}

export function writeJolietVolumeDescriptor(buf: Buffer, offset: number, v: VolumeDescriptorInput): void {
  writeDescriptor(buf, offset, TYPE_SUPPLEMENTARY, v);
}

export function writeVolumeDescriptorSetTerminator(buf: Buffer, offset: number): void {
  writeHeader(buf, offset, TYPE_TERMINATOR);
}
