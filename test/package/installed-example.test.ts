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
 */
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  }, 600000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("names bootstrapped-vm as a dependency at this package's version", () => {
    expect(exampleManifest.dependencies["bootstrapped-vm"]).toBe(`^${version}`);
  });

  it("type-checks against the installed package's declarations", () => {
    const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "-p", ".", "--outDir", "build"], { cwd: project, stdio: "pipe" });
  }, 120000);

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
