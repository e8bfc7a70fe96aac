/**
 * An example copied out of the repository, as a user copies it: its own package.json, tsconfig.json and
 * index.ts in a fresh directory, with `bootstrapped-vm` installed from the packed tarball (where a user's
 * npm would fetch the version the example names from the registry). It must type-check against the
 * package's published .d.ts and run against its published JavaScript; an example that imports the
 * repository's src/ by relative path fails here. It also runs its index.ts as `pulumi up` loads a TypeScript
 * program: ts-node (the one @pulumi/pulumi vendors, 7.0.1) with the project's TypeScript (the example's pin) and
 * the tsconfig.json's compilerOptions over `nodenext` (@pulumi/pulumi 3.276.0 cmd/run/run.js lines 280 and
 * 347-361, tsutils.js `typeScriptRequireStrings`). The other example tests run the examples against the
 * working tree (jest maps `bootstrapped-vm` to src/index.ts).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installOffline, packInto, ROOT } from "./packed";

const EXAMPLE = "libvirt-seed";
const exampleDir = join(ROOT, "examples", EXAMPLE);
const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

// Loads the copied example's index.ts as the Node language host does for a CommonJS TypeScript program.
const TS_NODE = `
const path = require("node:path");
const tsutils = require("@pulumi/pulumi/tsutils");
const tsConfigPath = path.resolve("tsconfig.json");
const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: compilerOptions.noCheck,
  project: tsConfigPath,
  skipProject: false,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
});
loaded = {
  tsNode: path.basename(tsnodeRequire) === "ts-node@7.0.1" ? "vendored ts-node 7.0.1" : tsnodeRequire,
  typescript: require(typescriptRequire).version,
};
`;

/**
 * Runs in the copied example: its program (`entry`) under Pulumi mocks, as `pulumi preview` would run it, after
 * `load` (empty for tsc's JavaScript; TS_NODE registers ts-node and says in `loaded` which one it used).
 */
const run = (load: string, entry: string) => `
let loaded;
${load}
const pulumi = require("@pulumi/pulumi");
const types = [];
pulumi.runtime.setMocks(
  {
    newResource: (a) => { types.push(a.type); return { id: a.name + "-id", state: a.inputs }; },
    call: (a) => a.inputs,
  },
  ${JSON.stringify(EXAMPLE)}, "dev", true,
);
pulumi.runtime.setAllConfig({ "${EXAMPLE}:seedPath": process.env.SEED_PATH });
const program = require(${JSON.stringify(entry)});
pulumi.all(program).apply((values) => {
  console.log(JSON.stringify({
    loaded,
    packageFrom: require.resolve("bootstrapped-vm"),
    types,
    deliveredTo: values.deliveredTo,
    virtInstallCommand: values.virtInstallCommand,
  }));
});
`;

describe(`examples/${EXAMPLE} copied out of the repository`, () => {
  let work: string;
  let project: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "bvm-installed-example-"));
    project = join(work, EXAMPLE);
    const tarball = packInto(work);
    mkdirSync(project);
    for (const file of ["index.ts", "tsconfig.json", "Pulumi.yaml"]) {
      copyFileSync(join(exampleDir, file), join(project, file));
    }
    const manifest = JSON.parse(readFileSync(join(exampleDir, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    // What `npm install ../bootstrapped-vm-<version>.tgz` writes: the tarball in place of the registry version.
    manifest.dependencies["bootstrapped-vm"] = `file:../${tarball}`;
    writeFileSync(join(project, "package.json"), JSON.stringify(manifest, null, 2));
    installOffline(project, `the dependencies of examples/${EXAMPLE}`);
  }, 600000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("names bootstrapped-vm as a dependency at this package's version", () => {
    const manifest = JSON.parse(readFileSync(join(exampleDir, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies["bootstrapped-vm"]).toBe(`^${version}`);
  });

  it("type-checks against the installed package's declarations", () => {
    const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "-p", ".", "--outDir", "build"], { cwd: project, stdio: "pipe" });
  }, 120000);

  /** Runs the example's program, loaded by `load`, from `entry`; the result it prints. */
  function runExample(load: string, entry: string, seedPath: string) {
    const out = execFileSync(process.execPath, ["-e", run(load, entry)], {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, SEED_PATH: seedPath },
    });
    return JSON.parse(out.trim().split("\n").pop()!) as {
      loaded?: { tsNode: string; typescript: string };
      packageFrom: string;
      types: string[];
      deliveredTo: string;
      virtInstallCommand: string;
    };
  }

  it.each([
    ["compiled by tsc (the test above)", "", "./build/index.js"],
    ["loaded as `pulumi up` loads index.ts (ts-node, the project's TypeScript)", TS_NODE, "./index.ts"],
  ])(
    "runs against the installed package and registers the component and its seed ISO: %s",
    (_how, load, entry) => {
      const seedPath = join(work, `web-01-seed-${entry.endsWith(".ts") ? "ts-node" : "tsc"}.iso`);
      const result = runExample(load, entry, seedPath);
      if (load !== "") {
        const pinned = (
          JSON.parse(readFileSync(join(exampleDir, "package.json"), "utf8")) as {
            devDependencies: Record<string, string>;
          }
        ).devDependencies["typescript"];
        expect(result.loaded).toEqual({ tsNode: "vendored ts-node 7.0.1", typescript: pinned });
      }
      expect(result.packageFrom).toBe(
        join(project, "node_modules", "bootstrapped-vm", "dist", "src", "index.js"),
      );
      expect(result.types).toEqual(
        expect.arrayContaining([
          "bootstrapped-vm:index:BootstrappedVm",
          "pulumi-nodejs:dynamic/bootstrapped-vm:NoCloudSeedIso",
        ]),
      );
      expect(result.deliveredTo).toBe(`nocloud seed ISO (volume label cidata) at ${seedPath}`);
      expect(result.virtInstallCommand).toContain(`--disk path=${seedPath},device=cdrom`);
    },
    120000,
  );
});
