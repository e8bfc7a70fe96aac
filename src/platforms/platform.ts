/**
 * The contract every platform implements. A platform turns the resolved spec into resources that
 * deliver the rendered cloud-init documents (a VM with guestinfo keys, an instance with a config
 * drive, a seed ISO on disk, ...). Adding a platform is one file implementing `Platform<K>` plus one
 * line in `registry.ts`, one in `PlatformArgs` (`platform-args.ts`) and one optional field `K` in
 * `BootstrappedVmArgs` (`src/component/args.ts`).
 *
 * Life cycle, driven by `BootstrappedVm`:
 *   1. `validate(args, known)` runs synchronously in the component's constructor, before any child is
 *      registered. It checks what is known now (plain values; skip values that are still Outputs or
 *      Promises, see `isKnown` in `src/core/known.ts`) and returns problems with paths relative
 *      to the platform field (`transport`, `extraConfig["guestinfo.metadata"]`). The component prefixes
 *      `<key>.` and throws one `pulumi.InputPropertiesError` with them and the spec's problems. With a
 *      known spec, `known.render(options)` gives the documents (the same ones `deploy` gets later).
 *   2. `deploy(args, ctx)` registers the children. Names: `ctx.childName("vm")` (= `${name}-vm`);
 *      options: `ctx.childOptions` (parent = the component, so explicit providers given to the component
 *      flow to the children). Resource structure must not depend on Output values; everything else may.
 *      Get documents with `ctx.render(options)`; it gives `RenderedDocuments` or fails with an
 *      `InputPropertiesError` naming `bootstrap.<path>`. Values are `Maybe`s (`src/core/maybe.ts`):
 *      plain when known at construction (the common case: compute with them directly, errors are
 *      thrown at once), Outputs otherwise; `mapMaybe`/`allMaybe` handle both with one function.
 *      Problems found later (values that were Outputs): fail with
 *      `ctx.fail(inputPropertiesError(problems, "<key>"))` (`src/core/errors.ts`) so the engine prints
 *      them as property errors and the component's row shows the first of them.
 *   3. The component derives its outputs (`instanceId`, `contentHash`, `userData`, `metaData`,
 *      `networkConfig`, `deliveredTo`, `ipAddresses`) from the `PlatformDeployment` returned, marking
 *      the documents that hold secrets as Pulumi secrets, exposes `deployment.resources` as read-only
 *      properties and outputs of the same names, and registers the readable review record.
 *
 * Rules: render through `ctx.render` (never call renderers on unresolved values); never put
 * user-data derived from passwords or private keys into a resource input unless it is wrapped in
 * `pulumi.secret` when `documents.containsSecrets` (use `secretIf` from `src/core/secrets.ts`);
 * `ctx.onChange === OnChange.Replace` means the platform replaces its VM when `contentHash` changes;
 * a resource whose replacement needs what the old one holds (a port, an address, a volume) is registered
 * with `deleteBeforeReplace` (a replacement the engine derives from `replaceOnChanges` is otherwise
 * create-before-delete, see docs/openstack.md). Values derived from the network (addresses, MACs) come
 * from `ctx.spec`, which is secret exactly when the network config is.
 */
/** @ts-ignore optional peer (src/platforms/optional-peer.ts) */
import type * as proxmoxve from "@muhlba91/pulumi-proxmoxve";
/** @ts-ignore optional peer (src/platforms/optional-peer.ts) */
import type * as openstack from "@pulumi/openstack";
import type * as pulumi from "@pulumi/pulumi";
import type { BootstrapSpec } from "../spec/types";
import type { RenderOptions, RenderedDocuments } from "../render/types";
import type { OnChange, PlatformArgs, PlatformKey } from "./platform-args";
import type { SpecProblem } from "../core/problems";
import type { Wording } from "../core/remedy";
import type { Maybe } from "../core/maybe";
import type { FreeFormMapPath } from "../core/secrets";
import type { VirtualMachine } from "../providers/vsphere";
import type { SeedIso, SeedIsoWriter } from "../seed-image/seed-iso-file";

export type { PlatformKey } from "./platform-args";

/** What the component hands to a platform's `deploy`. */
export interface PlatformContext {
  /** The component's name. */
  readonly name: string;
  /** `${name}-${suffix}`: the name for a child resource. */
  childName(suffix: string): string;
  /** Options for every child resource: `{ parent: component }`. Spread them, add your own on top. */
  readonly childOptions: pulumi.CustomResourceOptions;
  /** The change policy (`rerun` default). */
  readonly onChange: OnChange;
  /**
   * The spec with every nested Input resolved: the plain spec when it held no Output or Promise,
   * otherwise an Output (a secret one when any input value was secret).
   */
  readonly bootstrap: Maybe<BootstrapSpec>;
  /**
   * The spec as the component renders it: nested Inputs resolved, and a secret only when a secret input
   * reaches beyond user-data (host name, network, SSH keys, metadata). Derive resource inputs from the
   * network (ports' fixed IPs, MACs) from this one, never from `pulumi.unsecret(bootstrap)`: they are
   * then secret exactly when the network config is.
   */
  readonly spec: Maybe<BootstrapSpec>;
  /**
   * `spec`'s value at `path` (e.g. `["network", "interfaces", 0, "macAddress"]`), secret as `spec` is, but
   * resolved on its own where the inputs on the way to it are plain: a value unknown elsewhere in the spec
   * (in a preview) leaves it known. Use it for inputs that force a replacement, where an unknown value
   * makes the preview show a replacement the update would not do.
   */
  specValue(path: readonly (string | number)[]): Maybe<unknown>;
  /**
   * Renders the spec with the platform's options (e.g. `assignedMacAddresses`). Same spec and options
   * give the same documents: plain when the spec and the options are known (rendered once per options,
   * an `InputPropertiesError` thrown at once), otherwise an Output failing with it.
   */
  render(options?: Maybe<RenderOptions>): Maybe<RenderedDocuments>;
  /**
   * Registers a seed ISO: the dynamic `NoCloudSeedIso`/`ConfigDriveSeedIso` in a Node.js program, the
   * provider plugin's `SeedIsoFile` when the plugin constructs the component for another language.
   */
  readonly seedIsoWriter: SeedIsoWriter;
  /**
   * Fails a check made when Output values resolve (inside an `apply`): throws `err`, and logs the first
   * such `InputPropertiesError` of the component once against it, so the CLI shows it on the component's
   * row as well as on each child that waited on the value. Called during `deploy` itself (known values),
   * it only throws: the constructor's exception is the program's error.
   */
  fail(err: unknown): never;
}

/**
 * The resources a platform created that users may reach, by the name of the component's read-only
 * property (and output) that exposes each. A platform sets the keys that apply to it; the others stay
 * undefined. A new platform adds its key here (`proxmoxVm?: ...`) and one property to `BootstrappedVm`.
 */
export interface DeployedResources {
  /** vSphere: the VirtualMachine. */
  readonly vsphereVm?: VirtualMachine;
  /** OpenStack: the server. */
  readonly openstackInstance?: openstack.compute.Instance;
  /** OpenStack: the Neutron ports, in the order of the spec's interfaces. */
  readonly openstackPorts?: readonly openstack.networking.Port[];
  /** The seed ISO written locally (`seedImage`, vSphere `nocloudIso`). */
  readonly seedIso?: SeedIso;
  /** Proxmox: the VM. */
  readonly proxmoxVm?: proxmoxve.VmLegacy;
  /** Proxmox: the uploaded snippet files (user, network, meta, vendor), by document. */
  readonly proxmoxSnippets?: Readonly<Record<string, proxmoxve.FileLegacy>>;
}

/**
 * `check()`'s value; what it throws goes through `ctx.fail` (see `PlatformContext.fail`). For checks shared
 * with `validate` that throw their own `InputPropertiesError`, called where Output values resolve.
 */
export function lateCheck<T>(ctx: Pick<PlatformContext, "fail">, check: () => T): T {
  try {
    return check();
  } catch (err) {
    return ctx.fail(err);
  }
}

/** What a platform's `deploy` returns. */
export interface PlatformDeployment {
  /** The documents as delivered (rendered with the platform's options). */
  readonly documents: Maybe<RenderedDocuments>;
  /** Short, readable description of where the data went (`vSphere VM "web-01": guestinfo.metadata, ...`). */
  readonly deliveredTo: Maybe<string>;
  /** The resource the documents were delivered to (VM, instance, seed image), for `dependsOn` by users. */
  readonly target: pulumi.Resource;
  /** The created resources the component exposes (see `DeployedResources`). */
  readonly resources: DeployedResources;
  /**
   * The VM's addresses as the platform reports them once it runs (vSphere `guestIpAddresses`, OpenStack
   * `accessIpV4`/`accessIpV6`). The component's `ipAddresses` prefers the spec's static addresses; omit
   * this where the platform reports none (a seed image).
   */
  readonly reportedAddresses?: pulumi.Output<string[]>;
}

/** What `validate` may use besides the platform args. */
export interface KnownArgs {
  /** The component's name. */
  readonly name: string;
  /** The spec, when it holds no unresolved Inputs and passed validation. */
  readonly bootstrap?: BootstrapSpec;
  /**
   * With `bootstrap`: its documents for these options, rendered once and shared with `deploy`'s
   * `ctx.render`. Throws `InputPropertiesError` (paths `bootstrap.<path>`).
   */
  readonly render?: (options: RenderOptions) => RenderedDocuments;
}

/** One platform, registered under the name of its field in `BootstrappedVmArgs`. */
export interface Platform<K extends PlatformKey> {
  /** The field of `BootstrappedVmArgs` that selects this platform (`"vsphere"`). */
  readonly key: K;
  /**
   * Synchronous checks of the known values of the platform's args; paths relative to the field, or
   * starting with `bootstrap.` for problems of the spec on this platform (e.g. a payload too large).
   */
  validate(args: PlatformArgs[K], known: KnownArgs): SpecProblem[];
  /** Registers the children that deliver the documents. Called once, after `validate` found nothing. */
  deploy(args: PlatformArgs[K], ctx: PlatformContext): PlatformDeployment;
  /**
   * The ways out of a spec's problems in this platform's terms (its arguments: `transport "nocloudIso"`,
   * `format: "nocloud"`); the library's words without it (src/core/remedy.ts).
   */
  readonly wording?: Wording;
  /**
   * Where the args hold free-form maps, whose keys are the user's own (`["metadata"]`, `["vapp", "properties"]`),
   * not field names: the keys of such a map given as a secret (or inside a secret) are left out of the
   * component's messages as its values are (`recordingSecretTexts`).
   */
  readonly freeFormMaps?: readonly FreeFormMapPath[];
}
