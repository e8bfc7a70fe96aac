/**
 * File identifiers of the two trees and their sort orders.
 *
 * Primary tree (ECMA-119 level 1, readable by every ISO 9660 reader): d-characters only (A-Z, 0-9, _),
 * files "NAME.EXT;1" with a name of at most 8 and an extension of at most 3 characters, directories
 * at most 8 characters. Names are made unique per directory by replacing the end of the name with a
 * counter. Rock Ridge carries the real names, so these only show to readers without Rock Ridge/Joliet.
 *
 * Joliet tree: the real name in UCS-2 big-endian, without a version suffix.
 */
import { encodeUcs2 } from "./encoding";
import type { DirNode, TreeNode } from "./tree";

const MAX_BASE = 8;
const MAX_EXT = 3;

/** Maps to d-characters: a-z upper-cased, A-Z 0-9 _ kept, anything else becomes "_". */
function toDCharacters(text: string, width: number): string {
  let out = "";
  for (let i = 0; i < text.length && out.length < width; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) out += String.fromCharCode(c - 0x20);
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f) out += text[i];
    else out += "_";
  }
  return out;
}

function splitName(node: TreeNode): { base: string; ext: string } {
  if (node.kind === "dir") return { base: toDCharacters(node.name, MAX_BASE), ext: "" };
  const dot = node.name.lastIndexOf(".");
  if (dot <= 0) return { base: toDCharacters(node.name, MAX_BASE), ext: "" };
  return {
    base: toDCharacters(node.name.slice(0, dot), MAX_BASE),
    ext: toDCharacters(node.name.slice(dot + 1), MAX_EXT),
  };
}

function key(node: TreeNode, base: string, ext: string): string {
  return node.kind === "dir" ? base : `${base}.${ext};`;
}

function setPrimaryId(node: TreeNode, base: string, ext: string): void {
  node.isoBase = base;
  node.isoExt = ext;
  node.isoId = Buffer.from(node.kind === "dir" ? base : `${base}.${ext};1`, "latin1");
}

/**
 * Assigns unique primary identifiers to a directory's children. In the order of their real names,
 * the first child to want an identifier gets it; the others get the end of their name replaced by
 * the next value of one per-directory counter (skipping identifiers in use), which keeps the work
 * linear even when a thousand names shorten to the same eight characters.
 */
function assignPrimaryIds(dir: DirNode): void {
  const taken = new Set<string>();
  const byName = [...dir.children].sort((a, b) => compareStrings(a.name, b.name));
  const clashing: { node: TreeNode; base: string; ext: string }[] = [];
  for (const node of byName) {
    const { base, ext } = splitName(node);
    const wanted = key(node, base, ext);
    if (taken.has(wanted)) {
      clashing.push({ node, base, ext });
      continue;
    }
    taken.add(wanted);
    setPrimaryId(node, base, ext);
  }
  let counter = 0;
  for (const { node, base, ext } of clashing) {
    let candidate: string;
    do {
      const suffix = String(++counter);
      candidate = base.slice(0, MAX_BASE - suffix.length) + suffix;
    } while (taken.has(key(node, candidate, ext)));
    taken.add(key(node, candidate, ext));
    setPrimaryId(node, candidate, ext);
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * ECMA-119 9.3: by name, then extension, each compared as if padded with spaces (for d-characters,
 * which all sort after the space, that is plain ordering with a prefix first).
 */
export function comparePrimary(a: TreeNode, b: TreeNode): number {
  return (
    compareStrings(a.isoBase, b.isoBase) ||
    compareStrings(a.isoExt, b.isoExt) ||
    (a.kind === b.kind ? 0 : a.kind === "dir" ? -1 : 1)
  );
}

/** Joliet order: UCS-2 code units, a prefix first. */
export function compareJoliet(a: TreeNode, b: TreeNode): number {
  return compareStrings(a.name, b.name);
}

/** Gives every node of the tree its primary and Joliet identifiers. */
export function assignIdentifiers(root: DirNode, joliet: boolean): void {
  root.isoId = Buffer.from([0]);
  root.jolietId = Buffer.from([0]);
  const stack: DirNode[] = [root];
  for (let dir = stack.pop(); dir; dir = stack.pop()) {
    assignPrimaryIds(dir);
    for (const child of dir.children) {
      if (joliet) child.jolietId = encodeUcs2(child.name);
      if (child.kind === "dir") stack.push(child);
    }
  }
}
