/**
 * An example copied out of the repository, as a user copies it: its own package.json, tsconfig.json and
 * index.ts in a fresh directory, with `bootstrapped-vm` installed from the packed tarball (where a user's
 * npm would fetch the version the example names from the registry). It must type-check against the
 * package's published .d.ts and run against its published JavaScript; an example that imports the
 * repository's src/ by relative path fails here. It also runs as `pulumi up` runs it: the Node language host
 * starts the SDK's program runner, `node node_modules/@pulumi/pulumi/cmd/run --monitor=... --engine=... .`,
 * with the TypeScript flag and the stack's config in its environment; the runner registers ts-node (the one
 * @pulumi/pulumi vendors, 7.0.1, with the project's TypeScript, the example's pin) with the tsconfig.json's
 * compilerOptions over `nodenext` (@pulumi/pulumi 3.276.0 cmd/run/run.js lines 280 and 347-361) and loads
 * `main` from package.json. Here the engine and resource monitor are test/plugin/fake-engine.ts, on loopback.
 * The other example tests run the examples against the working tree (jest maps `bootstrapped-vm` to
 * src/index.ts).
 * The example installs no optional peer (`@pulumi/openstack`, `@muhlba91/pulumi-proxmoxve`) and its
 * tsconfig.json, like Pulumi's TypeScript template (pulumi/templates typescript/tsconfig.json), leaves
 * `skipLibCheck` off: tsc checks the package's .d.ts files too, which import those peers' types
 * (src/platforms/optional-peer.ts).
 */
import { execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeEngine } from "../plugin/fake-engine";
import { installOffline, packInto, ROOT } from "./packed";

const EXAMPLE = "libvirt-seed";
const exampleDir = join(ROOT, "examples", EXAMPLE);
const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
/** The example's package.json as the repository has it. */
const exampleManifest = JSON.parse(readFileSync(join(exampleDir, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// Runs in the copied example: its compiled program under Pulumi mocks, as `pulumi preview` would run it.
const RUN = `
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
const program = require("./build/index.js");
pulumi.all(program).apply((values) => {
  console.log(JSON.stringify({
    packageFrom: require.resolve("bootstrapped-vm"),
    types,
    deliveredTo: values.deliveredTo,
    virtInstallCommand: values.virtInstallCommand,
  }));
});
`;

/** The optional peer dependencies of the package (package.json `peerDependenciesMeta`). */
const optionalPeers = Object.entries(
  (
    JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    }
  ).peerDependenciesMeta,
)
  .filter(([, meta]) => meta.optional === true)
  .map(([name]) => name);

/**
 * tsc with `args` in `project`: its output; throws with its diagnostics when it fails. The project's own
 * TypeScript, or the one installed under `typescriptDir`.
 */
function tsc(project: string, args: string[], typescriptDir = project): string {
  const bin = join(typescriptDir, "node_modules", "typescript", "bin", "tsc");
  try {
    return execFileSync(process.execPath, [bin, ...args, "--pretty", "false"], {
      cwd: project,
      encoding: "utf8",
      stdio: "pipe",
    });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`tsc ${args.join(" ")} failed:\n${String(stdout ?? "")}${String(stderr ?? "")}`);
  }
}

/** Runs `command` to its end without blocking this process (the fake engine answers it from here). */
function runChild(
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...opts, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

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
    const manifest = structuredClone(exampleManifest);
    // What `npm install ../bootstrapped-vm-<version>.tgz` writes: the tarball in place of the registry version.
    manifest.dependencies["bootstrapped-vm"] = `file:../${tarball}`;
    writeFileSync(join(project, "package.json"), JSON.stringify(manifest, null, 2));
    installOffline(project, `the dependencies of examples/${EXAMPLE}`);
    // The example's compiler options and index.ts (its `files`, inherited) with each .d.ts under dist/src a
    // root of its own, so that one no export reaches today is checked too.
    const declarations = {
      extends: "./tsconfig.json",
      compilerOptions: { noEmit: true },
      include: ["node_modules/bootstrapped-vm/dist/src/**/*.d.ts"],
    };
    writeFileSync(join(project, "tsconfig.declarations.json"), JSON.stringify(declarations));
    // The same files and index.ts under the compiler options of Pulumi's own TypeScript template, which a
    // user who started with `pulumi new typescript` has (pulumi/templates typescript/tsconfig.json at 65db26b,
    // 4 August 2026: ES2020, no `types`, no `esModuleInterop`, no `skipLibCheck`).
    const template = {
      compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "nodenext",
        moduleResolution: "nodenext",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
        noEmit: true,
      },
      files: ["index.ts"],
      include: declarations.include,
    };
    writeFileSync(join(project, "tsconfig.pulumi-template.json"), JSON.stringify(template));
    // The template before that (a3029400, 15 April 2024 to 25 March 2026), which projects made then still
    // have: CommonJS with `moduleResolution: node`, which TypeScript 6 refuses (TS5107), so only the oldest
    // TypeScript runs it.
    const template2024 = {
      ...template,
      compilerOptions: { ...template.compilerOptions, module: "commonjs", moduleResolution: "node" },
    };
    writeFileSync(join(project, "tsconfig.pulumi-template-2024.json"), JSON.stringify(template2024));
  }, 600000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("names bootstrapped-vm as a dependency at this package's version", () => {
    expect(exampleManifest.dependencies["bootstrapped-vm"]).toBe(`^${version}`);
  });

  it("installs none of the optional peers and checks declaration files (skipLibCheck off)", () => {
    expect(optionalPeers.sort()).toEqual(["@muhlba91/pulumi-proxmoxve", "@pulumi/openstack"]);
    for (const peer of optionalPeers) expect(existsSync(join(project, "node_modules", peer))).toBe(false);
    const tsconfig = JSON.parse(readFileSync(join(project, "tsconfig.json"), "utf8")) as {
      compilerOptions: Record<string, unknown>;
    };
    expect(tsconfig.compilerOptions["skipLibCheck"]).toBeUndefined();
  });

  it("type-checks against the installed package's declarations", () => {
    tsc(project, ["-p", ".", "--outDir", "build"]);
  }, 120000);

  it("type-checks every declaration file the package publishes, without its optional peers, also under Pulumi's template", () => {
    const listed = tsc(project, ["-p", "tsconfig.declarations.json", "--listFiles"]);
    // The files that import a peer's types were among those checked.
    for (const file of [
      "platforms/platform.d.ts",
      "platforms/openstack/args.d.ts",
      "platforms/proxmox/provider.d.ts",
    ])
      expect(listed).toContain(join("bootstrapped-vm", "dist", "src", file));
    tsc(project, ["-p", "tsconfig.pulumi-template.json"]);
  }, 120000);

  it("type-checks the same with the oldest TypeScript its @types/node supports", () => {
    // @types/node's `typeScriptVersion` (5.6 for 22.20): TypeScript before 5.7 reads its older typings, where
    // `Buffer` is not generic, so a .d.ts that says `Buffer<ArrayBuffer>` fails there.
    // .ci/prefetch.sh caches the same `typescript@~<typeScriptVersion>`.
    const typesNode = JSON.parse(
      readFileSync(join(project, "node_modules", "@types", "node", "package.json"), "utf8"),
    ) as { typeScriptVersion: string };
    const oldest = join(work, "typescript-oldest");
    mkdirSync(oldest);
    const range = `~${typesNode.typeScriptVersion}`;
    writeFileSync(
      join(oldest, "package.json"),
      JSON.stringify({ private: true, dependencies: { typescript: range } }),
    );
    installOffline(oldest, `typescript@${range}`);
    const version = tsc(project, ["--version"], oldest);
    expect(version).toMatch(new RegExp(`^Version ${typesNode.typeScriptVersion.replace(".", "\\.")}\\.`));
    tsc(project, ["-p", "tsconfig.declarations.json"], oldest);
    tsc(project, ["-p", "tsconfig.pulumi-template.json"], oldest);
    tsc(project, ["-p", "tsconfig.pulumi-template-2024.json"], oldest);
  }, 300000);

  it("runs the command line through npm's bin link, to the same bytes as the working tree's", () => {
    // `npm install` links node_modules/.bin/bootstrapped-vm to the package's bin/bootstrapped-vm.js, which
    // loads dist/cli.js (and its code cache) from where the link leads; the sample spec ships in the package.
    const installed = join(project, "node_modules", "bootstrapped-vm");
    const link = join(project, "node_modules", ".bin", "bootstrapped-vm");
    const spec = join(installed, "examples", "sample-spec.yaml");
    const fromLink = join(work, "from-link.iso");
    const fromTree = join(work, "from-tree.iso");
    execFileSync(link, ["render", spec, "--format", "nocloud-iso", "--out", fromLink], {
      cwd: project,
      stdio: "pipe",
    });
    execFileSync(
      process.execPath,
      [join(ROOT, "bin", "bootstrapped-vm.js"), "render", spec, "-f", "nocloud-iso", "-o", fromTree],
      {
        stdio: "pipe",
      },
    );
    expect(readFileSync(fromLink).equals(readFileSync(fromTree))).toBe(true);
    // An ISO 9660 image whose primary volume descriptor names the NoCloud volume.
    expect(readFileSync(fromLink).subarray(0x8001, 0x8006).toString("latin1")).toBe("CD001");
    expect(readFileSync(fromLink).subarray(0x8028, 0x8030).toString("latin1")).toBe("cidata  ");
  });

  it("runs against the installed package and registers the component and its seed ISO", () => {
    const seedPath = join(work, "web-01-seed.iso");
    const out = execFileSync(process.execPath, ["-e", RUN], {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, SEED_PATH: seedPath },
    });
    const result = JSON.parse(out.trim().split("\n").pop()!) as {
      packageFrom: string;
      types: string[];
      deliveredTo: string;
      virtInstallCommand: string;
    };
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
  }, 120000);

  it("runs index.ts as `pulumi up` does: the SDK's program runner, ts-node and the project's TypeScript", async () => {
    const engine = await startFakeEngine();
    try {
      const seedPath = join(work, "web-01-seed-up.iso");
      const runner = join(project, "node_modules", "@pulumi", "pulumi", "cmd", "run");
      const args = [runner, `--monitor=${engine.monitorAddress}`, `--engine=${engine.engineAddress}`];
      args.push(`--project=${EXAMPLE}`, "--stack=dev", `--pwd=${project}`, ".");
      // What the language host puts in the runner's environment: the TypeScript flag (Pulumi.yaml's
      // runtime option, on by default) and the stack's config.
      const env = {
        ...process.env,
        PULUMI_NODEJS_TYPESCRIPT: "true",
        PULUMI_CONFIG: JSON.stringify({ [`${EXAMPLE}:seedPath`]: seedPath }),
      };
      const { code, stderr } = await runChild(process.execPath, args, { cwd: project, env });
      // Its errors and warnings go to the engine's log (a TypeScript error ends it with status 32).
      const problems = engine.logRecords.filter((l) => l.severity >= 2).map((l) => l.message);
      expect({ code, stderr, problems }).toEqual({ code: 0, stderr: "", problems: [] });
      // Its debug log says which compiler and ts-node loaded index.ts (@pulumi/pulumi tsutils.js).
      const typescript = join(project, "node_modules", "typescript", "lib", "typescript.js");
      const pinned = exampleManifest.devDependencies["typescript"];
      expect(engine.logs).toEqual(
        expect.arrayContaining([
          `Found typescript version ${pinned} at ${typescript}`,
          "Using vendored ts-node@7.0.1",
          `Running program '${join(project, "index.ts")}' in pwd '${project}' w/ args: `,
        ]),
      );
      expect(engine.registrations.map((r) => r.type)).toEqual(
        expect.arrayContaining([
          "pulumi:pulumi:Stack",
          "bootstrapped-vm:index:BootstrappedVm",
          "pulumi-nodejs:dynamic/bootstrapped-vm:NoCloudSeedIso",
        ]),
      );
      // The seed ISO's provider, serialized in the program's process, names the installed package's public
      // entry point only (test/package/serialized-provider.test.ts evaluates such a text).
      const iso = engine.registrations.find((r) => r.type.endsWith(":NoCloudSeedIso"));
      const provider = String(iso?.inputs["__provider"]);
      expect(provider).toContain('require("bootstrapped-vm/seed-iso-lifecycle")');
      expect(provider).not.toContain("dist/src");
      const stack = engine.registeredOutputs.find((o) => o.urn.includes("::pulumi:pulumi:Stack::"));
      expect(stack?.outputs["deliveredTo"]).toBe(`nocloud seed ISO (volume label cidata) at ${seedPath}`);
      expect(String(stack?.outputs["virtInstallCommand"])).toContain(`--disk path=${seedPath},device=cdrom`);
    } finally {
      await engine.close();
    }
  }, 120000);
});
