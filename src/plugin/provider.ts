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

/**
 * Component arguments whose resources are Pulumi dynamic providers (the seed ISO writers). A dynamic
 * provider runs in the Node process of the program that registered it; from another language the engine
 * starts it in the user's project directory, which has no node_modules, and it fails (pulumi/pulumi#5455).
 * The plugin refuses them at Construct (so at preview), naming the reason and the alternative.
 */
export function unsupportedOutsideNode(inputs: pulumi.Inputs): pulumi.InputPropertyErrorDetails[] {
  const problems: pulumi.InputPropertyErrorDetails[] = [];
  const why =
    "writes the ISO with a Pulumi dynamic provider, which only runs in a Node.js program (pulumi/pulumi#5455)";
  if (inputs.seedImage !== undefined) {
    problems.push({
      propertyPath: "seedImage",
      reason: `${why}; fix: build the image with the CLI (\`npx bootstrapped-vm render SPEC --format nocloud-iso --out FILE\`, or \`configdrive-iso\`) and attach the file, or write this program in TypeScript`,
    });
  }
  const vsphere = inputs.vsphere as { transport?: unknown } | undefined;
  if (vsphere?.transport === "nocloudIso") {
    problems.push({
      propertyPath: "vsphere.transport",
      reason: `\`nocloudIso\` ${why}; fix: use \`guestinfo\` (cloud-init 21.3 or later, or the VMware seeder) or \`vapp\`, or write this program in TypeScript`,
    });
  }
  return problems;
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
    const problems = unsupportedOutsideNode(inputs);
    if (problems.length > 0) {
      throw new pulumi.InputPropertiesError({
        message: problems.map((p) => `${p.propertyPath}: ${p.reason}`).join("\n"),
        errors: problems,
      });
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
