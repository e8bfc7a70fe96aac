/**
 * Turns the caller's flat list of files into a validated directory tree. Every limit that depends
 * only on the input (names, depth, file sizes, duplicates) is checked here, and all problems are
 * reported together, before any layout or writing happens.
 */
import { IsoProblems } from "./errors";
import type { IsoFile } from "./types";

/** ECMA-119 6.8.2.1: at most 8 directory levels, the root being level 1. */
export const MAX_DIRECTORY_LEVELS = 8;
/** Rock Ridge NM: a POSIX name is at most 255 bytes (NAME_MAX). */
export const MAX_ROCK_RIDGE_NAME_BYTES = 255;
/** Joliet: a file identifier is at most 64 UCS-2 characters. */
export const MAX_JOLIET_NAME_CHARS = 64;
/** ECMA-119 9.1.4: a file's data length is a 32-bit number. */
export const MAX_FILE_BYTES = 0xffffffff;
/** Default Rock Ridge permissions: the medium is read-only, so files are r--r--r--, directories r-xr-xr-x. */
export const DEFAULT_FILE_MODE = 0o444;
export const DIRECTORY_MODE = 0o555;

/** Fields the layout fills in; kept on the nodes so a build needs no side tables. */
interface Placement {
  /** Primary-tree identifier (d-characters; files end in ";1"). */
  isoId: Buffer;
  /** Joliet identifier (UCS-2 big-endian). */
  jolietId: Buffer;
  /** Mangled name parts used to sort the primary tree. */
  isoBase: string;
  isoExt: string;
}

export interface FileNode extends Placement {
  kind: "file";
  name: string;
  path: string;
  data: Uint8Array;
  mode: number;
  extent: number;
}

export interface DirNode extends Placement {
  kind: "dir";
  name: string;
  path: string;
  parent: DirNode | undefined;
  /** Root is level 1. */
  level: number;
  children: (FileNode | DirNode)[];
  subdirCount: number;
  primaryExtent: number;
  primarySize: number;
  jolietExtent: number;
  jolietSize: number;
}

export type TreeNode = FileNode | DirNode;

export interface TreeOptions {
  rockRidge: boolean;
  joliet: boolean;
}

const JOLIET_FORBIDDEN = /[\u0000-\u001f*/:;?\\]/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function newDir(name: string, path: string, parent: DirNode | undefined): DirNode {
  const empty = Buffer.alloc(0);
  return {
    kind: "dir",
    name,
    path,
    parent,
    level: parent ? parent.level + 1 : 1,
    children: [],
    subdirCount: 0,
    primaryExtent: 0,
    primarySize: 0,
    jolietExtent: 0,
    jolietSize: 0,
    isoId: empty,
    jolietId: empty,
    isoBase: "",
    isoExt: "",
  };
}

/** Normalizes the two accepted input shapes to a list of files. */
export function toFileList(files: readonly IsoFile[] | ReadonlyMap<string, Uint8Array>): IsoFile[] {
  if (Array.isArray(files)) return [...(files as readonly IsoFile[])];
  return [...(files as ReadonlyMap<string, Uint8Array>)].map(([path, data]) => ({ path, data }));
}

function checkName(component: string, path: string, opts: TreeOptions, problems: IsoProblems): boolean {
  if (component === "") {
    const why = path.startsWith("/")
      ? "paths are relative to the image root; remove the leading slash"
      : "a path component is empty (doubled or trailing slash); remove it";
    problems.add("empty-name", path, why);
    return false;
  }
  if (component === "." || component === "..") {
    problems.add("dot-name", path, `"${component}" is not allowed as a path component; give the real path`);
    return false;
  }
  let ok = true;
  if (component.includes("\0") || LONE_SURROGATE.test(component)) {
    problems.add("invalid-name", path, `"${component}" holds a NUL or an unpaired surrogate; use valid text`);
    ok = false;
  }
  const bytes = Buffer.byteLength(component, "utf8");
  if (opts.rockRidge && bytes > MAX_ROCK_RIDGE_NAME_BYTES) {
    problems.add(
      "rock-ridge-name-length",
      path,
      `name "${component.slice(0, 40)}..." is ${bytes} bytes in UTF-8; Rock Ridge holds at most ${MAX_ROCK_RIDGE_NAME_BYTES}; shorten it`,
    );
    ok = false;
  }
  if (opts.joliet && component.length > MAX_JOLIET_NAME_CHARS) {
    problems.add(
      "joliet-name-length",
      path,
      `name "${component.slice(0, 40)}..." is ${component.length} UCS-2 characters; Joliet holds at most ${MAX_JOLIET_NAME_CHARS}; shorten it or set joliet: false`,
    );
    ok = false;
  }
  if (opts.joliet && (JOLIET_FORBIDDEN.test(component) || /[\uD800-\uDFFF]/.test(component))) {
    problems.add(
      "joliet-name-character",
      path,
      `name "${component}" holds a character Joliet cannot store (control characters, * / : ; ? \\ or characters outside the Basic Multilingual Plane); rename it or set joliet: false`,
    );
    ok = false;
  }
  return ok;
}

function checkFile(file: IsoFile, problems: IsoProblems): boolean {
  let ok = true;
  if (!(file.data instanceof Uint8Array)) {
    problems.add("invalid-name", file.path, "data must be a Uint8Array (or Buffer)");
    return false;
  }
  if (file.data.length > MAX_FILE_BYTES) {
    problems.add(
      "file-size",
      file.path,
      `file is ${file.data.length} bytes; ISO 9660 holds at most ${MAX_FILE_BYTES} bytes (4 GiB - 1) per file; split it`,
    );
    ok = false;
  }
  const mode = file.mode;
  if (mode !== undefined && (!Number.isInteger(mode) || mode < 0 || mode > 0o7777)) {
    problems.add("mode", file.path, `mode ${String(mode)} is not a permission value from 0 to 0o7777`);
    ok = false;
  }
  return ok;
}

/**
 * Builds the directory tree; throws an IsoLimitError listing every problem in the input, together
 * with any already in `problems` (the options' problems).
 */
export function buildTree(
  files: readonly IsoFile[],
  opts: TreeOptions,
  problems: IsoProblems = new IsoProblems(),
): DirNode {
  const root = newDir("", "", undefined);
  const dirs = new Map<string, DirNode>([["", root]]);
  const filePaths = new Set<string>();
  const ordered = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of ordered) {
    const path = String(file.path);
    const components = path.split("/");
    let valid = checkFile(file, problems);
    for (const component of components) valid = checkName(component, path, opts, problems) && valid;
    if (components.length > MAX_DIRECTORY_LEVELS) {
      problems.add(
        "depth",
        path,
        `file lies ${components.length - 1} directories below the root; ISO 9660 allows at most ${MAX_DIRECTORY_LEVELS} levels including the root (${MAX_DIRECTORY_LEVELS - 1} directories); flatten the tree`,
      );
      valid = false;
    }
    if (filePaths.has(path)) {
      problems.add("duplicate-path", path, "the same path is given twice; keep one");
      continue;
    }
    if (!valid) continue;
    let dir = root;
    let dirPath = "";
    let conflict = false;
    for (const component of components.slice(0, -1)) {
      dirPath = dirPath ? `${dirPath}/${component}` : component;
      if (filePaths.has(dirPath)) {
        problems.add(
          "file-directory-conflict",
          path,
          `"${dirPath}" is a file and cannot also be a directory`,
        );
        conflict = true;
        break;
      }
      let next = dirs.get(dirPath);
      if (!next) {
        next = newDir(component, dirPath, dir);
        dirs.set(dirPath, next);
        dir.children.push(next);
        dir.subdirCount++;
      }
      dir = next;
    }
    if (conflict) continue;
    if (dirs.has(path)) {
      problems.add("file-directory-conflict", path, `"${path}" is a directory and cannot also be a file`);
      continue;
    }
    filePaths.add(path);
    dir.children.push({
      kind: "file",
      name: components[components.length - 1] ?? "",
      path,
      data: file.data,
      mode: file.mode ?? DEFAULT_FILE_MODE,
      extent: 0,
      isoId: root.isoId,
      jolietId: root.jolietId,
      isoBase: "",
      isoExt: "",
    });
  }
  problems.throwIfAny();
  return root;
}
