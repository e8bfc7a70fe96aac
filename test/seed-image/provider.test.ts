import { createHash } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedIsoProvider } from "../../src/seed-image/provider";
import { SeedFileEncoding, SeedImageFormat, SeedIsoInputs, SeedIsoOutputs } from "../../src/seed-image/types";
import { isoFilePaths, isoVolumeId, readIsoBytes, readIsoFile } from "./iso-reader";

const sha256 = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");

function noCloudInputs(path: string, hostname = "web-01"): SeedIsoInputs {
  return {
    path,
    format: SeedImageFormat.NoCloud,
    files: [
      {
        path: "meta-data",
        content: `instance-id: iid-${hostname}\nlocal-hostname: ${hostname}\n`,
        encoding: SeedFileEncoding.Utf8,
      },
      {
        path: "user-data",
        content: `#cloud-config\nhostname: ${hostname}\n`,
        encoding: SeedFileEncoding.Utf8,
      },
    ],
  };
}

function configDriveInputs(path: string): SeedIsoInputs {
  return {
    path,
    format: SeedImageFormat.ConfigDrive,
    files: [
      {
        path: "openstack/content/0000",
        content: "auto lo\niface lo inet loopback\n",
        encoding: SeedFileEncoding.Utf8,
      },
      {
        path: "openstack/latest/meta_data.json",
        content: '{"uuid":"iid-1"}',
        encoding: SeedFileEncoding.Utf8,
      },
      // gzip magic bytes: binary content travels as base64
      {
        path: "openstack/latest/user_data",
        content: Buffer.from([0x1f, 0x8b, 8, 0]).toString("base64"),
        encoding: SeedFileEncoding.Base64,
      },
    ],
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "seed-iso-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function create(inputs: SeedIsoInputs): Promise<SeedIsoOutputs> {
  const result = await seedIsoProvider.create(inputs);
  expect(result.id).toBe(inputs.path);
  return result.outs as SeedIsoOutputs;
}

describe("seedIsoProvider.create", () => {
  it("writes a NoCloud ISO labelled cidata whose files an independent reader returns unchanged", async () => {
    const path = join(dir, "seed.iso");
    const outs = await create(noCloudInputs(path));
    const image = readFileSync(path);
    expect(outs).toEqual({
      path,
      format: "nocloud",
      documentsHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      sha256: sha256(image),
      size: image.length,
      fileMode: 0o644,
    });
    expect(isoVolumeId(path)).toBe("cidata");
    expect(readIsoFile(path, "/user-data")).toBe("#cloud-config\nhostname: web-01\n");
    expect(readIsoFile(path, "/meta-data")).toBe("instance-id: iid-web-01\nlocal-hostname: web-01\n");
  });

  it("writes a config-drive ISO labelled config-2 with nested paths and binary files decoded from base64", async () => {
    const path = join(dir, "nested", "drive.iso");
    await create(configDriveInputs(path));
    expect(isoVolumeId(path)).toBe("config-2");
    expect(isoFilePaths(path)).toEqual(
      expect.arrayContaining([
        "/openstack/content/0000",
        "/openstack/latest/meta_data.json",
        "/openstack/latest/user_data",
      ]),
    );
    expect(readIsoFile(path, "/openstack/latest/meta_data.json")).toBe('{"uuid":"iid-1"}');
    expect(readIsoBytes(path, "/openstack/latest/user_data")).toEqual(Buffer.from([0x1f, 0x8b, 8, 0]));
  });

  it("keeps no temporary file beside the image", async () => {
    await create(noCloudInputs(join(dir, "seed.iso")));
    expect(readdirSync(dir)).toEqual(["seed.iso"]);
  });

  it("leaves no temporary file and no image when the rename fails", async () => {
    const path = join(dir, "seed.iso");
    mkdirSync(path); // a directory where the image should go: the final rename fails
    await expect(seedIsoProvider.create(noCloudInputs(path))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["seed.iso"]);
    expect(statSync(path).isDirectory()).toBe(true);
  });

  it("writes nothing when the image cannot be built", async () => {
    const path = join(dir, "seed.iso");
    const inputs = noCloudInputs(path);
    inputs.files = inputs.files.filter((f) => f.path !== "meta-data");
    await expect(seedIsoProvider.create(inputs)).rejects.toThrow(/meta-data/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("builds the same bytes for the same documents", async () => {
    const a = await create(noCloudInputs(join(dir, "a.iso")));
    const b = await create(noCloudInputs(join(dir, "b.iso")));
    expect(a.sha256).toBe(b.sha256);
    expect(a.documentsHash).toBe(b.documentsHash);
  });
});

describe("seedIsoProvider.update", () => {
  it("does not rewrite the file when the content is unchanged (same inode, same mtime)", async () => {
    const path = join(dir, "seed.iso");
    const olds = await create(noCloudInputs(path));
    const past = new Date("2001-02-03T04:05:06Z");
    utimesSync(path, past, past);
    const before = statSync(path);
    const result = await seedIsoProvider.update!(path, olds, noCloudInputs(path));
    const after = statSync(path);
    expect(result.outs).toEqual(olds);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it("replaces the file atomically with the new image when the content changed", async () => {
    const path = join(dir, "seed.iso");
    const olds = await create(noCloudInputs(path, "web-01"));
    const before = statSync(path);
    const result = await seedIsoProvider.update!(path, olds, noCloudInputs(path, "web-02"));
    const outs = result.outs as SeedIsoOutputs;
    expect(outs.sha256).not.toBe(olds.sha256);
    expect(outs.documentsHash).not.toBe(olds.documentsHash);
    expect(outs.sha256).toBe(sha256(readFileSync(path)));
    expect(statSync(path).ino).not.toBe(before.ino); // a new file renamed over the old one
    expect(readIsoFile(path, "/user-data")).toBe("#cloud-config\nhostname: web-02\n");
    expect(readdirSync(dir)).toEqual(["seed.iso"]);
  });
});

describe("seedIsoProvider.delete", () => {
  it("removes the image and tolerates an image already gone", async () => {
    const path = join(dir, "seed.iso");
    const outs = await create(noCloudInputs(path));
    await seedIsoProvider.delete!(path, outs);
    expect(readdirSync(dir)).toEqual([]);
    await expect(seedIsoProvider.delete!(path, outs)).resolves.toBeUndefined();
  });
});

describe("seedIsoProvider.read (refresh)", () => {
  it("returns the state unchanged while the file is what was written", async () => {
    const path = join(dir, "seed.iso");
    const outs = await create(noCloudInputs(path));
    expect(await seedIsoProvider.read!(path, outs)).toEqual({ id: path, props: outs });
  });

  it("detects a file changed behind Pulumi's back, and the next diff rewrites it", async () => {
    const path = join(dir, "seed.iso");
    const inputs = noCloudInputs(path);
    const outs = await create(inputs);
    writeFileSync(path, "tampered");
    const read = await seedIsoProvider.read!(path, outs);
    expect(read).toEqual({
      id: path,
      props: { ...outs, documentsHash: "", sha256: sha256(Buffer.from("tampered")), size: 8 },
    });
    const diff = await seedIsoProvider.diff!(path, read.props as SeedIsoOutputs, inputs);
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await seedIsoProvider.update!(path, read.props as SeedIsoOutputs, inputs);
    expect(updated.outs).toEqual(outs);
    expect(sha256(readFileSync(path))).toBe(outs.sha256);
  });

  it("reports a deleted file as gone, so the next up creates it again", async () => {
    const path = join(dir, "seed.iso");
    const outs = await create(noCloudInputs(path));
    rmSync(path);
    expect(await seedIsoProvider.read!(path, outs)).toEqual({});
  });

  it("recovers the format from the volume label when imported without state", async () => {
    const path = join(dir, "drive.iso");
    const outs = await create(configDriveInputs(path));
    const read = await seedIsoProvider.read!(path);
    expect(read).toEqual({ id: path, props: { ...outs, documentsHash: "" } });
  });
});

describe("seedIsoProvider.diff", () => {
  it("reports no change for the same documents and path", async () => {
    const path = join(dir, "seed.iso");
    const outs = await create(noCloudInputs(path));
    expect(await seedIsoProvider.diff!(path, outs, noCloudInputs(path))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("updates in place when the documents change", async () => {
    const path = join(dir, "seed.iso");
    const outs = await create(noCloudInputs(path));
    expect(await seedIsoProvider.diff!(path, outs, noCloudInputs(path, "db-01"))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("replaces the resource when the path names another file, but not for another spelling of the same file", async () => {
    const path = join(dir, "seed.iso");
    const outs = await create(noCloudInputs(path));
    expect(await seedIsoProvider.diff!(path, outs, noCloudInputs(join(dir, "other.iso")))).toEqual({
      changes: true,
      replaces: ["path"],
      deleteBeforeReplace: false,
    });
    expect(await seedIsoProvider.diff!(path, outs, noCloudInputs(`${dir}/./x/../seed.iso`))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("compares against the state without reading the disk (a tampered file goes unnoticed until refresh)", async () => {
    const path = join(dir, "seed.iso");
    const outs = await create(noCloudInputs(path));
    writeFileSync(path, "tampered");
    expect((await seedIsoProvider.diff!(path, outs, noCloudInputs(path))).changes).toBe(false);
  });
});

describe("seedIsoProvider.check", () => {
  it("accepts rendered inputs as they are", async () => {
    const inputs = noCloudInputs(join(dir, "seed.iso"));
    expect(await seedIsoProvider.check!(inputs, inputs)).toEqual({ inputs });
  });

  it("reports every problem with its property and creates nothing on disk", async () => {
    const inputs = {
      path: join(dir, "sub", "seed.iso"),
      format: "floppy",
      files: [
        { path: "user-data", content: "#cloud-config\n", encoding: "rot13" },
        { path: "user-data", content: "#cloud-config\n", encoding: "utf8" },
      ],
    } as unknown as SeedIsoInputs;
    const result = await seedIsoProvider.check!(inputs, inputs);
    expect(result.failures).toEqual([
      { property: "format", reason: "format must be one of nocloud, configDrive" },
      { property: "files[0].encoding", reason: "encoding must be `utf8` or `base64`" },
      { property: "files[1].path", reason: '"user-data" appears twice' },
    ]);
    const noMeta = { ...noCloudInputs(join(dir, "seed.iso")), files: noCloudInputs("x").files.slice(1) };
    expect((await seedIsoProvider.check!(noMeta, noMeta)).failures).toEqual([
      { property: "files", reason: expect.stringContaining('a nocloud seed needs "meta-data"') },
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("lets values unknown during preview pass", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const inputs = { path: unknown, format: "nocloud", files: unknown } as unknown as SeedIsoInputs;
    expect(await seedIsoProvider.check!(inputs, inputs)).toEqual({ inputs });
  });
});
