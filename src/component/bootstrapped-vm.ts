import * as pulumi from "@pulumi/pulumi";
import type { RenderedDocuments } from "../render/types";
import type { BootstrapSpec } from "../spec/types";
import { validateSpec } from "../render/validate-spec";
import type {
  DeployedResources,
  KnownArgs,
  PlatformContext,
  PlatformDeployment,
} from "../platforms/platform";
import { platformKeys, platformRegistry } from "../platforms/registry";
import { platformArgProblems } from "../platforms/arg-shapes";
import type { PlatformArgs } from "../platforms/platform-args";
import { vmAddresses } from "./addresses";
import { OnChange, type BootstrappedVmArgs, type PlatformKey } from "./args";
import { inputPropertiesError, platformProblems, prefixProblems, redactSecretTexts } from "../core/errors";
import type { SpecProblem } from "../core/problems";
import { isKnown } from "../core/known";
import {
  resolveForRendering,
  secretInputs,
  specValueAt,
  type SecretInputs,
  type SecretReach,
} from "./inputs";
import { mapMaybe, toOutput, type Maybe } from "../core/maybe";
import { specRenderer, type SpecRenderer } from "./renderer";
import { reviewRecord } from "./review";
import { networkConfigText } from "../render/review";
import { recordingSecretTexts, secretIf, type SecretTexts } from "../core/secrets";
import { dynamicSeedIsoWriter, type SeedIsoWriter } from "../seed-image/seed-iso-file";

/** The component's type token (frozen: renaming it would replace every BootstrappedVm). */
export const BOOTSTRAPPED_VM_TYPE = "bootstrapped-vm:index:BootstrappedVm";

/** The resources each component's platform created (see the accessors). */
const DEPLOYED = new WeakMap<BootstrappedVm, DeployedResources>();

/**
 * A VM that comes up configured: one platform-neutral `BootstrapSpec`, rendered into exactly the
 * cloud-init documents the chosen platform needs and delivered the way that platform delivers them.
 */
export class BootstrappedVm extends pulumi.ComponentResource {
  /** The cloud-init instance-id (`iid-<content hash>` unless the spec fixes it); a secret when the documents hold secrets. */
  public readonly instanceId: pulumi.Output<string>;
  /** Hex SHA-256 over the rendered documents (without the instance-id); a secret when they hold secrets. */
  public readonly contentHash: pulumi.Output<string>;
  /** The user-data as delivered (text); a secret when derived from a password or private key. */
  public readonly userData: pulumi.Output<string>;
  /** The NoCloud-style meta-data YAML; a secret when the documents hold secrets (it holds the instance-id). */
  public readonly metaData: pulumi.Output<string>;
  /**
   * The network config the guest is given, as YAML: version 2, or version 1 where cloud-init would bind a
   * v2 route to the wrong subnet (docs/cloud-init-versions.md); empty when the spec has no network.
   */
  public readonly networkConfig: pulumi.Output<string>;
  /** Where the documents were delivered, e.g. `vSphere VM "web-01": extraConfig guestinfo.metadata, ...`. */
  public readonly deliveredTo: pulumi.Output<string>;
  /**
   * The VM's addresses: the spec's static ones (without prefix length) when it has any, else what the
   * platform reports once the VM runs (vSphere `guestIpAddresses`, OpenStack `accessIpV4`/`accessIpV6`);
   * `[]` for a seed image without static addresses. Secret when a secret input reaches the network.
   */
  public readonly ipAddresses: pulumi.Output<string[]>;

  // The created resources are read-only accessors, not property declarations: Pulumi's schema analyzer
  // (`pulumi package add`) infers outputs from property declarations and accepts resource references to
  // `@pulumi/*` classes only (our vSphere binding and the seed ISO's dynamic resource are not). They are
  // registered as outputs of the same names, so the engine's state carries them for every language.

  /** vSphere: the VirtualMachine (undefined for other platforms). */
  get vsphereVm(): DeployedResources["vsphereVm"] {
    return DEPLOYED.get(this)?.vsphereVm;
  }
  /** OpenStack: the server (undefined for other platforms). */
  get openstackInstance(): DeployedResources["openstackInstance"] {
    return DEPLOYED.get(this)?.openstackInstance;
  }
  /** OpenStack: the Neutron ports, in the order of the spec's interfaces (undefined for other platforms). */
  get openstackPorts(): DeployedResources["openstackPorts"] {
    return DEPLOYED.get(this)?.openstackPorts;
  }
  /** The seed ISO written locally: `seedImage`, vSphere `nocloudIso` (undefined otherwise). */
  get seedIso(): DeployedResources["seedIso"] {
    return DEPLOYED.get(this)?.seedIso;
  }
  /** Proxmox: the VM (undefined for other platforms). */
  get proxmoxVm(): DeployedResources["proxmoxVm"] {
    return DEPLOYED.get(this)?.proxmoxVm;
  }
  /** Proxmox: the uploaded snippet files by document (undefined for other platforms). */
  get proxmoxSnippets(): DeployedResources["proxmoxSnippets"] {
    return DEPLOYED.get(this)?.proxmoxSnippets;
  }

  /**
   * How the component registers a seed ISO (`seedImage`, vSphere `nocloudIso`): the dynamic resources.
   * The provider plugin's subclass (plugin/provider.ts) registers its own `SeedIsoFile` instead. Called
   * during construction.
   */
  protected seedIsoWriter(): SeedIsoWriter {
    return dynamicSeedIsoWriter;
  }

  constructor(name: string, args: BootstrappedVmArgs, opts?: pulumi.ComponentResourceOptions) {
    // The args are not sent as the component's inputs: the spec may hold plain-text passwords.
    super(BOOTSTRAPPED_VM_TYPE, name, {}, opts);

    // Problems found when Output values resolve (the render's, the platform's) fail every child that
    // depends on the value; the first one is also logged once against this component, so the CLI shows
    // it on its row. During construction a failure is only thrown: it is the constructor's exception.
    // Their messages quote the values they are about: those of secret inputs are redacted. The strings the
    // spec's secret inputs resolved to are known before the spec resolves (resolveForRendering); those of
    // the platform's args before the platform reads each arg (recordingSecretTexts): both before any such
    // failure, whichever Output resolves first.
    let constructing = true;
    let reported = false;
    let specSecretTexts: SecretTexts = { texts: [], keys: [], treeKeys: [] };
    const platformSecretTexts = new Set<string>();
    const platformSecretKeys = new Set<string>();
    const report = (err: unknown): never => {
      if (constructing || !pulumi.InputPropertiesError.isInstance(err)) throw err;
      const redacted = redactSecretTexts(
        err,
        [...specSecretTexts.texts, ...platformSecretTexts],
        [...specSecretTexts.keys, ...platformSecretKeys],
        specSecretTexts.treeKeys,
      );
      if (!reported) {
        reported = true;
        void pulumi.log.error(redacted.message, this);
      }
      throw redacted;
    };
    const { key, known } = checkArgs(name, args, report);
    // A spec holding no Output or Promise (the common case) is used as it is: rendered once, at
    // construction, and every value derived from it stays plain (see maybe.ts).
    const secrets = known ? undefined : secretInputs(args.bootstrap);
    const reach: Maybe<SecretReach> = secrets?.reach ?? "none";
    const spec: Maybe<BootstrapSpec> = known
      ? known.spec
      : resolveForRendering(args.bootstrap, secrets as SecretInputs, (texts) => {
          specSecretTexts = texts;
        });
    const ctx: PlatformContext = {
      name,
      childName: (suffix) => `${name}-${suffix}`,
      childOptions: { parent: this },
      onChange: args.onChange ?? OnChange.Rerun,
      bootstrap: known ? known.spec : (pulumi.output(args.bootstrap) as pulumi.Output<BootstrapSpec>),
      spec,
      specValue: (path) => specValueAt(args.bootstrap, spec, reach, path),
      render: known ? known.render : specRenderer(spec, reach, report, false, platformRegistry[key].wording),
      seedIsoWriter: this.seedIsoWriter(),
      fail: report,
    };
    // The platform reads its args as they were given, except that each secret Output or Promise in them
    // first records the texts it holds, and the keys of the free-form maps it is or holds (OpenStack
    // metadata, vSphere extraConfig, ...), for `report` to redact (the spec's are recorded above).
    const platformArgs = recordingSecretTexts(
      args[key],
      (texts, keys) => {
        for (const text of texts) platformSecretTexts.add(text);
        for (const k of keys) platformSecretKeys.add(k);
      },
      platformRegistry[key].freeFormMaps,
    );
    const deployment = deployPlatform(key, { ...args, [key]: platformArgs }, ctx);

    const docs = deployment.documents;
    const networkConfig = mapMaybe(docs, (d) => networkConfigText(d));
    // The readable record `pulumi preview --diff` shows (see review.ts for why a Stash).
    new pulumi.Stash(
      `${name}-cloud-init`,
      { input: reviewRecord(docs, networkConfig, spec, reach) },
      { parent: this },
    );

    const outputs = {
      // Digests of documents holding secrets are derived from secrets too, and meta-data holds the instance-id.
      instanceId: mapMaybe(docs, (d) => secretIf(d.containsSecrets, d.instanceId)),
      contentHash: mapMaybe(docs, (d) => secretIf(d.containsSecrets, d.contentHash)),
      userData: mapMaybe(docs, (d) => secretIf(d.containsSecrets, d.userData)),
      metaData: mapMaybe(docs, (d) => secretIf(d.containsSecrets, d.metaData)),
      networkConfig,
      deliveredTo: deployment.deliveredTo,
      ipAddresses: vmAddresses(spec, deployment.reportedAddresses),
    };
    this.instanceId = toOutput(outputs.instanceId);
    this.contentHash = toOutput(outputs.contentHash);
    this.userData = toOutput(outputs.userData);
    this.metaData = toOutput(outputs.metaData);
    this.networkConfig = toOutput(outputs.networkConfig);
    this.deliveredTo = toOutput(outputs.deliveredTo);
    this.ipAddresses = toOutput(outputs.ipAddresses);
    DEPLOYED.set(this, deployment.resources);
    // Other languages see outputs only: the resources are outputs too (as resource references).
    this.registerOutputs({ ...outputs, ...deployment.resources });
    constructing = false;
  }
}

/**
 * Everything that can be checked before any child exists: exactly one platform, the change policy,
 * the spec when it holds no unresolved Inputs, and the platform's known args. Throws one
 * `InputPropertiesError` listing every problem with its property path.
 */
function checkArgs(
  name: string,
  args: BootstrappedVmArgs,
  onAsyncError: (err: unknown) => never,
): { key: PlatformKey; known?: { spec: BootstrapSpec; render: SpecRenderer } } {
  const problems: SpecProblem[] = [];
  const all = platformKeys();
  const set = all.filter((k) => args[k] !== undefined && args[k] !== null);
  if (set.length === 0) {
    problems.push({ path: "", message: `One of ${listKeys(all)} must be set.` });
  }
  for (const extra of set.slice(1)) {
    problems.push({ path: extra, message: `Only one of ${listKeys(all)} can be set.` });
  }
  const onChange: unknown = args.onChange;
  const policies = Object.values(OnChange)
    .map((v) => `"${v}"`)
    .join(", ");
  if (!isKnown(onChange)) {
    // It decides the children's options (replaceOnChanges, content-tagged names): it cannot wait.
    problems.push({
      path: "onChange",
      message: `must be given directly, not as an Output or Promise (it decides how the children are replaced); use one of ${policies}.`,
    });
  } else if (onChange !== undefined && !Object.values(OnChange).includes(onChange as OnChange)) {
    problems.push({
      path: "onChange",
      message: `"${String(onChange)}" is not a change policy; use one of ${policies}.`,
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
  // Known and valid: rendered when the platform asks, at most once per render options (see renderer.ts).
  const wording = key === undefined ? undefined : platformRegistry[key].wording;
  const render =
    knownSpec === undefined ? undefined : specRenderer(knownSpec, "none", onAsyncError, true, wording);
  if (key !== undefined && set.length === 1) {
    const known: KnownArgs =
      knownSpec === undefined
        ? { name }
        : { name, bootstrap: knownSpec, render: (options) => render?.(options) as RenderedDocuments };
    // The platform's checks read its arguments as their types say: values of another shape are reported
    // by the shape check, and hidden from them.
    const found = platformArgProblems(key, args[key], (platformArgs) =>
      validateFor(key, { ...args, [key]: platformArgs }, known),
    );
    problems.push(...platformProblems(key, found));
  }
  if (problems.length > 0 || key === undefined) throw inputPropertiesError(problems);
  return knownSpec === undefined || render === undefined
    ? { key }
    : { key, known: { spec: knownSpec, render } };
}

function validateFor<K extends PlatformKey>(
  key: K,
  args: BootstrappedVmArgs,
  known: KnownArgs,
): SpecProblem[] {
  const platformArgs = args[key] as PlatformArgs[K];
  return platformRegistry[key].validate(platformArgs, known);
}

function deployPlatform<K extends PlatformKey>(
  key: K,
  args: BootstrappedVmArgs,
  ctx: PlatformContext,
): PlatformDeployment {
  const platformArgs = args[key] as PlatformArgs[K];
  return platformRegistry[key].deploy(platformArgs, ctx);
}

/** "`a`, `b` or `c`". */
function listKeys(keys: readonly string[]): string {
  const quoted = keys.map((k) => `\`${k}\``);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}
