/** What ISO 9660, Rock Ridge and Joliet cannot hold is refused with an IsoLimitError before writing. */
import { buildIso9660, buildNoCloudIso, IsoFile, IsoLimitError, IsoOptions } from "../../src/iso";

const data = Buffer.from("x");

/** A Uint8Array that claims a length it does not allocate, to reach the size limits cheaply. */
class ClaimedLength extends Uint8Array {
  constructor(private readonly claimed: number) {
    super(0);
  }
  override get length(): number {
    return this.claimed;
  }
}

function limitErrorOf(build: () => unknown): IsoLimitError {
  try {
    build();
  } catch (e) {
    if (e instanceof IsoLimitError) return e;
    throw e;
  }
  throw new Error("expected an IsoLimitError, but the image was built");
}

function refuse(files: IsoFile[], opts: Partial<IsoOptions> = {}): IsoLimitError {
  return limitErrorOf(() => buildIso9660(files, { volumeId: "TEST", ...opts }));
}

describe("buildIso9660 limits", () => {
  it.each([
    ["a leading slash", "/user-data", "empty-name", /remove the leading slash/],
    ["a doubled slash", "openstack//meta_data.json", "empty-name", /empty/],
    ["a trailing slash", "openstack/", "empty-name", /empty/],
    ["an empty path", "", "empty-name", /empty/],
    ["a . component", "openstack/./x", "dot-name", /"\." is not allowed/],
    ["a .. component", "../etc/passwd", "dot-name", /"\.\." is not allowed/],
    ["a NUL byte", "bad\0name", "invalid-name", /NUL/],
    ["a Joliet-forbidden character", "c:drive", "joliet-name-character", /Joliet cannot store/],
    [
      "a 65-character name (Joliet holds 64)",
      "j".repeat(65),
      "joliet-name-length",
      /65 UCS-2 characters.*at most 64/,
    ],
    [
      "a character outside the BMP (UCS-2)",
      "emoji-\u{1F600}",
      "joliet-name-character",
      /Basic Multilingual Plane/,
    ],
  ])("refuses %s", (_what, path, limit, message) => {
    const e = refuse([{ path, data }]);
    expect(e.limit).toBe(limit);
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });

  it("refuses a Rock Ridge name over 255 bytes of UTF-8, even without Joliet", () => {
    const name = "é".repeat(128); // 256 bytes
    const e = refuse([{ path: name, data }], { joliet: false });
    expect(e.limit).toBe("rock-ridge-name-length");
    expect(e.message).toMatch(/256 bytes in UTF-8; Rock Ridge holds at most 255/);
    expect(() =>
      buildIso9660([{ path: "é".repeat(127), data }], { volumeId: "T", joliet: false }),
    ).not.toThrow();
  });

  it("accepts 8 directory levels (7 below the root) and refuses a 9th", () => {
    expect(() => buildIso9660([{ path: "1/2/3/4/5/6/7/file", data }], { volumeId: "T" })).not.toThrow();
    const e = refuse([{ path: "1/2/3/4/5/6/7/8/file", data }]);
    expect(e.limit).toBe("depth");
    expect(e.message).toMatch(/8 directories below the root; ISO 9660 allows at most 8 levels/);
  });

  it("refuses a file of 4 GiB or more", () => {
    const e = refuse([{ path: "huge.img", data: new ClaimedLength(2 ** 32) }]);
    expect(e.limit).toBe("file-size");
    expect(e.message).toMatch(/4294967296 bytes; ISO 9660 holds at most 4294967295/);
  });

  it("refuses an image larger than one Buffer can hold, without allocating it", () => {
    const alloc = jest.spyOn(Buffer, "alloc");
    try {
      const files = [0, 1, 2].map((i) => ({ path: `part-${i}`, data: new ClaimedLength(2 ** 31) }));
      const e = refuse(files);
      expect(e.limit).toBe("total-size");
      expect(e.message).toMatch(/the image would be \d+ bytes/);
      expect(alloc.mock.calls.filter(([size]) => size >= 2 ** 31)).toEqual([]);
    } finally {
      alloc.mockRestore();
    }
  });

  it("refuses the same path twice", () => {
    const e = refuse([
      { path: "meta-data", data },
      { path: "meta-data", data },
    ]);
    expect(e.limit).toBe("duplicate-path");
  });

  it("refuses a path that is both a file and a directory", () => {
    const e = refuse([
      { path: "openstack", data },
      { path: "openstack/latest/meta_data.json", data },
    ]);
    expect(e.limit).toBe("file-directory-conflict");
    expect(e.message).toMatch(/"openstack" is a file and cannot also be a directory/);
  });

  it.each([
    ["empty", ""],
    ["longer than 32 characters", "v".repeat(33)],
    ["not ASCII", "çidata"],
  ])("refuses a volume label that is %s", (_what, volumeId) => {
    expect(refuse([{ path: "a", data }], { volumeId }).limit).toBe("volume-id");
  });

  it.each([
    ["before 1900", new Date(Date.UTC(1899, 11, 31))],
    ["after 2155", new Date(Date.UTC(2156, 0, 1))],
    ["invalid", new Date(NaN)],
  ])("refuses a timestamp %s", (_what, timestamp) => {
    expect(refuse([{ path: "a", data }], { timestamp }).limit).toBe("timestamp");
  });

  it.each([[0o10000], [-1], [1.5]])("refuses the mode %s", (mode) => {
    expect(refuse([{ path: "a", data, mode }]).limit).toBe("mode");
  });

  it("reports every problem of the options and the input together", () => {
    const e = refuse(
      [
        { path: "/abs", data },
        { path: "x".repeat(70), data },
        { path: "ok", data },
      ],
      { volumeId: "" },
    );
    expect(e.problems.map((p) => p.limit)).toEqual(["volume-id", "empty-name", "joliet-name-length"]);
    expect(e.message.split("\n")).toHaveLength(3);
  });

  it("refuses a NoCloud seed with empty meta-data, which cloud-init would silently ignore", () => {
    const e = limitErrorOf(() => buildNoCloudIso({ userData: "#cloud-config\n", metaData: "" }));
    expect(e.limit).toBe("missing-document");
    expect(e.path).toBe("metaData");
    expect(e.message).toMatch(/instance-id/);
  });
});
