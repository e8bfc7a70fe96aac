/**
 * Each Pulumi example type-checked as Pulumi's TypeScript support compiles it for a user: with the
 * example's own tsconfig.json and the TypeScript its package.json names (manifests.test.ts holds that to
 * the repository's), and `bootstrapped-vm` resolved through this package's package.json `exports` to
 * its built declarations, as an install puts it. The example suites run the examples through jest with
 * the repository's compiler options instead, so an option an example's tsconfig.json sets (its module
 * resolution, one that TypeScript deprecates) is seen only here. installed-example.test.ts does the
 * same for one example with the packed package, installed.
 * What `pulumi up` does with them: the Node language host registers ts-node with the project's TypeScript and
 * `module`/`moduleResolution` `nodenext` (TypeScript >= 4.7), which the tsconfig.json's own compilerOptions
 * override (@pulumi/pulumi 3.276.0 cmd/run/run.js lines 280 and 347-361): an example still saying
 * `moduleResolution: node` would stop at TS5107 under TypeScript 6.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as ts from "typescript";
import { builtModule } from "../helpers/built-module";
import { ROOT } from "../package/packed";

const examples = readdirSync(join(ROOT, "examples"), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(ROOT, "examples", e.name, "tsconfig.json")))
  .map((e) => e.name)
  .sort();

/** The packages the example's package.json names. */
function namedPackages(example: string): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, "examples", example, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
}

/** tsc's diagnostics for the project in `dir` (its tsconfig.json), formatted; [] when it type-checks. */
function typeCheck(dir: string): string[] {
  const read = ts.readConfigFile(join(dir, "tsconfig.json"), (f) => ts.sys.readFile(f));
  if (read.error) return [ts.flattenDiagnosticMessageText(read.error.messageText, "\n")];
  const config = ts.parseJsonConfigFileContent(read.config, ts.sys, dir);
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: { ...config.options, noEmit: true },
  });
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => dir,
    getNewLine: () => "\n",
  };
  return [...config.errors, ...ts.getPreEmitDiagnostics(program)].map((d) =>
    ts.formatDiagnostic(d, host).trim(),
  );
}

describe("the Pulumi examples, type-checked with their own tsconfig.json", () => {
  let work: string;

  beforeAll(() => {
    builtModule("src/index.d.ts");
    // A project directory per example next to a node_modules holding what the examples' package.json
    // files name: this package (its package.json, whose `exports` lead to dist/) and the repository's
    // installs of the others.
    work = mkdtempSync(join(tmpdir(), "bvm-example-tsconfig-"));
    const modules = join(work, "node_modules");
    for (const name of new Set(examples.flatMap(namedPackages))) {
      const target = name === "bootstrapped-vm" ? ROOT : join(ROOT, "node_modules", name);
      if (!existsSync(target)) throw new Error(`${name} is not installed: run \`npm ci\``);
      mkdirSync(dirname(join(modules, name)), { recursive: true });
      symlinkSync(target, join(modules, name));
    }
    for (const example of examples) {
      mkdirSync(join(work, example));
      for (const file of ["index.ts", "tsconfig.json"]) {
        copyFileSync(join(ROOT, "examples", example, file), join(work, example, file));
      }
    }
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("are the seven Pulumi examples", () => {
    expect(examples).toHaveLength(7);
  });

  it("gives a program that installs the optional peers their real types, not `any`", () => {
    // The package's .d.ts import the peers' types under `@ts-ignore` (src/platforms/optional-peer.ts), which
    // makes them `any` where a peer is missing (installed-example.test.ts); where it is installed they must
    // stay the peer's own. `IsAny` is `true` only for `any`.
    const dir = join(work, "optional-peer-types");
    mkdirSync(dir);
    copyFileSync(join(ROOT, "examples", "openstack-static-ip", "tsconfig.json"), join(dir, "tsconfig.json"));
    writeFileSync(
      join(dir, "index.ts"),
      [
        'import type * as openstack from "@pulumi/openstack";',
        'import type * as pulumi from "@pulumi/pulumi";',
        'import type { BootstrappedVm, OpenstackArgs } from "bootstrapped-vm";',
        "type IsAny<T> = 0 extends 1 & T ? true : false;",
        "type BlockDevices = NonNullable<OpenstackArgs['blockDevices']>;",
        "export const notAny: [",
        "  IsAny<NonNullable<BootstrappedVm['openstackInstance']>>,",
        "  IsAny<NonNullable<BootstrappedVm['openstackPorts']>[number]>,",
        "  IsAny<NonNullable<BootstrappedVm['proxmoxVm']>>,",
        "  IsAny<NonNullable<BootstrappedVm['proxmoxSnippets']>[string]>,",
        "  IsAny<Extract<BlockDevices, unknown[]>[number]>,",
        "] = [false, false, false, false, false];",
        "export const instance: openstack.compute.Instance | undefined = undefined as unknown as BootstrappedVm['openstackInstance'];",
        "export const devices: pulumi.Input<pulumi.Input<openstack.types.input.compute.InstanceBlockDevice>[]> =",
        "  [] as unknown as BlockDevices;",
        "",
      ].join("\n"),
    );
    expect(typeCheck(dir)).toEqual([]);
  }, 120000);

  it.each(examples)(
    "examples/%s type-checks without a diagnostic",
    (example) => {
      expect(typeCheck(join(work, example))).toEqual([]);
    },
    120000,
  );
});
