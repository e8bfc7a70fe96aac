/**
 * `npm run bundle`: builds the command line's single file dist/cli.js with esbuild, then its V8 code
 * cache dist/cli.js.cache (read by bin/bootstrapped-vm.js).
 *
 * Node's own compile cache (`module.enableCompileCache`) stores a script's code cache right after
 * compiling it, before it runs: it holds the top level only, and every function the command calls is
 * compiled again in every process. A code cache made after the script ran holds the bytecode of every
 * function compiled so far (V8's `ScriptCompiler::CreateCodeCache` on the unbound script,
 * v8/include/v8-script.h; Node's `script.createCachedData()`, doc/api/vm.md "code cache ... after the
 * script has been executed"). So a child process runs the commands once (the training run below), and
 * the cache is taken after it. V8 refuses a cache made by another V8 version or with other flags
 * (`cachedDataRejected`), and the launcher then compiles as usual.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { OUTPUT_FORMATS } from "../src/cli/formats";

const ROOT = join(__dirname, "..", "..");
const ENTRY = join(ROOT, "src", "cli", "main.ts");
const VALIDATOR = join(ROOT, "schema", "bootstrap-spec.validate.js");

/** What a bundle exports: the command line's `main`, or a benchmark's reference program's. */
export interface BundleMain {
  main(argv: readonly string[]): Promise<number>;
}

/** bin/bootstrapped-vm.js's exports (the launcher, plain CommonJS). */
export interface Launcher {
  BUNDLE: string;
  CACHE: string;
  BUILD_MARK: string;
  buildId(source: string): string | undefined;
  cacheFor(source: string, cacheFile?: string): Buffer | undefined;
  compileBundle(
    source: string,
    cachedData: Buffer | undefined,
    filename?: string,
  ): { script: { createCachedData(): Buffer; cachedDataRejected?: boolean }; run: unknown };
  runBundle(run: unknown, filename?: string): BundleMain;
}

export const LAUNCHER = join(ROOT, "bin", "bootstrapped-vm.js");

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the launcher is plain CommonJS
const launcher = require(LAUNCHER) as Launcher;

/** Builds the generated validator into the bundle instead of loading it from the package root at run time. */
const builtInValidator: Plugin = {
  name: "built-in-validator",
  setup(b) {
    b.onResolve({ filter: /^\.\/validator-module$/ }, () => ({
      path: "validator-module",
      namespace: "bootstrapped-vm",
    }));
    b.onLoad({ filter: /^validator-module$/, namespace: "bootstrapped-vm" }, () => ({
      contents: `exports.loadSpecValidator = () => require(${JSON.stringify(VALIDATOR)});`,
      loader: "js",
      resolveDir: ROOT,
    }));
  },
};

/** A bundle input of Pulumi's SDK (any `@pulumi/*` package). */
export const PULUMI_INPUT = /(^|\/)node_modules\/@pulumi\//;

/** Writes `data` to `path` through a temporary file and a rename: readers see the old or the new file. */
function replaceFile(path: string, data: string | Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

/**
 * Bundles `entry` into the single ASCII file `bundle` (with the build mark on its last line), then has
 * `node ...trainer` (a child process) run it and write its code cache `cache` (see `trainCodeCache`).
 * The command line's build and the benchmarks' reference programs share it (bench/yaml-floor-build.ts).
 */
export async function bundleWithCodeCache(
  entry: string,
  bundle: string,
  cache: string,
  trainer: readonly string[],
  plugins: Plugin[] = [],
): Promise<void> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node22",
    charset: "ascii",
    // Whitespace and syntax only (names stay, for stack traces): a quarter less source to read.
    minifyWhitespace: true,
    minifySyntax: true,
    write: false,
    metafile: true,
    logLevel: "warning",
    plugins,
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("esbuild wrote no output");
  const inputs = Object.keys(result.metafile.inputs).sort();
  const pulumi = inputs.filter((path) => PULUMI_INPUT.test(path));
  if (pulumi.length > 0)
    throw new Error(
      `${bundle} would hold ${pulumi.length} files of Pulumi's SDK (e.g. ${pulumi[0]}): the command line ` +
        "must not load @pulumi/pulumi (~10 MB, 40 ms more at every start); import pure modules (src/render, " +
        "not src/component) from src/cli",
    );
  // What went into the bundle, for test/cli/startup.test.ts (not shipped).
  replaceFile(`${bundle}.inputs.json`, `${JSON.stringify(inputs, null, 2)}\n`);
  // ASCII only (charset), so the launcher may read it as latin1, the cheapest decoding.
  const code = output.text;
  const id = createHash("sha256").update(code).digest("hex");
  // The old cache goes first: a launcher never sees the new bundle with the old cache's build id.
  rmSync(cache, { force: true });
  replaceFile(bundle, `${code}${launcher.BUILD_MARK}${id}\n`);
  const train = spawnSync(process.execPath, trainer, { stdio: ["ignore", "ignore", "inherit"] });
  if (train.status !== 0) throw new Error(`the training run for ${cache} failed (${train.status})`);
}

/**
 * Runs `runs` (argument lists of the bundle's `main`) in this process on `bundle` compiled without a
 * cache, then writes the code cache `cache` of everything they compiled, headed by the bundle's build id.
 */
export async function trainCodeCache(
  bundle: string,
  cache: string,
  runs: readonly string[][],
): Promise<void> {
  const source = readFileSync(bundle, "latin1");
  const { script, run } = launcher.compileBundle(source, undefined, bundle);
  const program = launcher.runBundle(run, bundle);
  for (const argv of runs) {
    const status = await program.main(argv);
    if (status !== 0) throw new Error(`training run \`${bundle} ${argv.join(" ")}\` exited ${status}`);
  }
  const id = launcher.buildId(source);
  if (id === undefined) throw new Error(`${bundle} has no build mark on its last line`);
  replaceFile(cache, Buffer.concat([Buffer.from(`${id}\n`, "latin1"), script.createCachedData()]));
}

/** The commands the training run goes through: every output format, validation, help texts. */
function trainingRuns(spec: string, dir: string): string[][] {
  return [
    ["--help"],
    ["render", "--help"],
    ["validate", spec],
    ...OUTPUT_FORMATS.map((f) => ["render", spec, "--format", f.name, "--out", join(dir, f.name)]),
  ];
}

/** The command line's bundle dist/cli.js, then its cache after the training run (`--train`). */
async function bundleCli(): Promise<void> {
  await bundleWithCodeCache(
    ENTRY,
    launcher.BUNDLE,
    launcher.CACHE,
    [__filename, "--train"],
    [builtInValidator],
  );
}

/** Runs the commands in this process, then writes the code cache of the bundle they ran. */
async function train(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bvm-bundle-"));
  try {
    const spec = join(ROOT, "examples", "sample-spec.yaml");
    await trainCodeCache(launcher.BUNDLE, launcher.CACHE, trainingRuns(spec, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  (process.argv[2] === "--train" ? train() : bundleCli()).catch((err: unknown) => {
    process.stderr.write(`bundle-cli: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
