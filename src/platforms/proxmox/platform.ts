/**
 * The Proxmox VE platform: the NoCloud documents uploaded as `snippets` files (`${name}-user-data`,
 * `-meta-data`, `-network-config`, `-vendor-data`: `FileLegacy`, content type `snippets`, raw source) and
 * one `VmLegacy` (`${name}-vm`), cloned from a template or fresh, whose `initialization` names them
 * (`cicustom`) with the drive type fixed to `nocloud`. See docs/proxmox.md for the sources.
 *
 * Updates: the provider replaces the VM when any `initialization.*_data_file_id` changes (ForceNew,
 * bpg terraform-provider-proxmox proxmoxtf/resource/vm/vm.go:994-1024), and every raw-source change
 * replaces the file (file.go:189-222, ForceNew). So:
 * - `onChange: rerun` (default) keeps the VM: the snippets keep their names, a changed document replaces
 *   its file delete-before-replace (the name is taken), and Proxmox copies the new text into the drive when
 *   the VM next starts (qemu-server PVE/QemuServer.pm `vm_start_nolock` regenerates it on every start).
 *   The VM's file ids are therefore not `file.id` but the same volume id built from the datastore and the
 *   file name (`snippetVolumeId`), with `dependsOn` on the files. With `file.id` the VM would be replaced:
 *   a file being replaced has an unknown id in a preview, and an unknown value for a ForceNew attribute
 *   requires a new resource (pulumi/terraform-plugin-sdk helper/schema/schema.go:396-405, `d.RequiresNew =
 *   d.Old != d.New || d.NewComputed`; pulumi-terraform-bridge pkg/tests/diff_test/
 *   detailed_diff_unknown_test.go:871-897, a ForceNew string in a list block going to unknown: `replace`);
 *   and in the update itself the engine, before deleting a delete-before-replace resource, replaces each
 *   dependent whose provider diff says "replace" once the inputs that take that resource's outputs
 *   (property dependencies, not `dependsOn`) are made unknown (pulumi/pulumi pkg/resource/deploy/
 *   step_generator.go:2043-2072, 3324-3381 `calculateDependentReplacements`).
 * - `onChange: replace` names each snippet by its content: a change uploads a new file, the VM moves to it
 *   by being replaced, and the old file is deleted after the old VM (Pulumi deletes replaced resources last,
 *   dependents first, `dependsOn` included). When the documents hold secrets (or are not known at
 *   construction) the content tags are HMACs under a random key kept encrypted in state (`SnippetNameKey`):
 *   file names are part of resource ids, which Pulumi stores in plain text.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as ProxmoxVe from "@muhlba91/pulumi-proxmoxve";
import { OnChange } from "../platform-args";
import { inputPropertiesError } from "../../core/errors";
import { allMaybe, isOutput, mapMaybe, type Maybe } from "../../core/maybe";
import { secretIf } from "../../core/secrets";
import type { RenderedDocuments } from "../../render/types";
import { lateCheck, type Platform, type PlatformContext } from "../platform";
import { currentMacScope } from "../program-macs";
import type { ProxmoxArgs } from "./args";
import { SnippetNameKey } from "./name-key";
import { nicMacAddresses } from "./nics";
import { interfaceKeysSpec } from "../interface-keys";
import { loadProxmoxVe } from "./provider";
import {
  contentTag,
  defaultSnippetPrefix,
  SNIPPET_DOCUMENTS,
  snippetContents,
  snippetFileName,
  snippetProblems,
  snippetVolumeId,
  type SnippetContents,
  type SnippetDocument,
} from "./snippets";
import { validateProxmoxArgs } from "./validate";

/** Documents that hold password hashes (user-data, vendor-data) and the instance-id derived from them. */
const SECRET_DOCUMENTS: readonly SnippetDocument[] = ["user-data", "meta-data", "vendor-data"];

/**
 * The documents uploaded: those rendered, or, when they are not known yet, all four (the set of resources
 * cannot depend on Output values; an empty vendor-data snippet is what Proxmox's own drive carries too).
 */
function plannedDocuments(documents: Maybe<RenderedDocuments>): SnippetDocument[] {
  if (!isOutput(documents)) return Object.keys(snippetContents(documents)) as SnippetDocument[];
  return ["user-data", "meta-data", "network-config", "vendor-data"];
}

/** The snippet texts, checked against Proxmox's limits. */
function checkedContents(documents: Maybe<RenderedDocuments>, ctx: PlatformContext): Maybe<SnippetContents> {
  return mapMaybe(documents, (d) => {
    const problems = snippetProblems(d);
    if (problems.length > 0) ctx.fail(inputPropertiesError(problems));
    return snippetContents(d);
  });
}

/** The snippet file names: fixed under `rerun`, content-tagged under `replace`. */
function snippetNames(
  args: ProxmoxArgs,
  ctx: PlatformContext,
  documents: Maybe<RenderedDocuments>,
  contents: Maybe<SnippetContents>,
  planned: readonly SnippetDocument[],
): Map<SnippetDocument, pulumi.Input<string>> {
  const prefix = args.snippetPrefix ?? defaultSnippetPrefix(pulumi.getProject(), pulumi.getStack(), ctx.name);
  const names = new Map<SnippetDocument, pulumi.Input<string>>();
  if (ctx.onChange !== OnChange.Replace) {
    for (const document of planned) names.set(document, snippetFileName(prefix, document));
    return names;
  }
  const knownSecrets = isOutput(documents) ? undefined : documents.containsSecrets;
  const key =
    knownSecrets === false
      ? undefined
      : new SnippetNameKey(ctx.childName("snippet-name-key"), ctx.childOptions).key;
  for (const document of planned) {
    const tagged = mapMaybe(allMaybe<[SnippetContents]>([contents]), ([c]) => {
      const text = c[document] ?? "";
      if (key === undefined) return snippetFileName(prefix, document, contentTag(text));
      // An HMAC under the secret key is not itself secret: the name stays readable in diffs.
      return pulumi.unsecret(key.apply((k) => snippetFileName(prefix, document, contentTag(text, k))));
    });
    names.set(document, tagged as pulumi.Input<string>);
  }
  return names;
}

export const proxmoxPlatform: Platform<"proxmox"> = {
  key: "proxmox",
  validate: validateProxmoxArgs,
  deploy(args, ctx) {
    const pve = loadProxmoxVe();
    // From the interfaces' names and MACs only, each resolved on its own: a preview in which another spec
    // value is unknown keeps the NICs' MACs known.
    const owner = { scope: currentMacScope(), component: ctx.name };
    const macs = mapMaybe(interfaceKeysSpec(ctx), (s) =>
      lateCheck(ctx, () => {
        const { macs: m, problems } = nicMacAddresses(s, owner);
        if (problems.length > 0) throw inputPropertiesError(problems);
        return m;
      }),
    );
    const documents = ctx.render(mapMaybe(macs, (m) => ({ assignedMacAddresses: m })));
    const containsSecrets = mapMaybe(documents, (d) => d.containsSecrets);
    const planned = plannedDocuments(documents);
    const contents = checkedContents(documents, ctx);
    const names = snippetNames(args, ctx, documents, contents, planned);
    const rerun = ctx.onChange !== OnChange.Replace;

    const files = new Map<SnippetDocument, ProxmoxVe.FileLegacy>();
    for (const document of planned) {
      const text = mapMaybe(contents, (c) => c[document] ?? "");
      const data = SECRET_DOCUMENTS.includes(document) ? secretIf(containsSecrets, text) : text;
      const file = new pve.FileLegacy(
        ctx.childName(document),
        {
          nodeName: args.nodeName,
          datastoreId: args.snippetsDatastoreId,
          contentType: "snippets",
          sourceRaw: {
            data: data as pulumi.Input<string>,
            fileName: names.get(document) as pulumi.Input<string>,
          },
        },
        // Under `rerun` the name stays: the old file must go before the new one is written under it.
        { ...ctx.childOptions, ...(rerun ? { deleteBeforeReplace: true } : {}) },
      );
      files.set(document, file);
    }

    const initialization: ProxmoxVe.types.input.VmLegacyInitialization = { type: "nocloud" };
    if (args.cloudInitDatastoreId !== undefined) initialization.datastoreId = args.cloudInitDatastoreId;
    if (args.cloudInitInterface !== undefined) initialization.interface = args.cloudInitInterface;
    // The files' volume ids as the provider builds them (`snippetVolumeId`), from the datastore and file name,
    // not `file.id`: see "Updates" above. `dependsOn` on the files keeps the VM after them.
    const volumeIds = new Map<SnippetDocument, pulumi.Output<string>>();
    for (const document of planned) {
      const name = names.get(document) as pulumi.Input<string>;
      volumeIds.set(
        document,
        pulumi.all([args.snippetsDatastoreId, name]).apply(([ds, n]) => snippetVolumeId(ds, n)),
      );
    }
    for (const { document, field } of SNIPPET_DOCUMENTS) {
      const id = volumeIds.get(document);
      if (id !== undefined) initialization[field] = id;
    }

    const networkDevices = (args.networkDevices ?? []).map((device, i) => {
      const mac = mapMaybe(macs, (m) => m[i]);
      return isOutput(mac) || mac !== undefined
        ? { ...device, macAddress: mac as pulumi.Input<string> }
        : { ...device };
    });
    const vmArgs: ProxmoxVe.VmLegacyArgs = {
      nodeName: args.nodeName,
      name: args.name ?? ctx.name,
      initialization,
    };
    if (args.vmId !== undefined) vmArgs.vmId = args.vmId;
    if (args.clone !== undefined) vmArgs.clone = { ...args.clone };
    if (args.disks !== undefined) vmArgs.disks = args.disks.map((d) => ({ ...d }));
    if (networkDevices.length > 0) vmArgs.networkDevices = networkDevices;
    if (args.cores !== undefined) vmArgs.cpu = { cores: args.cores };
    if (args.memory !== undefined) vmArgs.memory = { dedicated: args.memory };
    if (args.agent !== undefined) vmArgs.agent = { enabled: args.agent };
    for (const key of ["started", "onBoot", "tags", "poolId", "description"] as const) {
      if (args[key] !== undefined) (vmArgs as unknown as Record<string, unknown>)[key] = args[key];
    }
    const fileIdFields = SNIPPET_DOCUMENTS.filter((d) => files.has(d.document)).map(
      (d) => `initialization.${d.field}`,
    );
    const vm = new pve.VmLegacy(ctx.childName("vm"), vmArgs, {
      ...ctx.childOptions,
      dependsOn: [...files.values()],
      ...(rerun
        ? {}
        : {
            replaceOnChanges: fileIdFields,
            // A replacement with a fixed VM id cannot exist beside the VM it replaces.
            ...(args.vmId !== undefined ? { deleteBeforeReplace: true } : {}),
          }),
    });

    const ids = SNIPPET_DOCUMENTS.filter((d) => files.has(d.document)).map(
      (d) => pulumi.interpolate`${d.cicustom}=${volumeIds.get(d.document) as pulumi.Output<string>}`,
    );
    const deliveredTo = pulumi
      .all([vmArgs.name as pulumi.Input<string>, args.nodeName, ...ids])
      .apply(
        ([name, node, ...custom]) =>
          `Proxmox VM ${name} on node ${node}: cicustom ${custom.join(",")} (citype nocloud: copied verbatim into its NoCloud drive)`,
      );
    return {
      documents,
      deliveredTo,
      target: vm,
      resources: { proxmoxVm: vm, proxmoxSnippets: Object.fromEntries(files) },
      reportedAddresses: guestAgentAddresses(vm),
    };
  },
};

/**
 * The addresses the QEMU guest agent reports (`ipv4Addresses`/`ipv6Addresses`, one list per interface; empty
 * unless `agent.enabled`, proxmoxtf/resource/vm/vm.go), without loopback and IPv6 link-local ones.
 */
function guestAgentAddresses(vm: ProxmoxVe.VmLegacy): pulumi.Output<string[]> {
  return pulumi
    .all([vm.ipv4Addresses, vm.ipv6Addresses])
    .apply(([v4, v6]) =>
      [...(v4 ?? []), ...(v6 ?? [])]
        .flat()
        .filter((a) => !/^127\./.test(a) && a !== "::1" && !/^fe80:/i.test(a)),
    );
}
