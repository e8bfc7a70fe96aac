/**
 * `seedIsoProvider`: the Pulumi dynamic provider that writes a seed ISO to a local file, for Node.js
 * programs (Python, Go, .NET and YAML programs get the provider plugin's `SeedIsoFile` instead). Its
 * lifecycle is seed-iso-ops.ts, shared with the plugin.
 *
 * Serialization: Pulumi serializes this object as a closure and evaluates it in a separate provider process
 * (started in the program's project directory). The functions of seed-iso-ops.ts are captured by value;
 * the ISO writer is not: it is loaded by the package's public entry point `bootstrapped-vm/seed-image-builder`
 * from that directory's node_modules (image-builder-loader.ts says why), so the serialized text names no
 * file of this package and survives an upgrade that moves one.
 */
import type * as pulumi from "@pulumi/pulumi";
import { loadImageBuilder } from "./image-builder-loader";
import { checkSeedIso, deleteSeedIso, diffSeedIso, readSeedIso, writeSeedIso } from "./seed-iso-ops";
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
