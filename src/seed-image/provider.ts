/**
 * `seedIsoProvider`: the Pulumi dynamic provider that writes a seed ISO to a local file.
 *
 * - `check` and `diff` are pure (no file system access), so `pulumi preview` never touches the disk;
 *   the engine calls `create`/`update`/`delete` only during `pulumi up`/`destroy`.
 * - The image is built in memory from the rendered documents and written atomically (temporary file +
 *   fsync + rename); it is rewritten only when its bytes differ from the file already there.
 * - State holds the path, the documents' hash and the image's sha256/size, never the image bytes.
 * - `read` (refresh) hashes the file: a missing file reports the resource gone, a changed file clears
 *   `documentsHash` so the next `pulumi up` writes it again.
 *
 * Serialization: Pulumi serializes this object as a closure and evaluates it in a separate provider process.
 * Node built-ins are imported inside the methods. The small helpers below are captured by value (plain
 * functions over Node built-ins, which the serializer re-`require`s by name). The ISO writer is not: it is
 * loaded by absolute path at run time (`image-builder-loader.ts` says why). A relative `import()` inside a
 * method would resolve against the provider process's working directory, not this file.
 */
import type * as pulumi from "@pulumi/pulumi";
import { loadImageBuilder } from "./image-builder-loader";
import { isoVolumeLabelFormat } from "./volume-label";
import { seedIsoDocumentsHash, seedIsoInputProblems } from "./documents-hash";
import { writeFileAtomic } from "../util/atomic-write";
import type { SeedIsoInputs, SeedIsoOutputs } from "./types";

/**
 * Builds the image, writes it when the file differs (created with its mode, so a file holding password
 * hashes is never readable by others, not even briefly), sets the exact mode, and returns the state.
 */
async function writeSeedIso(inputs: SeedIsoInputs): Promise<SeedIsoOutputs> {
  const { createHash } = await import("node:crypto");
  const { chmodSync, readFileSync, statSync } = await import("node:fs");
  const fileMode = inputs.fileMode ?? 0o644;
  const { buildSeedIsoImage } = await loadImageBuilder();
  const image = buildSeedIsoImage(inputs.format, inputs.files);
  const sha256 = createHash("sha256").update(image).digest("hex");
  let current: string | undefined;
  try {
    current = createHash("sha256").update(readFileSync(inputs.path)).digest("hex");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  if (current !== sha256) writeFileAtomic(inputs.path, image, fileMode);
  // Exact bits (the umask only narrows a new file; an unchanged file may have other bits).
  if ((statSync(inputs.path).mode & 0o777) !== fileMode) chmodSync(inputs.path, fileMode);
  return {
    path: inputs.path,
    format: inputs.format,
    documentsHash: seedIsoDocumentsHash(inputs),
    sha256,
    size: image.length,
    fileMode,
  };
}

export const seedIsoProvider: pulumi.dynamic.ResourceProvider<SeedIsoInputs, SeedIsoOutputs> = {
  async check(_olds: SeedIsoInputs, news: SeedIsoInputs): Promise<pulumi.dynamic.CheckResult<SeedIsoInputs>> {
    const failures = seedIsoInputProblems(news);
    return failures.length > 0 ? { failures } : { inputs: news };
  },

  async diff(_id: pulumi.ID, olds: SeedIsoOutputs, news: SeedIsoInputs): Promise<pulumi.dynamic.DiffResult> {
    const { resolve } = await import("node:path");
    // A different spelling of the same file ("out/a.iso" vs "./out/a.iso") is an update, not a replacement:
    // a replacement would write the new file and then delete the old one, which is the same file.
    const sameFile = typeof news.path === "string" && resolve(olds.path) === resolve(news.path);
    const replaces = sameFile ? [] : ["path"];
    const changes =
      !sameFile ||
      olds.path !== news.path ||
      olds.format !== news.format ||
      olds.documentsHash !== seedIsoDocumentsHash(news) ||
      (olds.fileMode ?? 0o644) !== (news.fileMode ?? 0o644);
    return { changes, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: SeedIsoInputs): Promise<pulumi.dynamic.CreateResult<SeedIsoOutputs>> {
    const outs = await writeSeedIso(inputs);
    return { id: inputs.path, outs };
  },

  async update(
    _id: pulumi.ID,
    _olds: SeedIsoOutputs,
    news: SeedIsoInputs,
  ): Promise<pulumi.dynamic.UpdateResult<SeedIsoOutputs>> {
    return { outs: await writeSeedIso(news) };
  },

  async delete(_id: pulumi.ID, props: SeedIsoOutputs): Promise<void> {
    const { rmSync } = await import("node:fs");
    rmSync(props.path, { force: true });
  },

  async read(id: pulumi.ID, props?: SeedIsoOutputs): Promise<pulumi.dynamic.ReadResult<SeedIsoOutputs>> {
    const { createHash } = await import("node:crypto");
    const { readFileSync, statSync } = await import("node:fs");
    const path = props?.path ?? id;
    let data: Buffer;
    let fileMode: number;
    try {
      data = readFileSync(path);
      fileMode = statSync(path).mode & 0o777;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return {}; // gone: the next `pulumi up` creates it
      throw err;
    }
    const sha256 = createHash("sha256").update(data).digest("hex");
    if (props && props.sha256 === sha256) return { id, props: { ...props, fileMode } };
    return {
      id,
      props: {
        path,
        format: props?.format ?? isoVolumeLabelFormat(data),
        documentsHash: "", // the file no longer holds the documents we wrote
        sha256,
        size: data.length,
        fileMode,
      },
    };
  },
};
