/**
 * buildIso9660: an ISO 9660 image with Rock Ridge and Joliet, built in memory in one pass.
 * Validate input -> plan the layout -> allocate the image once -> write descriptors, path tables,
 * directories and continuation areas -> copy the file data in.
 */
import { SECTOR_SIZE } from "./encoding";
import { IsoProblems } from "./errors";
import { recordingDate, writeDirectoryRecord } from "./directory-record";
import {
  FIRST_DESCRIPTOR_SECTOR,
  IsoLayout,
  TreePlan,
  layoutImage,
  recordDataLength,
  recordExtent,
} from "./layout";
import { writePathTable } from "./path-table";
import { buildTree, toFileList } from "./tree";
import { DEFAULT_ISO_TIMESTAMP, IsoFile, IsoOptions } from "./types";
import {
  VolumeDescriptorInput,
  writeJolietVolumeDescriptor,
  writePrimaryVolumeDescriptor,
  writeVolumeDescriptorSetTerminator,
} from "./volume-descriptors";

/** Volume identifiers are at most 32 bytes; printable ASCII keeps every reader (and blkid) happy. */
const VOLUME_ID = /^[\x20-\x7e]{1,32}$/;

function checkOptions(opts: IsoOptions, date: Date, problems: IsoProblems): void {
  if (typeof opts.volumeId !== "string" || !VOLUME_ID.test(opts.volumeId)) {
    problems.add(
      "volume-id",
      "volumeId",
      `"${String(opts.volumeId)}" must be 1 to 32 printable ASCII characters`,
    );
  }
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1900 || year > 2155) {
    problems.add(
      "timestamp",
      "timestamp",
      "must be a valid date from 1900 to 2155 (ISO 9660 stores years since 1900 in one byte)",
    );
  }
}

function writeTree(image: Buffer, plan: TreePlan, which: "primary" | "joliet", date: Buffer): void {
  writePathTable(image, plan.lPathTableSector * SECTOR_SIZE, plan.pathTable, "L");
  writePathTable(image, plan.mPathTableSector * SECTOR_SIZE, plan.pathTable, "M");
  for (const dirPlan of plan.directories) {
    const start = (which === "primary" ? dirPlan.dir.primaryExtent : dirPlan.dir.jolietExtent) * SECTOR_SIZE;
    for (const r of dirPlan.records) {
      writeDirectoryRecord(image, start + r.offset, {
        extent: recordExtent(r.target, which),
        dataLength: recordDataLength(r.target, which),
        directory: r.target.kind === "dir",
        identifier: r.identifier,
        date,
        systemUse: r.systemUse?.inline,
      });
    }
  }
}

function descriptorInput(
  layout: IsoLayout,
  plan: TreePlan,
  which: "primary" | "joliet",
  volumeId: string,
  date: Date,
): VolumeDescriptorInput {
  const root = plan.directories[0]?.dir;
  if (!root) throw new Error("internal: the layout has no root directory");
  return {
    volumeId: which === "primary" ? volumeId : volumeId.slice(0, 16),
    volumeSpaceSectors: layout.totalSectors,
    pathTableBytes: plan.pathTableBytes,
    lPathTableSector: plan.lPathTableSector,
    mPathTableSector: plan.mPathTableSector,
    rootExtent: which === "primary" ? root.primaryExtent : root.jolietExtent,
    rootBytes: which === "primary" ? root.primarySize : root.jolietSize,
    date,
  };
}

/**
 * Builds an ISO 9660 image holding `files`. Throws an IsoLimitError (listing every problem) before
 * writing anything when the input cannot be represented. Same input and options, same bytes.
 */
export function buildIso9660(
  files: readonly IsoFile[] | ReadonlyMap<string, Uint8Array>,
  opts: IsoOptions,
): Buffer {
  const date = opts.timestamp ?? DEFAULT_ISO_TIMESTAMP;
  const problems = new IsoProblems();
  checkOptions(opts, date, problems);
  const joliet = opts.joliet ?? true;
  const rockRidge = opts.rockRidge ?? true;
  const root = buildTree(toFileList(files), { joliet, rockRidge }, problems);
  const layout = layoutImage(root, { joliet, rockRidge, date });

  const image = Buffer.alloc(layout.totalSectors * SECTOR_SIZE);
  writePrimaryVolumeDescriptor(
    image,
    FIRST_DESCRIPTOR_SECTOR * SECTOR_SIZE,
    descriptorInput(layout, layout.primary, "primary", opts.volumeId, date),
  );
  if (layout.joliet) {
    const input = descriptorInput(layout, layout.joliet, "joliet", opts.volumeId, date);
    writeJolietVolumeDescriptor(image, (FIRST_DESCRIPTOR_SECTOR + 1) * SECTOR_SIZE, input);
  }
  writeVolumeDescriptorSetTerminator(image, layout.terminatorSector * SECTOR_SIZE);
  const recordDate = recordingDate(date);
  writeTree(image, layout.primary, "primary", recordDate);
  if (layout.joliet) writeTree(image, layout.joliet, "joliet", recordDate);
  for (const c of layout.continuations)
    c.systemUse.continuation?.copy(image, c.sector * SECTOR_SIZE + c.offset);
  for (const file of layout.files) image.set(file.data, file.extent * SECTOR_SIZE);
  return image;
}
