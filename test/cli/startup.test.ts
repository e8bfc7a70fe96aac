/**
 * What the command line loads when it starts: the launcher (bin/bootstrapped-vm.js), one bundled file
 * (dist/cli.js, built by `npm run build` with esbuild, the generated validator built in) and V8's code
 * cache of it (dist/cli.js.cache, taken after a training run by tools/bundle-cli.ts), all shipped in the
 * package; nothing from node_modules, and no Node module a command does not use.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CLI, cleanupTempDirs, fixture, requireBuiltCli, ROOT, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

interface Loaded {
  /** Files of the package the process read or required, relative to the package root, sorted. */
  files: string[];
  /** Node's built-in modules the process loaded (`process.moduleLoadList`). */
  builtins: string[];
  /** How many times the process read the bundle, dist/cli.js (`readFileSync` or `openSync`, Node's loader included). */
  bundleReads: number;
}

/**
 * Runs the launcher `cli` with a preload that records the files it reads (`readFileSync`, or `openSync`: a
 * spec file is read in chunks, src/cli/load-spec.ts; not the `openSync` of a `readFileSync`) and the modules
 * it loads.
 */
function loaded(args: string[], cli = CLI, root = ROOT): Loaded {
  const dir = tempDir();
  const record = join(dir, "loaded.json");
  const preload = join(dir, "record.js");
  writeFileSync(
    preload,
    `const fs = require("fs"); const read = fs.readFileSync; const files = [];
let reading = 0;
fs.readFileSync = function (p, ...rest) {
  files.push(String(p)); reading++;
  try { return read.call(this, p, ...rest); } finally { reading--; }
};
const open = fs.openSync;
fs.openSync = function (p, ...rest) { if (reading === 0) files.push(String(p)); return open.call(this, p, ...rest); };
process.on("exit", () => fs.writeFileSync(${JSON.stringify(record)},
  JSON.stringify({ files: [...files, ...Object.keys(require.cache)], reads: files, builtins: process.moduleLoadList })));\n`,
  );
  const r = spawnSync(process.execPath, ["--require", preload, cli, ...args], { cwd: dir, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const rec = JSON.parse(readFileSync(record, "utf8")) as {
    files: string[];
    reads: string[];
    builtins: string[];
  };
  const files = rec.files.filter((f) => f !== preload && f.startsWith(root)).map((f) => relative(root, f));
  const bundleReads = rec.reads.filter((f) => relative(root, f) === join("dist", "cli.js")).length;
  return { files: [...new Set(files)].sort(), builtins: rec.builtins, bundleReads };
}

/** The built-in modules `node -e 0` loads: the runtime's own start-up. */
function runtimeBuiltins(): Set<string> {
  const r = spawnSync(process.execPath, ["-p", "JSON.stringify(process.moduleLoadList)"], {
    encoding: "utf8",
  });
  return new Set(JSON.parse(r.stdout) as string[]);
}

/** A copy of the launcher and the bundle in a fresh directory, with `cache` as the bundle's code cache. */
function copyOfPackage(cache: Buffer): string {
  const root = tempDir();
  mkdirSync(join(root, "bin"));
  mkdirSync(join(root, "dist"));
  copyFileSync(CLI, join(root, "bin", "bootstrapped-vm.js"));
  copyFileSync(join(ROOT, "dist", "cli.js"), join(root, "dist", "cli.js"));
  copyFileSync(join(ROOT, "package.json"), join(root, "package.json"));
  writeFileSync(join(root, "dist", "cli.js.cache"), cache);
  return root;
}

describe("bootstrapped-vm start-up", () => {
  it("reads only the launcher, the bundle and its code cache to render a seed image", () => {
    const out = join(tempDir(), "seed.iso");
    expect(loaded(["render", fixture("full.yaml"), "-f", "nocloud-iso", "-o", out]).files).toEqual([
      "bin/bootstrapped-vm.js",
      "dist/cli.js",
      "dist/cli.js.cache",
      "test/cli/fixtures/full.yaml",
    ]);
  });

  it("reads nothing but the launcher and the bundle for --help (the code cache would cost more than it saves)", () => {
    expect(loaded(["--help"]).files).toEqual(["bin/bootstrapped-vm.js", "dist/cli.js"]);
  });

  it("reads the bundle once, for --help, --version and a render alike", () => {
    const out = join(tempDir(), "seed.iso");
    // Node's loader reads it for --help and --version; at most once, in case a later Node reads it another way.
    expect(loaded(["--help"]).bundleReads).toBeLessThanOrEqual(1);
    expect(loaded(["--version"]).bundleReads).toBeLessThanOrEqual(1);
    expect(loaded(["render", fixture("full.yaml"), "-f", "nocloud-iso", "-o", out]).bundleReads).toBe(1);
  });

  it("names the fix when the bundle is not built, for --help as for a command", () => {
    const root = tempDir();
    mkdirSync(join(root, "bin"));
    copyFileSync(CLI, join(root, "bin", "bootstrapped-vm.js"));
    for (const args of [["--help"], ["--version"], ["validate", fixture("full.yaml")]]) {
      const r = spawnSync(process.execPath, [join(root, "bin", "bootstrapped-vm.js"), ...args], {
        encoding: "utf8",
      });
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
        status: 1,
        stdout: "",
        stderr: "bootstrapped-vm: the package is not built: run `npm run build` in its directory\n",
      });
    }
  });

  it("loads no compression, crypto or stream module to render a seed image of a spec without gzip content or plain passwords", () => {
    const out = join(tempDir(), "seed.iso");
    const runtime = runtimeBuiltins();
    const extra = loaded(["render", fixture("full.yaml"), "-f", "nocloud-iso", "-o", out]).builtins.filter(
      (m) => !runtime.has(m),
    );
    expect(extra).not.toContain("NativeModule zlib");
    expect(extra).not.toContain("NativeModule crypto");
    expect(extra).not.toContain("NativeModule stream");
  });

  it("bundles no file of Pulumi's SDK and none of the component layer (the command line registers no resources)", () => {
    // Written by the build next to the bundle: esbuild's list of the files that went into it.
    const inputs = JSON.parse(readFileSync(join(ROOT, "dist", "cli.js.inputs.json"), "utf8")) as string[];
    expect(inputs).toEqual(expect.arrayContaining(["src/cli/main.ts", "src/render/render-all.ts"]));
    expect(
      inputs.filter((path) => /node_modules\/@pulumi\/|^src\/(component|platforms)\//.test(path)),
    ).toEqual([]);
  });

  it("ships the launcher, the bundle and its code cache in the package (package.json files)", () => {
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    const [pack] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
    const paths = (pack?.files ?? []).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(["bin/bootstrapped-vm.js", "dist/cli.js", "dist/cli.js.cache"]),
    );
  });

  it("has a code cache that V8 accepts for the bundle (same Node, same build)", () => {
    // In a process of its own, as the launcher runs: V8 refuses a code cache made under other flags, and
    // this test process's flags are not a fresh node's (Pulumi's closure serializer, used by other suites
    // in the same jest process, sets --allow-natives-syntax: @pulumi/pulumi runtime/closure/v8.js).
    const probe = [
      `const launcher = require(${JSON.stringify(CLI)});`,
      `const source = require("node:fs").readFileSync(${JSON.stringify(join(ROOT, "dist", "cli.js"))}, "latin1");`,
      "const cache = launcher.cacheFor(source);",
      "if (!Buffer.isBuffer(cache)) throw new Error('no code cache for this bundle');",
      "process.stdout.write(String(launcher.compileBundle(source, cache).script.cachedDataRejected));",
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("false");
  });

  it("renders the same bytes when the code cache belongs to another build or V8 refuses it", () => {
    const cache = readFileSync(join(ROOT, "dist", "cli.js.cache"));
    const header = cache.subarray(0, 65);
    const otherBuild = Buffer.concat([Buffer.from(`${"0".repeat(64)}\n`), cache.subarray(65)]);
    const garbage = Buffer.concat([header, Buffer.alloc(cache.length - 65, 7)]);
    const render = (cli: string) => {
      const out = join(tempDir(), "seed.iso");
      const r = spawnSync(
        process.execPath,
        [cli, "render", fixture("full.yaml"), "-f", "nocloud-iso", "-o", out],
        {
          encoding: "utf8",
        },
      );
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      return readFileSync(out);
    };
    const expected = render(CLI);
    for (const bad of [otherBuild, garbage]) {
      const root = copyOfPackage(bad);
      expect(render(join(root, "bin", "bootstrapped-vm.js")).equals(expected)).toBe(true);
    }
  });
});
