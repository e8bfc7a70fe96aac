/**
 * Low-level field encoders of ECMA-119: both-byte-order integers (7.2.3, 7.3.3), the 7-byte
 * recording date (9.1.5), the 17-byte volume date (8.4.26.1) and space-padded text fields.
 */

/** Logical sector (and logical block) size used throughout the image. */
export const SECTOR_SIZE = 2048;

/** Number of sectors needed to hold `bytes` bytes. */
export function sectorsFor(bytes: number): number {
  return Math.ceil(bytes / SECTOR_SIZE);
}

/** ECMA-119 7.2.3: 16-bit value, little-endian then big-endian (4 bytes). */
export function writeBothEndian16(buf: Buffer, offset: number, value: number): void {
  buf.writeUInt16LE(value, offset);
  buf.writeUInt16BE(value, offset + 2);
}

/** ECMA-119 7.3.3: 32-bit value, little-endian then big-endian (8 bytes). */
export function writeBothEndian32(buf: Buffer, offset: number, value: number): void {
  buf.writeUInt32LE(value, offset);
  buf.writeUInt32BE(value, offset + 4);
}

/** ECMA-119 9.1.5: years since 1900, month, day, hour, minute, second, GMT offset (always UTC here). */
export function writeRecordingDate(buf: Buffer, offset: number, date: Date): void {
  buf[offset] = date.getUTCFullYear() - 1900;
  buf[offset + 1] = date.getUTCMonth() + 1;
  buf[offset + 2] = date.getUTCDate();
  buf[offset + 3] = date.getUTCHours();
  buf[offset + 4] = date.getUTCMinutes();
  buf[offset + 5] = date.getUTCSeconds();
  buf[offset + 6] = 0;
}

/** ECMA-119 8.4.26.1: "YYYYMMDDHHMMSScc" in ASCII digits plus a GMT offset byte (0 = UTC). */
export function writeVolumeDate(buf: Buffer, offset: number, date: Date): void {
  const pad = (n: number, width: number): string => String(n).padStart(width, "0");
  const text =
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1, 2) +
    pad(date.getUTCDate(), 2) +
    pad(date.getUTCHours(), 2) +
    pad(date.getUTCMinutes(), 2) +
    pad(date.getUTCSeconds(), 2) +
    pad(Math.floor(date.getUTCMilliseconds() / 10), 2);
  buf.write(text, offset, "latin1");
  buf[offset + 16] = 0;
}

/** ECMA-119 8.4.26.1: "not specified" is sixteen ASCII zeros and a zero offset byte. */
export function writeUnspecifiedVolumeDate(buf: Buffer, offset: number): void {
  buf.write("0".repeat(16), offset, "latin1");
  buf[offset + 16] = 0;
}

/** A text field of `width` bytes: ASCII text padded with spaces (0x20). */
export function writeAsciiField(buf: Buffer, offset: number, width: number, text: string): void {
  buf.fill(0x20, offset, offset + width);
  buf.write(text.slice(0, width), offset, "latin1");
}

/** A Joliet text field of `width` bytes: UCS-2 big-endian text padded with UCS-2 spaces (00 20). */
export function writeUcs2Field(buf: Buffer, offset: number, width: number, text: string): void {
  for (let i = 0; i + 1 < width; i += 2) {
    buf[offset + i] = 0x00;
    buf[offset + i + 1] = 0x20;
  }
  if (width % 2 === 1) buf[offset + width - 1] = 0x00;
  const encoded = encodeUcs2(text);
  encoded.copy(buf, offset, 0, Math.min(encoded.length, width - (width % 2)));
}

/**
 * A zero-filled buffer for the many small per-record pieces: carved from Node's shared pool
 * (`allocUnsafe`) and then zeroed, which is much cheaper than one ArrayBuffer per piece.
 */
export function zeroedSmallBuffer(size: number): Buffer {
  return Buffer.allocUnsafe(size).fill(0);
}

/** UTF-16 big-endian code units (UCS-2 for characters of the Basic Multilingual Plane). */
export function encodeUcs2(text: string): Buffer {
  const out = zeroedSmallBuffer(text.length * 2);
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return out;
}
