/**
 * Switching a seed ISO's format (NoCloud <-> config drive) at the same path. The format is in the
 * resource's type, and the type in its URN: without an alias naming the other format's type, `pulumi up`
 * creates the new resource and deletes the old one at the end of the update, and that delete removes the
 * file the create has just written. The replay below follows the engine's steps (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go): the old state is found by URN, then by alias (`getOldResource`,
 * 655-713); found, it is diffed and updated or replaced (`generateStepsFromDiff`); not found, the resource
 * is created (1785) and the unclaimed old one deleted after the program (`GenerateDeletes`, 2328-2470,
 * `isOperatedOn` 2242-2252), against the real dynamic provider object.
 */
import * as pulumi from "@pulumi/pulumi";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installMocks, settle, unwrapSecrets, valueOf, type MockRecorder } from "../component/mock-harness";
import { isoVolumeId } from "./iso-reader";
import { SeedImageFormat, type SeedIsoInputs, type SeedIsoOutputs } from "../../src/seed-image/types";

let recorder: MockRecorder = installMocks();
// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component/bootstrapped-vm";
import { ConfigDriveSeedIso, NoCloudSeedIso } from "../../src/seed-image/resources";
import { seedIsoProvider } from "../../src/seed-image/provider";

const SPEC = { hostname: "web-01", runcmd: ["echo up"] };
const NOCLOUD = "pulumi-nodejs:dynamic/bootstrapped-vm:NoCloudSeedIso";
const CONFIG_DRIVE = "pulumi-nodejs:dynamic/bootstrapped-vm:ConfigDriveSeedIso";

let dir: string;
beforeEach(() => {
  // Each test runs two "deployments" of one program: a fresh mock monitor for each.
  dir = mkdtempSync(join(tmpdir(), "seed-format-switch-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A registered resource as the engine sees it: its URN, the URNs its aliases name, and its inputs. */
interface Goal {
  urn: string;
  aliases: string[];
  inputs: SeedIsoInputs;
}

async function goalOf(resource: pulumi.CustomResource, name: string): Promise<Goal> {
  await settle();
  // The aliases as the SDK collapsed them to URNs (@pulumi/pulumi resource.js, `__aliases`).
  const aliases = (resource as unknown as { __aliases: pulumi.Input<string>[] }).__aliases;
  return {
    urn: await valueOf(resource.urn),
    aliases: await Promise.all(aliases.map((a) => valueOf(pulumi.output(a)))),
    inputs: unwrapSecrets(recorder.byName(name).inputs) as SeedIsoInputs,
  };
}

/** The engine's record of a seed ISO: its URN, ID and provider outputs. */
interface Stored {
  urn: string;
  id: string;
  outs: SeedIsoOutputs;
}

/** The provider's create, as the engine records it. */
async function create(urn: string, inputs: SeedIsoInputs): Promise<Stored> {
  const { id, outs } = await seedIsoProvider.create!(inputs);
  return { urn, id, outs: outs as SeedIsoOutputs };
}

/**
 * What `pulumi up` does with the provider for a program that registers `next` where `prev` was: the
 * steps, and the record the engine keeps of `next`.
 */
async function replayUpdate(prev: Stored, next: Goal): Promise<{ steps: string[]; stored: Stored }> {
  if (next.urn === prev.urn || next.aliases.includes(prev.urn)) {
    const diff = await seedIsoProvider.diff!(prev.id, prev.outs, next.inputs);
    if ((diff.replaces ?? []).length > 0) {
      // deleteBeforeReplace is false: create the replacement, delete the old one after.
      const stored = await create(next.urn, next.inputs);
      await seedIsoProvider.delete!(prev.id, prev.outs);
      return { steps: ["create-replacement", "delete-replaced"], stored };
    }
    if (!diff.changes) return { steps: ["same"], stored: { ...prev, urn: next.urn } };
    const updated = await seedIsoProvider.update!(prev.id, prev.outs, next.inputs);
    return { steps: ["update"], stored: { urn: next.urn, id: prev.id, outs: updated.outs! } };
  }
  const stored = await create(next.urn, next.inputs);
  await seedIsoProvider.delete!(prev.id, prev.outs);
  return { steps: ["create", "delete"], stored };
}

/** Registers `make()` on a fresh mock monitor (one deployment of the program), and returns its goal. */
async function deploy(make: () => pulumi.CustomResource, name: string): Promise<Goal> {
  recorder = installMocks();
  return goalOf(make(), name);
}

describe("switching a seed ISO's format at the same path", () => {
  it("the component's seed child aliases the other format's type, so the switch rewrites the file in place", async () => {
    const path = join(dir, "web-seed.iso");
    const seen: { type: string; name: string; aliases: unknown }[] = [];
    const record: pulumi.ResourceTransformation = (args) => {
      seen.push({ type: args.type, name: args.name, aliases: args.opts.aliases });
      return undefined;
    };
    const vm = (format: SeedImageFormat) => () =>
      new BootstrappedVm(
        "web",
        { bootstrap: SPEC, seedImage: { format, path } },
        { transformations: [record] },
      ).seedIso as pulumi.CustomResource;

    const first = await deploy(vm(SeedImageFormat.NoCloud), "web-seed");
    const created = await create(first.urn, first.inputs);
    expect(isoVolumeId(path)).toBe("cidata");

    const second = await deploy(vm(SeedImageFormat.ConfigDrive), "web-seed");
    expect(seen.filter((s) => s.name === "web-seed")).toEqual([
      { type: NOCLOUD, name: "web-seed", aliases: [{ type: CONFIG_DRIVE }] },
      { type: CONFIG_DRIVE, name: "web-seed", aliases: [{ type: NOCLOUD }] },
    ]);
    expect(second.aliases).toContain(first.urn);

    const { steps } = await replayUpdate(created, second);
    expect(steps).toEqual(["update"]);
    expect(existsSync(path)).toBe(true);
    expect(isoVolumeId(path)).toBe("config-2");
  });

  it("a standalone NoCloudSeedIso swapped for a ConfigDriveSeedIso of the same name keeps its file, and back", async () => {
    const path = join(dir, "seed.iso");
    const noCloud = () => new NoCloudSeedIso("seed", { path, bootstrap: SPEC });
    const configDrive = () => new ConfigDriveSeedIso("seed", { path, bootstrap: SPEC });

    const first = await deploy(noCloud, "seed");
    let stored = await create(first.urn, first.inputs);
    let steps: string[];
    ({ steps, stored } = await replayUpdate(stored, await deploy(configDrive, "seed")));
    expect(steps).toEqual(["update"]);
    expect(isoVolumeId(path)).toBe("config-2");
    ({ steps, stored } = await replayUpdate(stored, await deploy(noCloud, "seed")));
    expect(steps).toEqual(["update"]);
    expect(isoVolumeId(path)).toBe("cidata");
  });

  it("keeps the user's own aliases next to the format's", async () => {
    const seen: unknown[] = [];
    recorder = installMocks();
    new NoCloudSeedIso(
      "seed",
      { path: join(dir, "a.iso"), bootstrap: SPEC },
      {
        aliases: [{ name: "old-seed" }],
        transformations: [
          (args) => {
            seen.push(args.opts.aliases);
            return undefined;
          },
        ],
      },
    );
    await settle();
    expect(seen).toEqual([[{ name: "old-seed" }, { type: CONFIG_DRIVE }]]);
  });
});
