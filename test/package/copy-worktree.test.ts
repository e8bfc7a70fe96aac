/**
 * `.ci/copy-worktree.sh`, the copy `.ci/sdk-floor.sh` runs `npm ci` in: it must never carry a checkout's
 * `node_modules` or `dist`, least of all as a symlink. A worktree whose `node_modules` is a symlink to
 * another checkout's (so that it needs no install of its own) has it listed by `git ls-files --others`,
 * since `.gitignore`'s `node_modules/` matches directories only; copied as it was, the copy's `npm ci`
 * emptied the other checkout's `node_modules` through it.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const SCRIPT = resolve(__dirname, "../../.ci/copy-worktree.sh");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bvm-copy-worktree-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd });
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A repository ignoring `node_modules/` and `dist/` as directories (as ours did), and the copy's target. */
function repoWith(layout: (repo: string, shared: string) => void): { repo: string; dest: string } {
  const repo = join(dir, "repo");
  const shared = join(dir, "shared");
  const dest = join(dir, "dest");
  mkdirSync(join(repo, "src"), { recursive: true });
  mkdirSync(join(shared, "node_modules", "pkg"), { recursive: true });
  writeFileSync(join(shared, "node_modules", "pkg", "index.js"), "module.exports = 1;\n");
  mkdirSync(dest);
  writeFileSync(join(repo, ".gitignore"), "node_modules/\ndist/\n");
  writeFileSync(join(repo, "src", "a.ts"), "export const a = 1;\n");
  git(repo, "init", "-q");
  git(repo, "add", ".");
  git(repo, "commit", "-qm", "init");
  writeFileSync(join(repo, "src", "new.ts"), "export const b = 2;\n"); // untracked, not ignored: copied
  layout(repo, shared);
  execFileSync("bash", [SCRIPT, dest], { cwd: repo });
  return { repo, dest };
}

test("copies tracked and untracked files, and never a symlinked node_modules or dist", () => {
  const { dest } = repoWith((repo, shared) => {
    symlinkSync(join(shared, "node_modules"), join(repo, "node_modules"));
    symlinkSync(join(shared, "node_modules"), join(repo, "dist"));
  });
  expect(readdirSync(dest).sort()).toEqual([".gitignore", "src"]);
  expect(readdirSync(join(dest, "src")).sort()).toEqual(["a.ts", "new.ts"]);
  expect(exists(join(dest, "node_modules"))).toBe(false);
  expect(exists(join(dest, "dist"))).toBe(false);
});

test("never copies node_modules or dist at any depth, as directories or symlinks", () => {
  const { dest } = repoWith((repo, shared) => {
    mkdirSync(join(repo, "node_modules", "x"), { recursive: true });
    writeFileSync(join(repo, "node_modules", "x", "i.js"), "");
    mkdirSync(join(repo, "examples", "e"), { recursive: true });
    writeFileSync(join(repo, "examples", "e", "index.ts"), "");
    symlinkSync(join(shared, "node_modules"), join(repo, "examples", "e", "node_modules"));
  });
  expect(readdirSync(dest).sort()).toEqual([".gitignore", "examples", "src"]);
  expect(readdirSync(join(dest, "examples", "e"))).toEqual(["index.ts"]);
});
