import * as pulumi from "@pulumi/pulumi";
import { renderAll } from "../render/render-all";
import type { RenderOptions, RenderedDocuments } from "../render/types";
import { SpecValidationError } from "../spec/problems";
import type { BootstrapSpec } from "../spec/types";
import { validateSpec } from "../spec/validate";
import type { KnownArgs, PlatformContext, PlatformDeployment } from "../platforms/platform";
import { platformKeys, platformRegistry } from "../platforms/registry";
import { OnChange, type BootstrappedVmArgs, type PlatformKey } from "./args";
import { inputPropertiesError, prefixProblems, type ValidationProblem } from "./errors";
import { isKnown, resolveForRendering, secretReach, type SecretReach } from "./inputs";
import { networkConfigText, reviewRecord } from "./review";
import { secretIf } from "./secrets";

/** The component's type token (frozen: renaming it would replace every BootstrappedVm). */
export const BOOTSTRAPPED_VM_TYPE = "bootstrapped-vm:index:BootstrappedVm";

/**
 * A VM that comes up configured: one platform-neutral `BootstrapSpec`, rendered into exactly the
 * cloud-init documents the chosen platform needs and delivered the way that platform delivers them.
 */
export class BootstrappedVm extends pulumi.ComponentResource {
  /** The cloud-init instance-id (`iid-<content hash>` unless the spec fixes it). */
  public readonly instanceId: pulumi.Output<string>;
  /** Hex SHA-256 over the rendered documents (without the instance-id). */
  public readonly contentHash: pulumi.Output<string>;
  /** The user-data as delivered (text); a secret when derived from a password or private key. */
  public readonly userData: pulumi.Output<string>;
  /** The NoCloud-style meta-data YAML. */
  public readonly metaData: pulumi.Output<string>;
  /** The network config as YAML (version 2); empty when the spec has no network. */
  public readonly networkConfig: pulumi.Output<string>;
  /** Where the documents were delivered, e.g. `vSphere VM "web-01": extraConfig guestinfo.metadata, ...`. */
  public readonly deliveredTo: pulumi.Output<string>;

  constructor(name: string, args: BootstrappedVmArgs, opts?: pulumi.ComponentResourceOptions) {
    // The args are not sent as the component's inputs: the spec may hold plain-text passwords.
    super(BOOTSTRAPPED_VM_TYPE, name, {}, opts);

    const key = checkArgs(name, args);
    // Problems found when Output values resolve fail every child that depends on the documents;
    // the first one is also logged once against this component, so the CLI shows it on its row.
    let reported = false;
    const report = (err: unknown): never => {
      if (!reported && pulumi.InputPropertiesError.isInstance(err)) {
        reported = true;
        void pulumi.log.error(err.message, this);
      }
      throw err;
    };
    const reach = secretReach(args.bootstrap);
    const forRendering = resolveForRendering(args.bootstrap, reach);
    const ctx: PlatformContext = {
      name,
      childName: (suffix) => `${name}-${suffix}`,
      childOptions: { parent: this },
      onChange: args.onChange ?? OnChange.Rerun,
      bootstrap: pulumi.output(args.bootstrap) as pulumi.Output<BootstrapSpec>,
      render: (options) =>
        pulumi
          .all([forRendering, reach, pulumi.output(options ?? {}) as pulumi.Output<RenderOptions>])
          .apply(([spec, r, o]) => {
            try {
              return renderChecked(spec, o, r);
            } catch (err) {
              return report(err);
            }
          }),
    };
    const deployment = deployPlatform(key, args, ctx);

    const docs = deployment.documents;
    this.instanceId = docs.apply((d) => d.instanceId);
    this.contentHash = docs.apply((d) => d.contentHash);
    this.userData = docs.apply((d) => secretIf(d.containsSecrets, d.userData));
    this.metaData = docs.apply((d) => d.metaData);
    this.networkConfig = docs.apply((d) => networkConfigText(d));
    this.deliveredTo = deployment.deliveredTo;

    // The readable record `pulumi preview --diff` shows (see review.ts for why a Stash).
    new pulumi.Stash(
      `${name}-cloud-init`,
      { input: reviewRecord(docs, forRendering, reach) },
      { parent: this },
    );

    this.registerOutputs({
      instanceId: this.instanceId,
      contentHash: this.contentHash,
      userData: this.userData,
      metaData: this.metaData,
      networkConfig: this.networkConfig,
      deliveredTo: this.deliveredTo,
    });
  }
}

/**
 * Everything that can be checked before any child exists: exactly one platform, the change policy,
 * the spec when it holds no unresolved Inputs, and the platform's known args. Throws one
 * `InputPropertiesError` listing every problem with its property path.
 */
function checkArgs(name: string, args: BootstrappedVmArgs): PlatformKey {
  const problems: ValidationProblem[] = [];
  const all = platformKeys();
  const set = all.filter((k) => args[k] !== undefined && args[k] !== null);
  if (set.length === 0) {
    problems.push({ path: "", message: `One of ${listKeys(all)} must be set.` });
  }
  for (const extra of set.slice(1)) {
    problems.push({ path: extra, message: `Only one of ${listKeys(all)} can be set.` });
  }
  const onChange: unknown = args.onChange;
  if (onChange !== undefined && !Object.values(OnChange).includes(onChange as OnChange)) {
    problems.push({
      path: "onChange",
      message: `"${String(onChange)}" is not a change policy; use one of ${Object.values(OnChange)
        .map((v) => `"${v}"`)
        .join(", ")}.`,
    });
  }
  let knownSpec: BootstrapSpec | undefined;
  if (args.bootstrap === undefined || args.bootstrap === null) {
    problems.push({ path: "bootstrap", message: "The bootstrap spec is required." });
  } else if (isKnown(args.bootstrap)) {
    const specProblems = validateSpec(args.bootstrap);
    problems.push(...prefixProblems("bootstrap", specProblems));
    if (specProblems.length === 0) knownSpec = args.bootstrap as BootstrapSpec;
  }
  const key = set[0];
  if (key !== undefined && set.length === 1) {
    const known = knownSpec === undefined ? { name } : { name, bootstrap: knownSpec };
    for (const p of validateFor(key, args, known)) {
      problems.push(/^bootstrap(\.|\[|$)/.test(p.path) ? p : (prefixProblems(key, [p])[0] ?? p));
    }
  }
  if (problems.length > 0 || key === undefined) throw inputPropertiesError(problems);
  return key;
}

function validateFor<K extends PlatformKey>(
  key: K,
  args: BootstrappedVmArgs,
  known: KnownArgs,
): ValidationProblem[] {
  const platformArgs = args[key] as NonNullable<BootstrappedVmArgs[K]>;
  return platformRegistry[key].validate(platformArgs, known);
}

function deployPlatform<K extends PlatformKey>(
  key: K,
  args: BootstrappedVmArgs,
  ctx: PlatformContext,
): PlatformDeployment {
  const platformArgs = args[key] as NonNullable<BootstrappedVmArgs[K]>;
  return platformRegistry[key].deploy(platformArgs, ctx);
}

/** "`a`, `b` or `c`". */
function listKeys(keys: readonly string[]): string {
  const quoted = keys.map((k) => `\`${k}\``);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

/**
 * Renders a resolved spec. Spec problems found now (values that were Outputs at construction) become
 * an `InputPropertiesError` with `bootstrap.` paths; a secret input reaching user-data marks the
 * documents as containing secrets.
 */
function renderChecked(spec: BootstrapSpec, options: RenderOptions, reach: SecretReach): RenderedDocuments {
  let docs: RenderedDocuments;
  try {
    docs = renderAll(spec, options);
  } catch (err) {
    if (err instanceof SpecValidationError) throw inputPropertiesError(err.problems, "bootstrap");
    throw err;
  }
  return reach === "userData" && !docs.containsSecrets ? { ...docs, containsSecrets: true } : docs;
}
