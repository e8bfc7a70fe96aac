/** Same input, same bytes; a different timestamp changes timestamps and nothing else. */
import { buildIso9660, buildNoCloudIso, IsoFile } from "../../src/iso";
import { IMAGE_CASES, configDriveTree } from "./fixtures";
import { differingOffsets, timestampRanges } from "./image-walker";

const SMALL_CASES = IMAGE_CASES.filter((c) => c.name !== "large file");

describe("buildIso9660 determinism", () => {
  it.each(IMAGE_CASES.map((c) => [c.name, c] as const))(
    "builds the %s image twice to identical bytes",
    (_n, c) => {
      const first = c.build();
      const second = c.build();
      expect(first.length).toBe(second.length);
      expect(first.equals(second)).toBe(true);
    },
  );

  it.each(SMALL_CASES.map((c) => [c.name, c] as const))(
    "gives the %s image the same bytes whatever the order of the input files",
    (_n, c) => {
      const files: IsoFile[] = [...c.files].map(([path, f]) => ({ path, data: f.data, mode: f.mode }));
      const forward = buildIso9660(files, { volumeId: c.volumeId, joliet: c.joliet });
      const backward = buildIso9660([...files].reverse(), { volumeId: c.volumeId, joliet: c.joliet });
      expect(forward.equals(backward)).toBe(true);
    },
  );

  it("accepts a Map and a list of files alike", () => {
    const tree = configDriveTree();
    const fromMap = buildIso9660(tree, { volumeId: "config-2" });
    const fromList = buildIso9660(
      [...tree].map(([path, data]) => ({ path, data })),
      { volumeId: "config-2" },
    );
    expect(fromMap.equals(fromList)).toBe(true);
  });

  it.each(SMALL_CASES.map((c) => [c.name, c] as const))(
    "changes only timestamp fields of the %s image when the timestamp changes",
    (_n, c) => {
      const files: IsoFile[] = [...c.files].map(([path, f]) => ({ path, data: f.data, mode: f.mode }));
      const base = buildIso9660(files, { volumeId: c.volumeId, joliet: c.joliet });
      const later = buildIso9660(files, {
        volumeId: c.volumeId,
        joliet: c.joliet,
        timestamp: new Date(Date.UTC(2031, 6, 9, 13, 37, 42)),
      });
      expect(later.length).toBe(base.length);
      const ranges = timestampRanges(base);
      const differing = differingOffsets(base, later);
      const outside = differing.filter((o) => !ranges.some((r) => o >= r.start && o < r.end));
      expect(outside).toEqual([]);
      const unchangedRanges = ranges.filter((r) => !differing.some((o) => o >= r.start && o < r.end));
      expect(unchangedRanges).toEqual([]);
    },
  );

  it("stamps a fixed epoch (2000-01-01) when no timestamp is given, never the clock", () => {
    const docs = { userData: "#cloud-config\n", metaData: "instance-id: a\n" };
    const implicit = buildNoCloudIso(docs);
    const explicit = buildNoCloudIso(docs, { timestamp: new Date(Date.UTC(2000, 0, 1)) });
    expect(implicit.equals(explicit)).toBe(true);
    expect(implicit.toString("latin1", 16 * 2048 + 813, 16 * 2048 + 829)).toBe("2000010100000000");
  });
});
