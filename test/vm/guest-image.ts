/**
 * The boot-proof guest: a Debian 12 root filesystem image plus the guest's own kernel and initrd, built by
 * `guest/build-guest.sh` and cached in `.vm-cache/guest-<recipe hash>/`. The hash covers every file under
 * `test/vm/guest/`, so a changed recipe builds a new guest; an unchanged one is reused across runs.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { sha256Hex } from "../../src/util/hash";

export const REPO_ROOT = resolve(__dirname, "../..");
export const VM_CACHE_DIR = join(REPO_ROOT, ".vm-cache");
const RECIPE_DIR = join(__dirname, "guest");
const BUILD_TIME_LIMIT_MS = 30 * 60 * 1000;

export interface GuestImage {
  dir: string;
  rootfs: string;
  kernel: string;
  initrd: string;
  kernelVersion: string;
  /** Milliseconds spent building it in this run; 0 when it came from the cache. */
  buildMs: number;
}

/** Hex SHA-256 over the names and contents of every file of the build recipe. */
export function guestRecipeHash(): string {
  const parts = readdirSync(RECIPE_DIR)
    .sort()
    .map((name) => `${name}\0${sha256Hex(readFileSync(join(RECIPE_DIR, name)))}`);
  return sha256Hex(parts.join("\n"));
}

function imageIn(dir: string, buildMs: number): GuestImage {
  return {
    dir,
    rootfs: join(dir, "rootfs.img"),
    kernel: join(dir, "vmlinuz"),
    initrd: join(dir, "initrd.img"),
    kernelVersion: readFileSync(join(dir, "kernel-version"), "utf8").trim(),
    buildMs,
  };
}

function isComplete(dir: string): boolean {
  return ["rootfs.img", "vmlinuz", "initrd.img", "kernel-version"].every((f) => existsSync(join(dir, f)));
}

function requireTools(): void {
  const missing = ["/usr/sbin/debootstrap", "/usr/sbin/mkfs.ext4", "/usr/sbin/chroot"].filter(
    (t) => !existsSync(t),
  );
  if (missing.length > 0) {
    throw new Error(
      `building the boot-proof guest needs ${missing.join(", ")}: apt-get install -y debootstrap e2fsprogs coreutils`,
    );
  }
  if (process.getuid?.() !== 0)
    throw new Error("building the boot-proof guest needs root (debootstrap, chroot)");
}

/** Returns the cached guest for the current recipe, building it first when the cache lacks it. */
export async function ensureGuestImage(log: (line: string) => void = console.log): Promise<GuestImage> {
  const dir = join(VM_CACHE_DIR, `guest-${guestRecipeHash().slice(0, 16)}`);
  if (isComplete(dir)) {
    log(`boot-proof guest: cached in ${dir}`);
    return imageIn(dir, 0);
  }
  requireTools();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(VM_CACHE_DIR, { recursive: true });
  const buildLog = `${dir}.build.log`;
  log(`boot-proof guest: building into ${dir} (log: ${buildLog})`);
  const started = Date.now();
  await runBuild(dir, buildLog);
  const buildMs = Date.now() - started;
  log(`boot-proof guest: built in ${(buildMs / 1000).toFixed(0)} s`);
  removeStaleGuests(dir);
  return imageIn(dir, buildMs);
}

/** Removes guests (and their build logs) built from other recipes; they are never used again. */
function removeStaleGuests(current: string): void {
  for (const name of readdirSync(VM_CACHE_DIR)) {
    const path = join(VM_CACHE_DIR, name);
    if (
      /^guest-[0-9a-f]{16}(\.build\.log)?$/.test(name) &&
      path !== current &&
      path !== `${current}.build.log`
    ) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

function runBuild(dir: string, buildLog: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(buildLog);
    const child = spawn("bash", [join(RECIPE_DIR, "build-guest.sh"), dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIME_LIMIT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      out.end(() => {
        if (code === 0 && isComplete(dir)) return resolvePromise();
        const tail = readFileSync(buildLog, "utf8").split("\n").slice(-40).join("\n");
        reject(
          new Error(
            `building the boot-proof guest failed (exit ${code ?? signal}); last lines of ${buildLog}:\n${tail}`,
          ),
        );
      });
    });
  });
}
