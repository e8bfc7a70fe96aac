/**
 * Boot-proof guests: per Debian suite, a root filesystem image plus the guest's own kernel and initrd, built by
 * `guest/build-guest.sh` and cached in `.vm-cache/guest-<suite>-<recipe hash>/`. The hash covers every file
 * under `test/vm/guest/`, the suite and the flavours' overlay files, so a changed recipe builds a new guest; an
 * unchanged one is reused across runs. Within a run each recipe is built once (one promise per recipe).
 */
import { spawn } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { sha256Hex } from "../../src/util/hash";
import { Suite } from "./suites";

export const REPO_ROOT = resolve(__dirname, "../..");
export const VM_CACHE_DIR = join(REPO_ROOT, ".vm-cache");
const RECIPE_DIR = join(__dirname, "guest");
const BUILD_TIME_LIMIT_MS = 30 * 60 * 1000;

/**
 * A file a flavour adds to the guest: path relative to `/`, content and mode. The top-level `.bootproof-packages`
 * (package names, one a line) is not copied: build-guest.sh installs those packages into the flavour. Nor is
 * `.bootproof-disable` (systemd unit names, one a line): build-guest.sh disables those units in the flavour.
 */
export interface OverlayFile {
  content: string;
  mode: number;
}

/** A guest recipe: the suite and its flavours (extra images, each the base root plus overlay files). */
export interface GuestRecipe {
  suite: Suite;
  flavours?: Readonly<Record<string, ReadonlyMap<string, OverlayFile>>>;
}

export interface GuestImage {
  suite: Suite;
  dir: string;
  rootfs: string;
  /** Root images of the flavours, by name. */
  flavourRootfs: Record<string, string>;
  kernel: string;
  initrd: string;
  kernelVersion: string;
  /** Milliseconds spent building it in this run; 0 when it came from the cache. */
  buildMs: number;
}

/** Hex SHA-256 over the suite, the names and contents of every recipe file, and the flavours' files. */
export function guestRecipeHash(recipe: GuestRecipe): string {
  const parts = readdirSync(RECIPE_DIR)
    .sort()
    .map((name) => `${name}\0${sha256Hex(readFileSync(join(RECIPE_DIR, name)))}`);
  parts.unshift(`suite\0${recipe.suite}`);
  for (const [name, files] of Object.entries(recipe.flavours ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [path, file] of [...files].sort(([a], [b]) => a.localeCompare(b)))
      parts.push(`flavour\0${name}\0${path}\0${file.mode.toString(8)}\0${sha256Hex(file.content)}`);
  }
  return sha256Hex(parts.join("\n"));
}

function imageIn(recipe: GuestRecipe, dir: string, buildMs: number): GuestImage {
  return {
    suite: recipe.suite,
    dir,
    rootfs: join(dir, "rootfs.img"),
    flavourRootfs: Object.fromEntries(
      Object.keys(recipe.flavours ?? {}).map((name) => [name, join(dir, `rootfs-${name}.img`)]),
    ),
    kernel: join(dir, "vmlinuz"),
    initrd: join(dir, "initrd.img"),
    kernelVersion: readFileSync(join(dir, "kernel-version"), "utf8").trim(),
    buildMs,
  };
}

function isComplete(recipe: GuestRecipe, dir: string): boolean {
  const flavourImages = Object.keys(recipe.flavours ?? {}).map((name) => `rootfs-${name}.img`);
  return ["rootfs.img", "vmlinuz", "initrd.img", "kernel-version", ...flavourImages].every((f) =>
    existsSync(join(dir, f)),
  );
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

const building = new Map<string, Promise<GuestImage>>();

/**
 * Returns the cached guest for `recipe`, building it first when the cache lacks it. Concurrent calls for the
 * same recipe share one build. `slot` runs the build (a concurrency limiter shared with the boots).
 */
export function ensureGuestImage(
  recipe: GuestRecipe,
  slot: <T>(task: () => Promise<T>) => Promise<T> = (task) => task(),
  log: (line: string) => void = console.log,
): Promise<GuestImage> {
  const hash = guestRecipeHash(recipe).slice(0, 16);
  const found = building.get(hash);
  if (found) return found;
  const promise = slot(() => buildOrReuse(recipe, hash, log));
  building.set(hash, promise);
  return promise;
}

async function buildOrReuse(
  recipe: GuestRecipe,
  hash: string,
  log: (line: string) => void,
): Promise<GuestImage> {
  const dir = join(VM_CACHE_DIR, `guest-${recipe.suite}-${hash}`);
  if (isComplete(recipe, dir)) {
    log(`boot-proof guest ${recipe.suite}: cached in ${dir}`);
    return imageIn(recipe, dir, 0);
  }
  requireTools();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(VM_CACHE_DIR, { recursive: true });
  const overlayArgs = writeOverlays(recipe, `${dir}.overlays`);
  const buildLog = `${dir}.build.log`;
  log(`boot-proof guest ${recipe.suite}: building into ${dir} (log: ${buildLog})`);
  const started = Date.now();
  try {
    await runBuild(recipe, dir, buildLog, overlayArgs);
  } finally {
    rmSync(`${dir}.overlays`, { recursive: true, force: true });
  }
  const buildMs = Date.now() - started;
  log(`boot-proof guest ${recipe.suite}: built in ${(buildMs / 1000).toFixed(0)} s`);
  removeStaleGuests(recipe.suite, dir);
  return imageIn(recipe, dir, buildMs);
}

/** Writes each flavour's files under `root/<flavour>/` and returns the build script's `name=dir` arguments. */
function writeOverlays(recipe: GuestRecipe, root: string): string[] {
  rmSync(root, { recursive: true, force: true });
  return Object.entries(recipe.flavours ?? {}).map(([name, files]) => {
    const dir = join(root, name);
    for (const [path, file] of files) {
      const target = join(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content, { mode: file.mode });
    }
    return `${name}=${dir}`;
  });
}

/** Removes guests of `suite` (and their build logs) built from other recipes; they are never used again. */
function removeStaleGuests(suite: Suite, current: string): void {
  const pattern = new RegExp(`^guest-${suite}-[0-9a-f]{16}(\\.build\\.log)?$`);
  for (const name of readdirSync(VM_CACHE_DIR)) {
    const path = join(VM_CACHE_DIR, name);
    if (pattern.test(name) && path !== current && path !== `${current}.build.log`) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

function runBuild(recipe: GuestRecipe, dir: string, buildLog: string, overlayArgs: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(buildLog);
    const child = spawn("bash", [join(RECIPE_DIR, "build-guest.sh"), recipe.suite, dir, ...overlayArgs], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIME_LIMIT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      out.end(() => {
        if (code === 0 && isComplete(recipe, dir)) return resolvePromise();
        const tail = readFileSync(buildLog, "utf8").split("\n").slice(-40).join("\n");
        reject(
          new Error(
            `building the ${recipe.suite} boot-proof guest failed (exit ${code ?? signal}); last lines of ${buildLog}:\n${tail}`,
          ),
        );
      });
    });
  });
}
