/**
 * System Use Sharing Protocol (SUSP, IEEE P1281) and Rock Ridge (RRIP 1.09 "RRIP_1991A", IEEE P1282)
 * entries for the primary tree's directory records: SP, CE and ER from SUSP; RR, PX, TF and NM from RRIP.
 *
 * Each record carries RR + PX + TF (+ NM with the real POSIX name). When that does not fit in the
 * record (a record is at most 255 bytes), the NM entries move to a continuation area (CE). The root
 * directory's "." record starts with SP and points (CE) to the ER entry that announces Rock Ridge.
 */
import { writeBothEndian32, writeRecordingDate, zeroedSmallBuffer } from "./encoding";

export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;

const RR_FLAG_PX = 0x01;
const RR_FLAG_NM = 0x08;
const RR_FLAG_TF = 0x80;
const TF_MODIFY_ACCESS_ATTRIBUTES = 0x02 | 0x04 | 0x08;

const SP_LENGTH = 7;
const RR_LENGTH = 5;
const PX_LENGTH = 36;
const TF_LENGTH = 5 + 3 * 7;
const CE_LENGTH = 28;
const NM_HEADER = 5;
/** Longest name chunk one NM entry holds (its length byte covers the 5-byte header too). */
const NM_MAX_CHUNK = 255 - NM_HEADER;

const ER_ID = "RRIP_1991A";
const ER_DESCRIPTOR = "THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS";
const ER_SOURCE =
  "PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  SEE PUBLISHER IDENTIFIER IN PRIMARY " +
  "VOLUME DESCRIPTOR FOR CONTACT INFORMATION.";

const EMPTY = Buffer.alloc(0);

/** Which record of a directory the system use area belongs to. */
export type RecordRole = "root-dot" | "dot" | "dotdot" | "entry";

export interface SystemUseInput {
  role: RecordRole;
  /** st_mode including the file type bits. */
  mode: number;
  nlink: number;
  date: Date;
  /** The POSIX name (entries only). */
  name?: Buffer;
}

/**
 * The system use bytes of one record. `continuation`, when present, must be written at the location
 * patched into `inline` by `setContinuationLocation` before the record is copied into the image.
 */
export interface SystemUse {
  inline: Buffer;
  continuation?: Buffer;
  /** Offset of the CE entry inside `inline`. */
  ceOffset?: number;
}

function header(buf: Buffer, at: number, sig: string, length: number): void {
  buf.write(sig, at, "latin1");
  buf[at + 2] = length;
  buf[at + 3] = 1;
}

function writeSp(buf: Buffer, at: number): number {
  header(buf, at, "SP", SP_LENGTH);
  buf[at + 4] = 0xbe;
  buf[at + 5] = 0xef;
  buf[at + 6] = 0; // LEN_SKP: no bytes skipped before SUSP entries
  return at + SP_LENGTH;
}

function writeRr(buf: Buffer, at: number, flags: number): number {
  header(buf, at, "RR", RR_LENGTH);
  buf[at + 4] = flags;
  return at + RR_LENGTH;
}

function writePx(buf: Buffer, at: number, mode: number, nlink: number): number {
  header(buf, at, "PX", PX_LENGTH);
  writeBothEndian32(buf, at + 4, mode);
  writeBothEndian32(buf, at + 12, nlink);
  writeBothEndian32(buf, at + 20, 0); // uid root
  writeBothEndian32(buf, at + 28, 0); // gid root
  return at + PX_LENGTH;
}

function writeTf(buf: Buffer, at: number, date: Date): number {
  header(buf, at, "TF", TF_LENGTH);
  buf[at + 4] = TF_MODIFY_ACCESS_ATTRIBUTES;
  for (let i = 0; i < 3; i++) writeRecordingDate(buf, at + 5 + i * 7, date);
  return at + TF_LENGTH;
}

function nmEntries(name: Buffer): Buffer {
  const chunks = Math.max(1, Math.ceil(name.length / NM_MAX_CHUNK));
  const out = zeroedSmallBuffer(name.length + chunks * NM_HEADER);
  let at = 0;
  for (let i = 0; i < chunks; i++) {
    const part = name.subarray(i * NM_MAX_CHUNK, (i + 1) * NM_MAX_CHUNK);
    header(out, at, "NM", NM_HEADER + part.length);
    out[at + 4] = i < chunks - 1 ? 0x01 : 0x00; // CONTINUE flag on all but the last chunk
    part.copy(out, at + NM_HEADER);
    at += NM_HEADER + part.length;
  }
  return out;
}

function erEntry(): Buffer {
  const length = 8 + ER_ID.length + ER_DESCRIPTOR.length + ER_SOURCE.length;
  const out = Buffer.alloc(length);
  header(out, 0, "ER", length);
  out[4] = ER_ID.length;
  out[5] = ER_DESCRIPTOR.length;
  out[6] = ER_SOURCE.length;
  out[7] = 1; // extension version
  out.write(ER_ID + ER_DESCRIPTOR + ER_SOURCE, 8, "latin1");
  return out;
}

/** Builds the system use area of one record; `room` is how many bytes the record has left for it. */
export function buildSystemUse(input: SystemUseInput, room: number): SystemUse {
  const isEntry = input.role === "entry";
  const names = isEntry && input.name ? nmEntries(input.name) : EMPTY;
  const fixed = RR_LENGTH + PX_LENGTH + TF_LENGTH + (input.role === "root-dot" ? SP_LENGTH : 0);
  const continuation =
    input.role === "root-dot" ? erEntry() : fixed + names.length > room ? names : undefined;
  const inline = zeroedSmallBuffer(fixed + (continuation ? CE_LENGTH : names.length));
  let at = input.role === "root-dot" ? writeSp(inline, 0) : 0;
  at = writeRr(inline, at, RR_FLAG_PX | RR_FLAG_TF | (isEntry ? RR_FLAG_NM : 0));
  at = writePx(inline, at, input.mode, input.nlink);
  at = writeTf(inline, at, input.date);
  if (!continuation) {
    names.copy(inline, at);
    return { inline };
  }
  header(inline, at, "CE", CE_LENGTH);
  writeBothEndian32(inline, at + 20, continuation.length);
  return { inline, continuation, ceOffset: at };
}

/** Fills in the CE entry's block and offset once the continuation area has been placed. */
export function setContinuationLocation(su: SystemUse, sector: number, offset: number): void {
  if (su.ceOffset === undefined) return;
  writeBothEndian32(su.inline, su.ceOffset + 4, sector);
  writeBothEndian32(su.inline, su.ceOffset + 12, offset);
}
