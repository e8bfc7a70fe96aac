/**
 * The `bootstrapped-vm` provider plugin: what Python, Go, .NET and YAML programs talk to after
 * `pulumi package add`. It serves the committed package schema (`schema/pulumi-package.json`, generated
 * from the TypeScript source by `generate-schema.ts` and checked by a snapshot test) and constructs
 * `BootstrappedVm` components and manages their seed ISOs (`SeedIsoFile`, seed-iso-file.ts).
 *
 * Pulumi's stock component host (`componentProviderHost`, provider/experimental/provider.js) would run the
 * TypeScript analyzer at every GetSchema, which needs the package's `.ts` sources and a `tsconfig.json`
 * next to the plugin and the analyzer's fallbacks (see generate-schema.ts); serving the generated schema
 * needs neither, so the plugin runs from the built JavaScript of an installed package.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { BootstrappedVm, BOOTSTRAPPED_VM_TYPE } from "../component/bootstrapped-vm";
import type { BootstrappedVmArgs } from "../component/args";
import { packageRoot } from "../spec/package-root";
import { pluginSeedIsoWriter, type SeedIsoWriter } from "../seed-image/seed-iso-file";
import { spreadPlatformOutput } from "../platforms/arg-spread";
import { dropNullInputs } from "./null-inputs";
import { platformKeys } from "../platforms/registry";
import {
  checkSeedIsoFile,
  deleteSeedIsoFile,
  diffSeedIsoFile,
  readSeedIsoFile,
  SEED_ISO_FILE_TYPE,
  writeSeedIsoFile,
} from "./seed-iso-file";

/** The package schema as GetSchema returns it. */
export function readPackageSchema(root: string = packageRoot()): string {
  return readFileSync(join(root, "schema", "pulumi-package.json"), "utf8");
}

/**
 * The component as the plugin constructs it: the same `BootstrappedVm`, registering its seed ISO as the
 * plugin's own `SeedIsoFile` custom resource instead of a dynamic provider (which would fail outside a
 * Node.js program: pulumi/pulumi#5455).
 */
class PluginBootstrappedVm extends BootstrappedVm {
  protected override seedIsoWriter(): SeedIsoWriter {
    return pluginSeedIsoWriter;
  }
}

/**
 * The component's inputs with each platform argument that arrived as one Output spread into a mapping
 * (`spreadPlatformOutput`: structural fields plain, the others Outputs keeping its secretness and
 * dependencies). @pulumi/pulumi's provider server wraps a top-level input that is a secret, or has
 * dependencies and holds no Output, in an Output (provider/server.js `deserializeInputs`, 3.276.0 lines
 * 549-572; a secret nested without output values is pushed up to the top, runtime/rpc.js
 * `deserializeProperty`), and a program in another language can pass an Output for the whole argument.
 * Its value came with the request, so it can be read before the component decides which resources to
 * create; when it is unknown (a preview) or empty, it stays an Output and the component refuses it with its
 * path.
 */
async function spreadPlatformArgs(inputs: pulumi.Inputs): Promise<pulumi.Inputs> {
  const spread: pulumi.Inputs = { ...inputs };
  for (const key of platformKeys()) {
    const whole: unknown = inputs[key];
    if (!pulumi.Output.isInstance(whole)) continue;
    const value = await knownValue(whole);
    if (value !== undefined && value !== null && !pulumi.isUnknown(value)) {
      spread[key] = spreadPlatformOutput(key, whole, value);
    }
  }
  // The change policy decides the children's options (replaceOnChanges, content-tagged names): it arrives
  // as an Output the same way (from config marked secret, or with dependencies), and is a plain word.
  if (pulumi.Output.isInstance(inputs.onChange)) {
    const value = await knownValue(inputs.onChange);
    if (typeof value === "string") spread.onChange = value;
  }
  return spread;
}

/**
 * The value of an Output that came with the request, with its unknowns: `promise(true)` is how
 * @pulumi/pulumi reads one itself (internal; runtime/resource.js reads a resource id so).
 */
function knownValue(output: pulumi.Output<unknown>): Promise<unknown> {
  return (output as unknown as { promise(withUnknowns: boolean): Promise<unknown> }).promise(true);
}

/** The custom resource type a URN names (the last type of its parent chain). */
function urnType(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/** Fails a request for a custom resource type the plugin does not serve. */
function requireSeedIsoFile(urn: string): void {
  const type = urnType(urn);
  if (type !== SEED_ISO_FILE_TYPE) {
    throw new Error(`unknown resource type ${type}; this plugin manages ${SEED_ISO_FILE_TYPE}`);
  }
}

/** The provider served by the plugin (see the file comment). */
export class BootstrappedVmProvider implements pulumi.provider.Provider {
  readonly version: string;
  private readonly schemaText: string;
  private readonly outputNames: string[];

  constructor(root: string = packageRoot()) {
    this.schemaText = readPackageSchema(root);
    const parsed = JSON.parse(this.schemaText) as {
      version: string;
      resources: Record<string, { properties?: Record<string, unknown> }>;
    };
    this.version = parsed.version;
    this.outputNames = Object.keys(parsed.resources[BOOTSTRAPPED_VM_TYPE]?.properties ?? {});
  }

  async getSchema(): Promise<string> {
    return this.schemaText;
  }

  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<pulumi.provider.ConstructResult> {
    if (type !== BOOTSTRAPPED_VM_TYPE) {
      throw new Error(`unknown component type ${type}; this plugin constructs ${BOOTSTRAPPED_VM_TYPE}`);
    }
    const args = await spreadPlatformArgs(dropNullInputs(BOOTSTRAPPED_VM_TYPE, inputs));
    const vm = new PluginBootstrappedVm(name, args as unknown as BootstrappedVmArgs, options);
    const state: pulumi.Inputs = {};
    for (const key of this.outputNames) {
      state[key] = (vm as unknown as Record<string, pulumi.Input<unknown>>)[key];
    }
    return { urn: vm.urn, state };
  }

  async check(urn: string, _olds: unknown, news: unknown): Promise<pulumi.provider.CheckResult> {
    requireSeedIsoFile(urn);
    return checkSeedIsoFile(news);
  }

  async diff(_id: string, urn: string, olds: unknown, news: unknown): Promise<pulumi.provider.DiffResult> {
    requireSeedIsoFile(urn);
    return diffSeedIsoFile(olds, news);
  }

  async create(urn: string, inputs: unknown): Promise<pulumi.provider.CreateResult> {
    requireSeedIsoFile(urn);
    return writeSeedIsoFile(inputs);
  }

  async update(
    _id: string,
    urn: string,
    _olds: unknown,
    news: unknown,
  ): Promise<pulumi.provider.UpdateResult> {
    requireSeedIsoFile(urn);
    return { outs: (await writeSeedIsoFile(news)).outs };
  }

  async read(id: string, urn: string, props?: unknown): Promise<pulumi.provider.ReadResult> {
    requireSeedIsoFile(urn);
    return readSeedIsoFile(id, props);
  }

  async delete(id: string, urn: string, props: unknown): Promise<void> {
    requireSeedIsoFile(urn);
    await deleteSeedIsoFile(id, props);
  }
}

/** Serves the provider over gRPC and prints its port (the engine reads it); `args` are the plugin's argv. */
export function serve(args: string[]): Promise<void> {
  return pulumi.provider.main(new BootstrappedVmProvider(), args);
}
