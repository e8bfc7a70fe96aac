/**
 * The `bootstrapped-vm` provider plugin: what Python, Go, .NET and YAML programs talk to after
 * `pulumi package add`. It serves the committed package schema (`schema/pulumi-package.json`, generated
 * from the TypeScript source by `generate-schema.ts` and checked by a snapshot test) and constructs
 * `BootstrappedVm` components.
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

/** The package schema as GetSchema returns it. */
export function readPackageSchema(root: string = packageRoot()): string {
  return readFileSync(join(root, "schema", "pulumi-package.json"), "utf8");
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
    const vm = new BootstrappedVm(name, inputs as unknown as BootstrappedVmArgs, options);
    const state: pulumi.Inputs = {};
    for (const key of this.outputNames) {
      state[key] = (vm as unknown as Record<string, pulumi.Input<unknown>>)[key];
    }
    return { urn: vm.urn, state };
  }
}

/** Serves the provider over gRPC and prints its port (the engine reads it); `args` are the plugin's argv. */
export function serve(args: string[]): Promise<void> {
  return pulumi.provider.main(new BootstrappedVmProvider(), args);
}
