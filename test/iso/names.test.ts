/**
 * How real names map to the primary tree's level-1 identifiers — what a reader without Rock Ridge
 * and Joliet shows — read back with isoinfo's plain listing.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildIso9660, buildNoCloudIso } from "../../src/iso";
import { isoinfoListing } from "./readers";

function plainNames(image: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), "iso-names-"));
  try {
    const img = join(dir, "image.iso");
    writeFileSync(img, image);
    return [...isoinfoListing(img, "plain").keys()].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("primary-tree identifiers", () => {
  it("upper-cases, replaces non-d-characters with _ and keeps 8.3 with a ;1 version", () => {
    const image = buildNoCloudIso({
      userData: "#cloud-config\n",
      metaData: "instance-id: a\n",
      networkConfig: "version: 2\n",
      vendorData: "#cloud-config\n",
    });
    expect(plainNames(image)).toEqual(["/META_DAT.;1", "/NETWORK_.;1", "/USER_DAT.;1", "/VENDOR_D.;1"]);
  });

  it("shortens directory names to 8 characters and file extensions to 3", () => {
    const image = buildIso9660([{ path: "openstack/2015-10-15/meta_data.json", data: Buffer.from("{}") }], {
      volumeId: "config-2",
    });
    expect(plainNames(image)).toEqual([
      "/OPENSTAC",
      "/OPENSTAC/2015_10_",
      "/OPENSTAC/2015_10_/META_DAT.JSO;1",
    ]);
  });

  it("gives names that shorten alike a counter at the end, first come (by real name) first served", () => {
    const files = ["file-0000.json", "file-0001.json", "file-0002.json", "file_000.jso"].map((path) => ({
      path,
      data: Buffer.from("x"),
    }));
    expect(plainNames(buildIso9660(files, { volumeId: "T" }))).toEqual([
      "/FILE_000.JSO;1",
      "/FILE_001.JSO;1",
      "/FILE_002.JSO;1",
      "/FILE_003.JSO;1",
    ]);
  });
});
