/**
 * Synchronous checks of the vSphere args (the values known at construction). Values that are still
 * Outputs are checked again when they resolve (see `vm-args.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { remedyProblem, type SpecProblem } from "../../core/problems";
import { isKnown } from "../../core/known";
import { GuestinfoEncoding, guestinfoUnreadRemedy } from "../../render/guestinfo";
import type { KnownArgs } from "../platform";
import type { BootstrapSpec } from "../../spec/types";
import { guestinfoOptions, guestinfoValues } from "./guestinfo-values";
import { currentMacScope } from "../program-macs";
import { planNics, type ResolvedNic } from "./nics";
import { GuestinfoRedact, VsphereTransport, type VsphereArgs } from "./args";
import { GUESTINFO_KEYS, keyPath, MANAGED_VM_PROPERTIES, VAPP_PROPERTY_KEYS } from "./keys";
import { macProblems } from "./mac";
import { vsphereWording } from "./wording";
import {
  templateSubset,
  vappTargetProblem,
  vappTemplateProblems,
  vappValueProblems,
  vappValues,
} from "./vapp-values";

function enumProblem(path: string, value: unknown, allowed: readonly string[]): SpecProblem | undefined {
  if (value === undefined || allowed.includes(value as string)) return undefined;
  return { path, message: `"${String(value)}" is not one of ${allowed.map((a) => `"${a}"`).join(", ")}.` };
}

/** Problems with extraConfig keys the transport writes itself. */
export function extraConfigCollisions(transport: VsphereTransport, keys: readonly string[]): SpecProblem[] {
  if (transport === VsphereTransport.Guestinfo) {
    return keys
      .filter((k) => (GUESTINFO_KEYS as readonly string[]).includes(k))
      .map((k) => ({
        path: keyPath("extraConfig", k),
        message: `the guestinfo transport writes "${k}" itself; remove it from extraConfig (put the content into the bootstrap spec).`,
      }));
  }
  if (transport === VsphereTransport.Vapp) {
    return keys
      .filter((k) => (GUESTINFO_KEYS as readonly string[]).includes(k))
      .map((k) => ({
        path: keyPath("extraConfig", k),
        message: `"${k}" asks for guestinfo delivery, but the transport is "vapp"; an OVF template reads vApp properties. Remove the key or use transport "guestinfo".`,
      }));
  }
  return [];
}

/** Problems with vApp properties the `vapp` transport writes itself. */
export function vappCollisions(transport: VsphereTransport, keys: readonly string[]): SpecProblem[] {
  if (transport !== VsphereTransport.Vapp) return [];
  return keys
    .filter((k) => (VAPP_PROPERTY_KEYS as readonly string[]).includes(k))
    .map((k) => ({
      path: keyPath("vapp.properties", k),
      message: `the vapp transport sets "${k}" from the bootstrap spec; remove it from vapp.properties.`,
    }));
}

/**
 * With everything known, renders the documents now so that problems only the documents show are
 * reported at preview, before any child exists: an oversized guestinfo value, a MAC another NIC of
 * the program holds, a nocloudIso upload of secret documents without `pathKey`. The documents and
 * the guestinfo keys are kept for the deployment (`known.render`, `guestinfoValues`).
 */
function documentProblems(args: VsphereArgs, known: KnownArgs, transport: VsphereTransport): SpecProblem[] {
  const { bootstrap, render } = known;
  const name = args.name ?? known.name;
  const nics = args.networkInterfaces ?? [];
  if (bootstrap === undefined || render === undefined || typeof name !== "string") return [];
  if (!isKnown(nics) || !isKnown(args.guestinfo)) return [];
  try {
    const owner = { scope: currentMacScope(), component: known.name, vmName: name };
    const plan = planNics(owner, nics as ResolvedNic[], bootstrap);
    const docs = render({ assignedMacAddresses: plan.assignedMacAddresses });
    if (transport === VsphereTransport.Guestinfo) guestinfoValues(docs, guestinfoOptions(args, docs));
    if (transport === VsphereTransport.Vapp) {
      return vappValueProblems(templateSubset(vappValues(docs), args.vapp?.templateProperties), bootstrap);
    }
    if (
      transport === VsphereTransport.NocloudIso &&
      docs.containsSecrets &&
      args.nocloudIso?.pathKey === undefined
    ) {
      return [
        {
          path: "nocloudIso.pathKey",
          message:
            "the documents hold secrets, and the seed ISO's datastore path (part of the File resource's id, which Pulumi stores unencrypted) would carry a hash of them; set `pathKey` to a secret of at least 16 characters, e.g. `config.requireSecret(\"seedPathKey\")`.",
        },
      ];
    }
    return [];
  } catch (err) {
    if (pulumi.InputPropertiesError.isInstance(err)) {
      // planNics names paths from the component's root (`vsphere.…`, `bootstrap.…`); these are relative to `vsphere`.
      return err.errors.map((e) => ({ path: e.propertyPath.replace(/^vsphere\./, ""), message: e.reason }));
    }
    throw err;
  }
}

/**
 * The guestinfo transport needs DataSourceVMware, new in cloud-init 21.3 (`guestinfoUnreadRemedy`), unless
 * the template has the seeder (`guestinfo.seeder`), which gives any cloud-init a NoCloud seed.
 */
export function guestinfoTargetProblem(
  transport: VsphereTransport,
  spec: Pick<BootstrapSpec, "cloudInit"> | undefined,
  seeder: unknown,
): SpecProblem | undefined {
  if (transport !== VsphereTransport.Guestinfo || spec === undefined) return undefined;
  const remedy = guestinfoUnreadRemedy(spec, seeder === true);
  return remedy === undefined ? undefined : remedyProblem("transport", remedy, vsphereWording);
}

/** All synchronous problems of the vSphere args; paths relative to `vsphere` (or `bootstrap...`). */
export function validateVsphereArgs(args: VsphereArgs, known: KnownArgs): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const add = (p: SpecProblem | undefined) => p !== undefined && problems.push(p);
  add(enumProblem("transport", args.transport, Object.values(VsphereTransport)));
  const transport = args.transport ?? VsphereTransport.Guestinfo;
  add(guestinfoTargetProblem(transport, known.bootstrap, args.guestinfo?.seeder));
  if (known.bootstrap !== undefined) add(vappTargetProblem(transport, known.bootstrap));
  problems.push(
    ...vappTemplateProblems(transport, args.vapp?.templateProperties, known.bootstrap?.network !== undefined),
  );
  if (args.resourcePoolId === undefined || args.resourcePoolId === null) {
    problems.push({
      path: "resourcePoolId",
      message: "the resource pool ID is required by the vSphere provider.",
    });
  }
  if (args.guestinfo !== undefined) {
    if (transport === VsphereTransport.Vapp) {
      problems.push({
        path: "guestinfo",
        message: `guestinfo options were given, but the transport is "vapp"; an OVF template reads vApp properties. Remove \`guestinfo\` or use transport "guestinfo".`,
      });
    } else if (transport !== VsphereTransport.Guestinfo) {
      problems.push({ path: "guestinfo", message: `guestinfo options only apply to transport "guestinfo".` });
    }
    add(enumProblem("guestinfo.encoding", args.guestinfo.encoding, Object.values(GuestinfoEncoding)));
    add(enumProblem("guestinfo.redact", args.guestinfo.redact, Object.values(GuestinfoRedact)));
    const seeder: unknown = args.guestinfo.seeder;
    if (seeder !== undefined && typeof seeder !== "boolean") {
      problems.push({
        path: "guestinfo.seeder",
        message: `${JSON.stringify(seeder)} is not a boolean; set true when the template has the bootstrapped-vm seeder.`,
      });
    }
    const max = args.guestinfo.maxValueBytes;
    if (max !== undefined && !(Number.isInteger(max) && max >= 1024)) {
      problems.push({
        path: "guestinfo.maxValueBytes",
        message: `${String(max)} is not a byte count; give an integer of at least 1024 (default 65536).`,
      });
    }
  }
  if (transport === VsphereTransport.NocloudIso) {
    if (args.nocloudIso === undefined) {
      problems.push({
        path: "nocloudIso",
        message: `transport "nocloudIso" needs \`nocloudIso: { datastore: "<datastore name>" }\` to upload the seed ISO to.`,
      });
    } else {
      if (args.nocloudIso.datastore === undefined) {
        problems.push({
          path: "nocloudIso.datastore",
          message: "the datastore name to upload the seed ISO to is required.",
        });
      }
      // resource_vsphere_file.go:179,333 look the datacenter up by name; an empty name means govmomi's
      // default datacenter, which is ambiguous on a vCenter with more than one.
      const key = args.nocloudIso.pathKey;
      if (typeof key === "string" && key.length < 16) {
        problems.push({
          path: "nocloudIso.pathKey",
          message: `a key of ${key.length} characters is too short to keep the file name unguessable; use a secret of at least 16 characters.`,
        });
      }
      if (args.nocloudIso.datacenter === undefined) {
        problems.push({
          path: "nocloudIso.datacenter",
          message:
            'the datacenter of the datastore is required: the provider resolves an omitted one to vCenter\'s default datacenter, which fails when vCenter has more than one; set `datacenter: "<datacenter name>"`.',
        });
      }
    }
    if (args.datastoreId === undefined) {
      problems.push({
        path: "datastoreId",
        message: `transport "nocloudIso" attaches the ISO from the VM's datastore; set \`datastoreId\` (the ID of the datastore named in \`nocloudIso.datastore\`).`,
      });
    }
  } else if (args.nocloudIso !== undefined) {
    problems.push({
      path: "nocloudIso",
      message: `nocloudIso options only apply to transport "nocloudIso".`,
    });
  }
  if (transport === VsphereTransport.Vapp && args.clone === undefined) {
    // virtual_machine_config_structure.go:805-813 (v2.16.1): vApp properties on a VM that is not
    // cloned fail with "vApp properties can only be set on cloned virtual machines".
    problems.push({
      path: "clone",
      message:
        'transport "vapp" sets vApp properties, which the provider accepts only on cloned VMs; set `clone: { templateUuid: "<OVA template UUID>" }`, or use transport "guestinfo".',
    });
  }
  if (
    args.extraConfig !== undefined &&
    isKnown(args.extraConfig) &&
    !pulumi.Output.isInstance(args.extraConfig)
  ) {
    problems.push(...extraConfigCollisions(transport, Object.keys(args.extraConfig as object)));
  }
  const vappProperties = args.vapp?.properties;
  if (vappProperties !== undefined && !pulumi.Output.isInstance(vappProperties) && isKnown(vappProperties)) {
    problems.push(...vappCollisions(transport, Object.keys(vappProperties as object)));
  }
  if (args.networkInterfaces !== undefined && isKnown(args.networkInterfaces)) {
    problems.push(...macProblems(args.networkInterfaces as unknown[]));
  }
  for (const key of Object.keys(args.passthrough ?? {})) {
    if ((MANAGED_VM_PROPERTIES as readonly string[]).includes(key)) {
      problems.push({
        path: keyPath("passthrough", key),
        message: `"${key}" is a vsphere argument of its own; set \`vsphere.${key}\` instead of passing it through.`,
      });
    }
  }
  if (problems.length === 0) problems.push(...documentProblems(args, known, transport));
  return problems;
}
