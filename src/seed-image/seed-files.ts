/**
 * Converts a renderer's file tree (path -> text or bytes) into the provider's plain, sorted file list,
 * and back into bytes. Text stays text so `pulumi preview --diff` shows readable documents.
 */
import { SeedFile, SeedFileEncoding } from "./types";

/** What the renderers return: a `Map` or a plain object from path to content. */
export type RenderedTree =
  ReadonlyMap<string, string | Uint8Array> | Readonly<Record<string, string | Uint8Array | undefined>>;

function isUtf8Text(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function toSeedFile(path: string, content: string | Uint8Array): SeedFile {
  if (typeof content === "string") return { path, content, encoding: SeedFileEncoding.Utf8 };
  if (isUtf8Text(content)) {
    return { path, content: Buffer.from(content).toString("utf8"), encoding: SeedFileEncoding.Utf8 };
  }
  return { path, content: Buffer.from(content).toString("base64"), encoding: SeedFileEncoding.Base64 };
}

/**
 * The tree as a list sorted by path (byte order), leading slashes removed, absent entries dropped; a file
 * whose bytes repeat an earlier file's is written as `sameAs` that file.
 */
export function seedFilesFromTree(tree: RenderedTree): SeedFile[] {
  const entries: [string, string | Uint8Array][] = [];
  if (tree instanceof Map) {
    for (const [path, content] of tree as ReadonlyMap<string, string | Uint8Array>)
      entries.push([path, content]);
  } else {
    for (const [path, content] of Object.entries(tree as Record<string, string | Uint8Array | undefined>)) {
      if (content !== undefined) entries.push([path, content]);
    }
  }
  const sorted = entries
    .map(([path, content]) => toSeedFile(path.replace(/^\/+/, ""), content))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // One copy per distinct content carries it: the one a reader looks at in `pulumi preview --diff`
  // (under `openstack/latest/`, else under another `latest/`), else the first by path.
  const rank = (path: string): number =>
    path.startsWith("openstack/latest/") ? 0 : path.includes("latest/") ? 1 : 2;
  const canonical = new Map<string, string>();
  for (const file of sorted) {
    const key = `${file.encoding}:${file.content}`;
    const current = canonical.get(key);
    if (current === undefined || rank(file.path) < rank(current)) canonical.set(key, file.path);
  }
  return sorted.map((file) => {
    const holder = canonical.get(`${file.encoding}:${file.content}`);
    return holder === undefined || holder === file.path ? file : { path: file.path, sameAs: holder };
  });
}

/** Every file's bytes by path (sorted), `sameAs` repeats resolved. Throws when a `sameAs` names no file with content. */
export function seedFileTree(files: readonly SeedFile[]): Map<string, Buffer> {
  const carried = new Map<string, Buffer>();
  for (const file of files) {
    if (file.sameAs !== undefined) continue;
    const content = file.content ?? "";
    const encoding = file.encoding === SeedFileEncoding.Base64 ? "base64" : "utf8";
    carried.set(file.path, Buffer.from(content, encoding));
  }
  const tree = new Map<string, Buffer>();
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const data = carried.get(file.sameAs ?? file.path);
    if (data === undefined) {
      throw new Error(`${file.path}: sameAs "${file.sameAs}" names no file that carries content`);
    }
    tree.set(file.path, data);
  }
  return tree;
}
