import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  cleanupTempDirs,
  isoFile,
  isoListing,
  isoVolumeId,
  listTree,
  requireBuiltCli,
  ROOT,
  runCli,
  tempDir,
} from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

describe("bootstrapped-vm render-sample (README's main job)", () => {
  it("writes the sample spec as a NoCloud ISO and a config-drive ISO, byte-identical on every run", () => {
    const first = join(tempDir(), "out");
    const second = join(tempDir(), "out");
    for (const out of [first, second]) {
      const r = runCli(["render-sample", "--out", out]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(listTree(out)).toEqual(["config-drive.iso", "nocloud.iso"]);
    }
    expect(isoVolumeId(join(first, "nocloud.iso"))).toBe("cidata");
    expect(isoVolumeId(join(first, "config-drive.iso"))).toBe("config-2");
    expect(isoListing(join(first, "nocloud.iso"))).toEqual(
      expect.arrayContaining(["/meta-data", "/user-data"]),
    );
    expect(isoListing(join(first, "config-drive.iso"))).toContain("/openstack/latest/meta_data.json");
    for (const f of ["nocloud.iso", "config-drive.iso"]) {
      expect(readFileSync(join(first, f)).equals(readFileSync(join(second, f)))).toBe(true);
    }
  });

  it("renders the same user-data as `render` of examples/sample-spec.yaml", () => {
    const out = join(tempDir(), "out");
    expect(runCli(["render-sample", "--out", out]).status).toBe(0);
    const userData = join(tempDir(), "user-data");
    const spec = join(ROOT, "examples", "sample-spec.yaml");
    expect(runCli(["render", spec, "--format", "user-data", "--out", userData]).status).toBe(0);
    expect(isoFile(join(out, "nocloud.iso"), "/user-data")).toEqual(readFileSync(userData));
  });
});

describe("the main job without Pulumi and `pulumi up` of the root program", () => {
  it("write byte-identical seed images (CLI render-sample vs the seed-image providers the root program runs)", async () => {
    // The root program (index.ts) creates NoCloudSeedIso and ConfigDriveSeedIso (legacy network file on)
    // for examples/sample-spec.yaml; their provider is called here exactly as `pulumi up` calls it.
    const { parse } = await import("yaml");
    const { seedIsoProvider, noCloudSeedIsoInputs, configDriveSeedIsoInputs } =
      await import("../../src/seed-image");
    const spec = parse(readFileSync(join(ROOT, "examples", "sample-spec.yaml"), "utf8"), { version: "1.2" });
    const viaPulumi = tempDir();
    await seedIsoProvider.create(noCloudSeedIsoInputs(spec, { path: join(viaPulumi, "nocloud.iso") }));
    await seedIsoProvider.create(
      configDriveSeedIsoInputs(spec, { path: join(viaPulumi, "config-drive.iso"), legacyNetworkFile: true }),
    );
    const viaCli = join(tempDir(), "out");
    expect(runCli(["render-sample", "--out", viaCli]).status).toBe(0);
    for (const f of ["nocloud.iso", "config-drive.iso"]) {
      const cli = readFileSync(join(viaCli, f));
      expect(cli.length).toBeGreaterThan(0);
      expect(cli.equals(readFileSync(join(viaPulumi, f)))).toBe(true);
    }
  });
});
