/** Synchronous checks of the `proxmox` platform's arguments (what is known at construction). */
import type { SpecProblem } from "../../core/problems";
import { isKnown } from "../../core/known";
import type { BootstrapSpec } from "../../spec/types";
import type { KnownArgs } from "../platform";
import type { ProxmoxArgs } from "./args";
import { currentMacScope } from "../program-macs";
import { nicMacAddresses } from "./nics";
import { proxmoxVeLoadError } from "./provider";
import { snippetProblems } from "./snippets";

const set = (value: unknown): boolean =>
  value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");

/** Proxmox VM ids: 100 to 999999999 (pve-common src/PVE/JSONSchema.pm:309-316 `pve_verify_vmid`). */
const VMID = /^[1-9][0-9]{2,8}$/;
const FILE_NAME_PART = /^[A-Za-z0-9._-]+$/;

function vmIdProblem(value: unknown, path: string, what: string): SpecProblem[] {
  if (value === undefined || !isKnown(value) || VMID.test(String(value))) return [];
  return [
    {
      path,
      message: `${JSON.stringify(value)} is not a Proxmox VM id; ${what} is a number from 100 to 999999999.`,
    },
  ];
}

/**
 * Problems of the spec's network on Proxmox: one NIC per interface. (Multicast MACs, which Proxmox refuses
 * too, pve-common src/PVE/JSONSchema.pm:456-466, are refused by the spec's own validation.)
 */
function networkProblems(args: ProxmoxArgs, spec: BootstrapSpec): SpecProblem[] {
  const interfaces = spec.network?.interfaces ?? [];
  const problems: SpecProblem[] = [];
  const devices = args.networkDevices;
  if (interfaces.length > 0 && (devices === undefined || devices.length !== interfaces.length)) {
    const count = devices?.length ?? 0;
    problems.push({
      path: "networkDevices",
      message:
        `The spec has ${interfaces.length} network interface(s) (bootstrap.network.interfaces) but \`networkDevices\` ` +
        `has ${count} entr${count === 1 ? "y" : "ies"}; give one entry per interface, in order (e.g. ` +
        '`{ bridge: "vmbr0" }`), so each NIC gets the MAC the network config matches.',
    });
  }
  return problems;
}

export function validateProxmoxArgs(args: ProxmoxArgs, known: KnownArgs): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const loadError = proxmoxVeLoadError();
  // Reported at preview, with the install command, instead of failing when the children are registered.
  if (loadError !== undefined) problems.push({ path: "", message: loadError });
  if (!set(args.nodeName)) {
    problems.push({ path: "nodeName", message: 'Give the Proxmox node the VM runs on, e.g. "pve".' });
  }
  if (!set(args.snippetsDatastoreId)) {
    problems.push({
      path: "snippetsDatastoreId",
      message:
        'Give the storage the snippets are uploaded to, e.g. "local"; its content types must include ' +
        "`snippets` (pvesm set local --content iso,vztmpl,backup,snippets).",
    });
  }
  if (args.snippetPrefix !== undefined && !FILE_NAME_PART.test(String(args.snippetPrefix))) {
    problems.push({
      path: "snippetPrefix",
      message: `${JSON.stringify(args.snippetPrefix)}: use letters, digits, \`.\`, \`_\` and \`-\` only.`,
    });
  }
  problems.push(...vmIdProblem(args.vmId, "vmId", "a VM id"));
  const hasDisks = Array.isArray(args.disks) ? args.disks.length > 0 : set(args.disks);
  if (set(args.clone) && hasDisks) {
    problems.push({ path: "disks", message: "Only one of `clone` or `disks` can be set." });
  } else if (!set(args.clone) && !hasDisks) {
    problems.push({
      path: "clone",
      message:
        "Set `clone.vmId` (a template whose image has cloud-init) or `disks` (a fresh VM, e.g. " +
        '`{ interface: "scsi0", importFrom: "local:import/debian-12-genericcloud-amd64.qcow2" }`).',
    });
  }
  if (set(args.clone)) {
    if (!set(args.clone?.vmId)) {
      problems.push({ path: "clone.vmId", message: "Give the VM id of the template to clone, e.g. 9000." });
    } else {
      problems.push(...vmIdProblem(args.clone?.vmId, "clone.vmId", "the template's id"));
    }
  }
  (args.disks ?? []).forEach((disk, i) => {
    if (!set(disk?.interface)) {
      problems.push({ path: `disks[${i}].interface`, message: 'Give the disk\'s interface, e.g. "scsi0".' });
    }
  });
  const spec = known.bootstrap;
  if (spec === undefined || known.render === undefined) return problems;
  problems.push(...networkProblems(args, spec));
  if (problems.length === 0) {
    const { macs, problems: clashes } = nicMacAddresses(spec, {
      scope: currentMacScope(),
      component: known.name,
    });
    problems.push(...clashes);
    if (clashes.length === 0) problems.push(...snippetProblems(known.render({ assignedMacAddresses: macs })));
  }
  return problems;
}
