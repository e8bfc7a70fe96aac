/**
 * `seedIsoProvider`: the Pulumi dynamic provider that writes a seed ISO to a local file, for Node.js
 * programs (Python, Go, .NET and YAML programs get the provider plugin's `SeedIsoFile` instead). Its
 * lifecycle is seed-iso-ops.ts, shared with the plugin.
 *
 * Serialization: Pulumi serializes this object as a closure and evaluates it in a separate provider process
 * (started in the program's project directory), also for `destroy`/`refresh` after an upgrade. The methods
 * use ONE module, seed-iso-ops.ts, which is a public entry point of the package (`exports`
 * `./seed-iso-lifecycle`): Pulumi's serializer writes a module inside node_modules as a `require` of its
 * package export (@pulumi/pulumi runtime/closure/createClosure.js `captureModuleAsync`, package.js
 * `getModuleFromPath`), so the installed package's closure holds `require("bootstrapped-vm/seed-iso-lifecycle")`
 * and no internal path. From sources (this repository) the module is captured by value and loads the ISO
 * writer by its entry point `bootstrapped-vm/seed-image-builder` (image-builder-loader.ts says why).
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  checkSeedIso,
  deleteSeedIso,
  diffSeedIso,
  loadImageBuilder,
  readSeedIso,
  writeSeedIso,
} from "./seed-iso-ops";
import type { SeedIsoInputs, SeedIsoOutputs } from "./types";

export const seedIsoProvider: pulumi.dynamic.ResourceProvider<SeedIsoInputs, SeedIsoOutputs> = {
  async check(_olds: SeedIsoInputs, news: SeedIsoInputs): Promise<pulumi.dynamic.CheckResult<SeedIsoInputs>> {
    return checkSeedIso(news);
  },

  async diff(_id: pulumi.ID, olds: SeedIsoOutputs, news: SeedIsoInputs): Promise<pulumi.dynamic.DiffResult> {
    return diffSeedIso(olds, news);
  },

  async create(inputs: SeedIsoInputs): Promise<pulumi.dynamic.CreateResult<SeedIsoOutputs>> {
    return { id: inputs.path, outs: await writeSeedIso(inputs, loadImageBuilder) };
  },

  async update(
    _id: pulumi.ID,
    _olds: SeedIsoOutputs,
    news: SeedIsoInputs,
  ): Promise<pulumi.dynamic.UpdateResult<SeedIsoOutputs>> {
    return { outs: await writeSeedIso(news, loadImageBuilder) };
  },

  async delete(_id: pulumi.ID, props: SeedIsoOutputs): Promise<void> {
    await deleteSeedIso(props);
  },

  async read(id: pulumi.ID, props?: SeedIsoOutputs): Promise<pulumi.dynamic.ReadResult<SeedIsoOutputs>> {
    return readSeedIso(id, props);
  },
};
