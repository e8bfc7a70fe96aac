/**
 * The seed ISO resource's lifecycle — check, diff, write (create/update), read (refresh), delete — in one
 * place, shared by the two providers that run it:
 *
 * - `seedIsoProvider` (provider.ts), the Pulumi dynamic provider a Node.js program registers; Pulumi
 *   serializes it as a closure and evaluates it in a separate process, so these functions import Node
 *   built-ins inside their bodies and are captured by value;
 * - the `bootstrapped-vm` provider plugin's `SeedIsoFile` custom resource (plugin/seed-iso-file.ts), what
 *   Python, Go, .NET and YAML programs get.
 *
 * `check` and `diff` are pure (no file system access), so `pulumi preview` never touches the disk. The image
 * is built in memory and written atomically (temporary file + fsync + rename), created with its mode, and
 * rewritten only when its bytes differ. The state holds the path, the documents' hash and the image's
 * sha256/size, never the image bytes. `read` hashes the file: a missing file reports the resource gone, a
 * changed one clears `documentsHash` so the next `pulumi up` writes it again.
 */
import type * as BuildImage from "./build-image";
export { loadImageBuilder } from "./image-builder-loader";
import { isoVolumeLabelFormat } from "./volume-label";
import { seedIsoDocumentsHash, seedIsoInputProblems } from "./documents-hash";
import { writeFileAtomic } from "../util/atomic-write";
import type { SeedIsoInputs, SeedIsoOutputs } from "./types";

/** Loads the ISO writer (`build-image.ts`); each provider says how (see provider.ts, image-builder-loader.ts). */
export type ImageBuilderLoader = () => Promise<typeof BuildImage>;

/** Check: the inputs as given, or the problems (`property`, `reason`). */
export function checkSeedIso(news: SeedIsoInputs): {
  inputs?: SeedIsoInputs;
  failures?: { property: string; reason: string }[];
} {
  const failures = seedIsoInputProblems(news);
  return failures.length > 0 ? { failures } : { inputs: news };
}

/** Diff: an update when anything the file holds changed; a replacement only when it is another file. */
export async function diffSeedIso(
  olds: SeedIsoOutputs,
  news: SeedIsoInputs,
): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
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
}

/**
 * Create/update: builds the image, writes it when the file differs (created with its mode, so a file
 * holding password hashes is never readable by others, not even briefly), sets the exact mode, and
 * returns the state.
 */
export async function writeSeedIso(
  inputs: SeedIsoInputs,
  loadBuilder: ImageBuilderLoader,
): Promise<SeedIsoOutputs> {
  const { createHash } = await import("node:crypto");
  const { chmodSync, readFileSync, statSync } = await import("node:fs");
  const fileMode = inputs.fileMode ?? 0o644;
  const { buildSeedIsoImage } = await loadBuilder();
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

/** Read (refresh): the state of the file at the recorded path; `{}` when it is gone. */
export async function readSeedIso(
  id: string,
  props?: SeedIsoOutputs,
): Promise<{ id?: string; props?: SeedIsoOutputs }> {
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
}

/** Delete: removes the file (already gone is fine). */
export async function deleteSeedIso(props: Pick<SeedIsoOutputs, "path">): Promise<void> {
  const { rmSync } = await import("node:fs");
  rmSync(props.path, { force: true });
}
