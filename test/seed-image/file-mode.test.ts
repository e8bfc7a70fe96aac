/**
 * Seed ISO file modes: an image holding a password hash, private key or secret file is written readable
 * by its owner only (0600) unless the user asks for another mode; one without secrets stays 0644.
 */
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { noCloudSeedIsoInputs } from "../../src/seed-image/inputs";
import { seedIsoProvider } from "../../src/seed-image/provider";
import type { SeedIsoInputs, SeedIsoOutputs } from "../../src/seed-image/types";
import { plainSpec, sampleSpec } from "./sample-spec";

const provider = seedIsoProvider as Required<typeof seedIsoProvider>;
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "seed-mode-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function create(inputs: SeedIsoInputs): Promise<SeedIsoOutputs> {
  return (await provider.create(inputs)).outs as SeedIsoOutputs;
}

describe("seed ISO file mode", () => {
  it("writes an image holding a password hash readable by its owner only (0600)", async () => {
    const path = join(dir, "secret.iso");
    const inputs = noCloudSeedIsoInputs(sampleSpec(), { path });
    expect(inputs.fileMode).toBe(0o600);
    expect((await create(inputs)).fileMode).toBe(0o600);
    expect(modeOf(path)).toBe("600");
  });

  it("keeps an image without secrets readable by others (0644)", async () => {
    const path = join(dir, "plain.iso");
    const inputs = noCloudSeedIsoInputs(plainSpec(), { path, assignedMacAddresses: ["52:54:00:00:00:01"] });
    expect(inputs.fileMode).toBe(0o644);
    await create(inputs);
    expect(modeOf(path)).toBe("644");
  });

  it("uses the mode the user asks for, exactly, even for an image with secrets", async () => {
    const path = join(dir, "group.iso");
    await create(noCloudSeedIsoInputs(sampleSpec(), { path, fileMode: 0o640 }));
    expect(modeOf(path)).toBe("640");
  });

  it("corrects the mode of an unchanged image on update (state written before file modes existed)", async () => {
    const path = join(dir, "old.iso");
    const { fileMode: _mode, ...old } = noCloudSeedIsoInputs(sampleSpec(), { path });
    const olds = await create(old);
    expect(modeOf(path)).toBe("644");
    const news = noCloudSeedIsoInputs(sampleSpec(), { path });
    const { fileMode: _m, ...oldState } = olds;
    const diff = await provider.diff(path, oldState as SeedIsoOutputs, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const outs = (await provider.update(path, olds, news)).outs as SeedIsoOutputs;
    expect(outs.fileMode).toBe(0o600);
    expect(modeOf(path)).toBe("600");
  });

  it("reports no change when the mode is as asked, and the mode found on disk on refresh", async () => {
    const path = join(dir, "same.iso");
    const inputs = noCloudSeedIsoInputs(sampleSpec(), { path });
    const outs = await create(inputs);
    expect((await provider.diff(path, outs, inputs)).changes).toBe(false);
    chmodSync(path, 0o644);
    const refreshed = (await provider.read(path, outs)).props as SeedIsoOutputs;
    expect(refreshed.fileMode).toBe(0o644);
    expect((await provider.diff(path, refreshed, inputs)).changes).toBe(true);
  });

  it("refuses a mode that is not permission bits", async () => {
    const inputs = {
      ...noCloudSeedIsoInputs(plainSpec(), {
        path: join(dir, "x.iso"),
        assignedMacAddresses: ["52:54:00:00:00:01"],
      }),
      fileMode: 0o4755,
    };
    expect(await provider.check(inputs, inputs)).toEqual({
      failures: [
        {
          property: "fileMode",
          reason: "fileMode must be permission bits between 0 and 0o777 (511), e.g. 0o600; got 2541",
        },
      ],
    });
  });
});
