/**
 * Debian chroots holding four generations of Debian's own cloud-init, each run with the chroot's own
 * `/usr/bin/python3` (`chroot <root> /usr/bin/python3 ...`): bullseye (20.4.1), bookworm (22.4.2),
 * trixie (25.1.4) and forky (26.2, Debian's testing). Built once with debootstrap by
 * `chroot/build-chroot.sh` and cached in `$BVM_CHROOT_CACHE` (default `~/.cache/bootstrapped-vm/chroots`,
 * shared by every checkout on the machine), under a name carrying the hash of the build recipe, so a changed
 * recipe builds anew.
 *
 * A generation's chroot comes in flavours: `plain` (cloud-init and what it depends on), and `netplan`, which
 * adds Debian's netplan.io (and with it python3-netplan from netplan 1.0, systemd): the chroot cloud-init
 * meets on an Ubuntu image, with netplan's own parser and generator (netplan.test.ts). A flavour is a
 * chroot of its own, so nothing netplan changes in cloud-init's behaviour reaches the other suites.
 *
 * Never passes silently: a chroot that is missing and cannot be built (not root, no debootstrap, no mirror)
 * throws, in CI and out of it. Building needs root; CI runs as root.
 */
import { spawn, spawnSync, SpawnSyncReturns } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { atLeast, parseCloudInitVersion } from "../../src/spec/cloud-init-version";

export interface Generation {
  /** Debian suite the chroot is built from. */
  suite: "bullseye" | "bookworm" | "trixie" | "forky";
  /** Debian's release number of the suite (forky, testing, will be 14). */
  debian: number;
  /** The cloud-init version Debian ships in that suite (checked against the chroot's own report). */
  cloudInit: string;
  /** The spec's `cloudInit.minVersion` that targets this release (`20.4`, ...). */
  target: string;
}

export const GENERATIONS: readonly Generation[] = [
  { suite: "bullseye", debian: 11, cloudInit: "20.4.1", target: "20.4" },
  { suite: "bookworm", debian: 12, cloudInit: "22.4.2", target: "22.4" },
  { suite: "trixie", debian: 13, cloudInit: "25.1.4", target: "25.1" },
  // Debian's testing: the mirror's forky moves on to newer cloud-init releases; chroots.test.ts names the
  // one the conformance suite last passed on, so a new one fails there first, saying which.
  { suite: "forky", debian: 14, cloudInit: "26.2", target: "26.2" },
];

function generationOf(suite: Generation["suite"]): Generation {
  const generation = GENERATIONS.find((g) => g.suite === suite);
  if (generation === undefined) throw new Error(`no generation ${suite}`);
  return generation;
}

/** The `cloudInit.minVersion` that targets the release of `suite`. */
export function targetOf(suite: Generation["suite"]): string {
  return generationOf(suite).target;
}

/** Whether the cloud-init of `suite` is release `since` (`"23.1"`) or later. */
export function cloudInitAtLeast(suite: Generation["suite"], since: string): boolean {
  const version = parseCloudInitVersion(generationOf(suite).target);
  if (version === undefined) throw new Error(`generation ${suite} has no target release`);
  return atLeast(version, since);
}

/** The generations whose network config schema a guest without netplan checks at boot (25.1 and later). */
export const SCHEMA_SUITES: readonly Generation["suite"][] = GENERATIONS.filter((g) =>
  cloudInitAtLeast(g.suite, "25.1"),
).map((g) => g.suite);

/** Debian's release number of `suite` (11 for bullseye, ...). */
export function debianOf(suite: Generation["suite"]): number {
  return generationOf(suite).debian;
}

/**
 * Validates a network config with a generation's own schema, strictly (`validate_cloudconfig_schema`, as
 * `stages.py` 25.1.4:1096-1103 does at boot on a guest without netplan), in its chroot: whether it passed,
 * the schema error, the WARNING lines logged, and whether netplan is installed there (it is not, so
 * cloud-init checks the schema itself). For the generations from 25.1 (`SCHEMA_SUITES`).
 */
export function validateNetworkSchema(
  suite: Generation["suite"],
  version: 1 | 2,
  text: string,
): { netplan: boolean; validated?: boolean; error: string | null; logged: string[] } {
  const script = `
import json, logging, sys, yaml
from cloudinit.config.schema import SchemaType, SchemaValidationError, validate_cloudconfig_schema
from cloudinit.net import netplan
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append("%s %s" % (record.levelname, record.getMessage()))
logging.getLogger().addHandler(Keep(level=logging.WARNING))
doc = yaml.safe_load(sys.stdin.read())
out = {"netplan": netplan.available(), "error": None}
try:
    out["validated"] = validate_cloudconfig_schema(
        config=doc, schema_type=SchemaType.${version === 1 ? "NETWORK_CONFIG_V1" : "NETWORK_CONFIG"}, strict=True, log_deprecations=True
    )
except SchemaValidationError as e:
    out["error"] = str(e)
out["logged"] = records
print(json.dumps(out))
`;
  const r = runPythonIn(suite, script, { input: text });
  if (r.status !== 0 || r.stderr !== "") throw new Error(`schema check failed to run: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as ReturnType<typeof validateNetworkSchema>;
}

/** What a chroot holds beyond cloud-init: `netplan` adds netplan.io (see the file's comment). */
export type Flavour = "plain" | "netplan";
/** The Debian packages a flavour adds (build-chroot.sh's third argument). */
const FLAVOUR_PACKAGES: Record<Flavour, string> = { plain: "", netplan: "netplan.io" };

const RECIPE = join(__dirname, "chroot", "build-chroot.sh");
const FINISH = join(__dirname, "chroot", "finish-chroot.sh");
const BUILD_TIME_LIMIT_MS = 40 * 60 * 1000;
/** A clean environment for everything run inside a chroot: none of the host's Python settings leak in. */
const CHROOT_ENV: NodeJS.ProcessEnv = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  LANG: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  HOME: "/root",
  PYTHONDONTWRITEBYTECODE: "1",
};

export function chrootCacheDir(): string {
  return process.env.BVM_CHROOT_CACHE ?? join(homedir(), ".cache", "bootstrapped-vm", "chroots");
}

/** The root directory of a generation's chroot of `flavour` for the current recipe (built or not). */
export function chrootRoot(suite: Generation["suite"], flavour: Flavour = "plain"): string {
  const hash = createHash("sha256")
    .update(readFileSync(RECIPE))
    .update(`\0${suite}\0${FLAVOUR_PACKAGES[flavour]}`)
    .digest("hex");
  return join(chrootCacheDir(), `${chrootName(suite, flavour)}-${hash.slice(0, 16)}`);
}

/** A chroot's name in logs and in the cache: `trixie`, `trixie-netplan`. */
function chrootName(suite: Generation["suite"], flavour: Flavour): string {
  return flavour === "plain" ? suite : `${suite}-${flavour}`;
}

function isComplete(root: string): boolean {
  return existsSync(join(root, ".bvm-complete")) && existsSync(join(root, "usr/bin/python3"));
}

function cannotBuild(): string | undefined {
  const missing = ["/usr/sbin/debootstrap", "/usr/sbin/chroot", "/usr/bin/flock"].filter(
    (t) => !existsSync(t),
  );
  if (missing.length > 0) return `${missing.join(", ")} missing: apt-get install -y debootstrap util-linux`;
  if (process.getuid?.() !== 0) return "building a chroot needs root (debootstrap, chroot); CI runs as root";
  return undefined;
}

/**
 * Builds the generations' chroots of each flavour that the cache lacks, the suites in parallel (debootstrap
 * is mostly download and unpack) and a suite's flavours one after the other (they share the suite's
 * directory of downloaded .debs), each under a lock so two checkouts never build the same one at once.
 * Resolves with the build time per chroot (`trixie`, `trixie-netplan`; 0 for a cached one); rejects with
 * the build log's tail when a build fails.
 */
export async function ensureChroots(
  generations: readonly Generation[] = GENERATIONS,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  flavours: readonly Flavour[] = ["plain"],
): Promise<Record<string, number>> {
  const times: Record<string, number> = {};
  await Promise.all(
    generations.map(async ({ suite }) => {
      for (const flavour of flavours) {
        const root = chrootRoot(suite, flavour);
        const name = chrootName(suite, flavour);
        if (isComplete(root)) {
          times[name] = 0;
          finish(root);
          continue;
        }
        const why = cannotBuild();
        if (why !== undefined) {
          throw new Error(`the ${name} cloud-init chroot is missing (${root}) and cannot be built: ${why}`);
        }
        mkdirSync(chrootCacheDir(), { recursive: true });
        const started = Date.now();
        log(`chroot ${name}: building into ${root} (log ${root}.build.log)`);
        await runBuild(suite, root, FLAVOUR_PACKAGES[flavour]);
        times[name] = Date.now() - started;
        log(`chroot ${name}: built in ${(times[name] / 1000).toFixed(0)} s`);
        finish(root);
      }
    }),
  );
  return times;
}

/** Runs finish-chroot.sh on `root` unless this version of it already ran there. */
function finish(root: string): void {
  const marker = join(
    root,
    `.bvm-finished-${createHash("sha256").update(readFileSync(FINISH)).digest("hex").slice(0, 16)}`,
  );
  if (existsSync(marker)) return;
  const r = spawnSync("bash", [FINISH, root], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`finishing the chroot ${root} failed: ${r.stderr}`);
  writeFileSync(marker, "");
}

function runBuild(suite: string, root: string, packages: string): Promise<void> {
  const buildLog = `${root}.build.log`;
  // The lock is held around the build; the script returns at once when another holder finished it.
  const script = `exec >"$3" 2>&1; [ -e "$2/.bvm-complete" ] || bash "$1" "$4" "$2" "$5"`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      "flock",
      [`${root}.lock`, "bash", "-c", script, "build", RECIPE, root, buildLog, suite, packages],
      {
        stdio: "ignore",
      },
    );
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIME_LIMIT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && isComplete(root)) return resolve();
      const tail = existsSync(buildLog)
        ? readFileSync(buildLog, "utf8").split("\n").slice(-30).join("\n")
        : "";
      reject(
        new Error(`building the ${suite} chroot failed (exit ${code ?? signal}); ${buildLog}:\n${tail}`),
      );
    });
  });
}

/** The chroot of a generation, which must be built (`ensureChroots`); throws naming the fix otherwise. */
export function requireChroot(suite: Generation["suite"], flavour: Flavour = "plain"): string {
  const root = chrootRoot(suite, flavour);
  if (!isComplete(root)) {
    throw new Error(
      `the ${suite} cloud-init chroot${flavour === "plain" ? "" : ` with ${FLAVOUR_PACKAGES[flavour]}`} is not built (${root}). Build it as root: ` +
        `npm run test:generations builds every chroot it lacks (bash .ci/run does). These checks are never skipped.`,
    );
  }
  return root;
}

export interface ChrootResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function result(r: SpawnSyncReturns<string>): ChrootResult {
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface ChrootRunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Run in a new network namespace (only a down `lo`): what the code does to links cannot touch the host's. */
  netns?: boolean;
  /** The flavour of the generation's chroot to run in (default `plain`). */
  flavour?: Flavour;
}

/** Runs `argv` inside a generation's chroot, with a clean environment. */
export function runInChroot(
  suite: Generation["suite"],
  argv: string[],
  opts: ChrootRunOptions = {},
): ChrootResult {
  const root = requireChroot(suite, opts.flavour);
  const spawnOpts = {
    encoding: "utf8" as const,
    input: opts.input,
    env: { ...CHROOT_ENV, ...opts.env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 10 * 60 * 1000,
  };
  return result(
    opts.netns === true
      ? spawnSync("unshare", ["--net", "chroot", root, ...argv], spawnOpts)
      : spawnSync("chroot", [root, ...argv], spawnOpts),
  );
}

/** Runs a Python script with the chroot's own `/usr/bin/python3` (its cloud-init importable). */
export function runPythonIn(
  suite: Generation["suite"],
  script: string,
  opts: ChrootRunOptions = {},
): ChrootResult {
  return runInChroot(suite, ["/usr/bin/python3", "-c", script], opts);
}

/** Runs the chroot's `cloud-init` command line. */
export function runCloudInitIn(
  suite: Generation["suite"],
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): ChrootResult {
  return runInChroot(suite, ["/usr/bin/cloud-init", ...args], opts);
}

/** The cloud-init version the chroot reports (`20.4.1`, ...). */
export function chrootCloudInitVersion(suite: Generation["suite"]): string {
  return readFileSync(join(requireChroot(suite), ".bvm-cloud-init-version"), "utf8").trim();
}

/** A fresh directory under the chroot's /tmp: `host` is its path outside, `inside` the same one inside. */
export interface ChrootWorkdir {
  host: string;
  inside: string;
  remove(): void;
}

export function chrootWorkdir(suite: Generation["suite"]): ChrootWorkdir {
  const root = requireChroot(suite);
  const inside = `/tmp/bvm-${process.pid}-${randomBytes(6).toString("hex")}`;
  const host = join(root, inside);
  mkdirSync(host, { recursive: true });
  return { host, inside, remove: () => rmSync(host, { recursive: true, force: true }) };
}

/**
 * One work directory per chroot, made on first use and removed after the enclosing `describe` block's tests
 * (call it in the block's body: it registers jest's `afterAll`).
 */
export function workdirPerSuite(): (suite: Generation["suite"]) => ChrootWorkdir {
  const work = new Map<string, ChrootWorkdir>();
  afterAll(() => {
    for (const w of work.values()) w.remove();
  });
  return (suite) => {
    const dir = work.get(suite) ?? chrootWorkdir(suite);
    work.set(suite, dir);
    return dir;
  };
}
