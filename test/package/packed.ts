/**
 * The packed package, installed the way a user installs it: `npm pack`, then `npm install` in a fresh
 * project from npm's cache only (`.ci/prefetch.sh` warms it; tests talk to no registry).
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");

/** Packs the working tree (its built dist/) into `dir`; returns the tarball's file name. */
export function packInto(dir: string): string {
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: ROOT, stdio: "pipe" });
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
  return tarball;
}

/** `npm install` in `project` from npm's cache only; `what` names the packages for the error message. */
export function installOffline(project: string, what: string): void {
  try {
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
      cwd: project,
      stdio: "pipe",
    });
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? e);
    throw new Error(
      `offline install of ${what} failed; warm npm's cache with \`bash .ci/prefetch.sh\`:\n${stderr}`,
    );
  }
}
