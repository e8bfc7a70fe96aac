/**
 * Plans the whole image before any byte is written: sorted directory trees, every record and its
 * system use area, and the sector of every structure.
 *
 *   0-15   system area (zero)
 *   16     primary volume descriptor, then the Joliet descriptor, then the set terminator
 *   ...    path tables: primary L, primary M, Joliet L, Joliet M
 *   ...    primary directory extents (path-table order), then Joliet directory extents
 *   ...    Rock Ridge continuation areas (ER, long NM entries)
 *   ...    file data, one extent per non-empty file in primary-tree order, each starting on a sector
 *
 * No padding follows the last file: the image ends where the data ends (see docs/iso.md).
 */
import { constants as bufferConstants } from "node:buffer";
import { DOTDOT_ID, DOT_ID, MAX_RECORD_LENGTH, placeRecord, recordBaseLength } from "./directory-record";
import { SECTOR_SIZE, sectorsFor } from "./encoding";
import { IsoProblems } from "./errors";
import { assignIdentifiers, compareJoliet, comparePrimary } from "./names";
import { PathTableEntry, pathTableBytes } from "./path-table";
import {
  RecordRole,
  S_IFDIR,
  S_IFREG,
  SystemUse,
  buildSystemUse,
  setContinuationLocation,
} from "./rock-ridge";

/**
 * The largest image built in one Buffer: 4 GiB, or less where the runtime's Buffer limit is lower.
 * Node 20 capped a Buffer at 4 GiB; Node 22 raised `buffer.constants.MAX_LENGTH` to 2^53 - 1, but an
 * image is built whole in memory, so the 4 GiB bound stays (a seed image is kilobytes).
 */
export const MAX_IMAGE_BYTES = Math.min(bufferConstants.MAX_LENGTH, 2 ** 32);
import { DIRECTORY_MODE, DirNode, FileNode, TreeNode } from "./tree";

/** The first sector after the 16-sector system area. */
export const FIRST_DESCRIPTOR_SECTOR = 16;
/** Path table parent numbers are 16-bit. */
const MAX_DIRECTORIES = 0xffff;

export interface PlannedRecord {
  /** What the record describes (for "." the directory itself, for ".." its parent). */
  target: TreeNode;
  identifier: Buffer;
  /** Offset from the start of the directory's extent. */
  offset: number;
  systemUse?: SystemUse;
}

export interface DirectoryPlan {
  dir: DirNode;
  records: PlannedRecord[];
  bytes: number;
}

export interface TreePlan {
  directories: DirectoryPlan[];
  pathTable: PathTableEntry[];
  pathTableBytes: number;
  lPathTableSector: number;
  mPathTableSector: number;
}

export interface IsoLayout {
  primary: TreePlan;
  joliet?: TreePlan;
  terminatorSector: number;
  continuations: { systemUse: SystemUse; sector: number; offset: number }[];
  /** Files with data, in the order their extents follow each other. */
  files: FileNode[];
  totalSectors: number;
}

export interface LayoutOptions {
  joliet: boolean;
  rockRidge: boolean;
  date: Date;
}

function systemUseFor(role: RecordRole, target: TreeNode, idLength: number, date: Date): SystemUse {
  const file = target.kind === "file";
  return buildSystemUse(
    {
      role,
      mode: file ? S_IFREG | target.mode : S_IFDIR | DIRECTORY_MODE,
      nlink: file ? 1 : 2 + target.subdirCount,
      date,
      name: role === "entry" ? Buffer.from(target.name, "utf8") : undefined,
    },
    MAX_RECORD_LENGTH - recordBaseLength(idLength),
  );
}

/** Breadth-first over directories, children sorted: exactly the path table's order. */
function planTree(root: DirNode, which: "primary" | "joliet", opts: LayoutOptions): DirectoryPlan[] {
  const withSu = which === "primary" && opts.rockRidge;
  const compare = which === "primary" ? comparePrimary : compareJoliet;
  const plans: DirectoryPlan[] = [];
  const queue: DirNode[] = [root];
  for (let i = 0; i < queue.length; i++) {
    const dir = queue[i] as DirNode;
    const parent = dir.parent ?? dir;
    const children = [...dir.children].sort(compare);
    const records: PlannedRecord[] = [
      { target: dir, identifier: DOT_ID, offset: 0 },
      { target: parent, identifier: DOTDOT_ID, offset: 0 },
      ...children.map((c) => ({
        target: c,
        identifier: which === "primary" ? c.isoId : c.jolietId,
        offset: 0,
      })),
    ];
    let used = 0;
    records.forEach((r, index) => {
      if (withSu) {
        const role: RecordRole =
          index === 0 ? (dir === root ? "root-dot" : "dot") : index === 1 ? "dotdot" : "entry";
        r.systemUse = systemUseFor(role, r.target, r.identifier.length, opts.date);
      }
      const length = recordBaseLength(r.identifier.length) + (r.systemUse?.inline.length ?? 0);
      r.offset = placeRecord(used, length);
      used = r.offset + length;
    });
    plans.push({ dir, records, bytes: Math.ceil(used / SECTOR_SIZE) * SECTOR_SIZE });
    for (const c of children) if (c.kind === "dir") queue.push(c);
  }
  return plans;
}

function pathTable(plans: DirectoryPlan[], which: "primary" | "joliet"): PathTableEntry[] {
  const numbers = new Map<DirNode, number>();
  plans.forEach((p, i) => numbers.set(p.dir, i + 1));
  return plans.map((p) => ({
    identifier: which === "primary" ? p.dir.isoId : p.dir.jolietId,
    extent: which === "primary" ? p.dir.primaryExtent : p.dir.jolietExtent,
    parentNumber: numbers.get(p.dir.parent ?? p.dir) ?? 1,
  }));
}

/** Lays out the image; throws an IsoLimitError if it cannot be addressed or held in one Buffer. */
export function layoutImage(root: DirNode, opts: LayoutOptions): IsoLayout {
  assignIdentifiers(root, opts.joliet);
  const primaryDirs = planTree(root, "primary", opts);
  const jolietDirs = opts.joliet ? planTree(root, "joliet", opts) : [];
  const problems = new IsoProblems();
  if (primaryDirs.length > MAX_DIRECTORIES) {
    problems.add(
      "total-size",
      "files",
      `${primaryDirs.length} directories; a path table numbers at most ${MAX_DIRECTORIES}`,
    );
  }
  problems.throwIfAny();

  let sector = FIRST_DESCRIPTOR_SECTOR + 1 + (opts.joliet ? 1 : 0);
  const terminatorSector = sector++;
  const tables = (plans: DirectoryPlan[], which: "primary" | "joliet"): TreePlan => {
    const bytes = pathTableBytes(plans.map((p) => (which === "primary" ? p.dir.isoId : p.dir.jolietId)));
    const lPathTableSector = sector;
    sector += sectorsFor(bytes);
    const mPathTableSector = sector;
    sector += sectorsFor(bytes);
    return { directories: plans, pathTable: [], pathTableBytes: bytes, lPathTableSector, mPathTableSector };
  };
  const primary = tables(primaryDirs, "primary");
  const joliet = opts.joliet ? tables(jolietDirs, "joliet") : undefined;
  for (const p of primaryDirs) {
    p.dir.primaryExtent = sector;
    p.dir.primarySize = p.bytes;
    sector += p.bytes / SECTOR_SIZE;
  }
  for (const p of jolietDirs) {
    p.dir.jolietExtent = sector;
    p.dir.jolietSize = p.bytes;
    sector += p.bytes / SECTOR_SIZE;
  }
  primary.pathTable = pathTable(primaryDirs, "primary");
  if (joliet) joliet.pathTable = pathTable(jolietDirs, "joliet");

  const continuations: IsoLayout["continuations"] = [];
  let used = 0;
  const ceStart = sector;
  for (const p of primaryDirs) {
    for (const r of p.records) {
      const su = r.systemUse;
      if (!su?.continuation) continue;
      used = placeRecord(used, su.continuation.length);
      const at = {
        systemUse: su,
        sector: ceStart + Math.floor(used / SECTOR_SIZE),
        offset: used % SECTOR_SIZE,
      };
      setContinuationLocation(su, at.sector, at.offset);
      continuations.push(at);
      used += su.continuation.length;
    }
  }
  sector += sectorsFor(used);

  const files: FileNode[] = [];
  for (const p of primaryDirs) {
    for (const r of p.records.slice(2)) {
      if (r.target.kind !== "file") continue;
      if (r.target.data.length === 0) {
        r.target.extent = 0; // no extent: a 0-byte file records location 0 and owns no sector
        continue;
      }
      r.target.extent = sector;
      sector += sectorsFor(r.target.data.length);
      files.push(r.target);
    }
  }
  if (sector * SECTOR_SIZE > MAX_IMAGE_BYTES) {
    problems.add(
      "total-size",
      "files",
      `the image would be ${sector * SECTOR_SIZE} bytes; one in-memory image holds at most ${MAX_IMAGE_BYTES} bytes; split the content over several images`,
    );
  }
  problems.throwIfAny();
  return { primary, joliet, terminatorSector, continuations, files, totalSectors: sector };
}

/** Where a record of the given tree points: a file's extent or the directory's extent in that tree. */
export function recordExtent(target: TreeNode, which: "primary" | "joliet"): number {
  if (target.kind === "file") return target.extent;
  return which === "primary" ? target.primaryExtent : target.jolietExtent;
}

/** The data length a record of the given tree gives. */
export function recordDataLength(target: TreeNode, which: "primary" | "joliet"): number {
  if (target.kind === "file") return target.data.length;
  return which === "primary" ? target.primarySize : target.jolietSize;
}
