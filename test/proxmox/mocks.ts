/**
 * Pulumi mocks for the Proxmox platform: `test/component/mock-harness.ts`'s recorder, with the ids the bpg
 * provider gives: a snippet file's id is its volume id `<datastore>:<content type>/<file name>`
 * (terraform-provider-proxmox proxmoxtf/resource/file.go:286-288 `fileVolumeID.String`, 636 `d.SetId`), and
 * `SnippetNameKey` answers with a fixed key (the real provider draws a random one in `create`).
 */
import type { MockRecorder } from "../component/mock-harness";
import { installMocks, unwrapSecrets } from "../component/mock-harness";
import { proxmoxMac } from "../../src/platforms/proxmox/nics";

export const FILE = "proxmoxve:index/fileLegacy:FileLegacy";
export const VM = "proxmoxve:index/vmLegacy:VmLegacy";
export const NAME_KEY = "pulumi-nodejs:dynamic/bootstrapped-vm:SnippetNameKey";
/** The key the mocked `SnippetNameKey` holds. */
export const MOCK_NAME_KEY = "6b".repeat(32);

/** The volume id of a snippet file registration, as the provider sets it. */
export function volumeId(inputs: Record<string, unknown>): string {
  const plain = unwrapSecrets(inputs) as {
    datastoreId: string;
    contentType: string;
    sourceRaw: { fileName: string };
  };
  return `${plain.datastoreId}:${plain.contentType}/${plain.sourceRaw.fileName}`;
}

/** The MAC the component derives for NIC `index` of `component` in this project and stack. */
export function derivedMac(component: string, index: number, project = "project", stack = "stack"): string {
  return proxmoxMac({ scope: { project, stack }, component }, index);
}

export function installProxmoxMocks(project = "project", stack = "stack"): MockRecorder {
  return installMocks(project, undefined, stack, (args) => {
    const inputs = args.inputs as Record<string, unknown>;
    if (args.type === FILE) return { id: volumeId(inputs), state: inputs };
    if (args.type === NAME_KEY) return { id: "snippet-name-key", state: { key: MOCK_NAME_KEY } };
    return { id: `${args.name}-id`, state: inputs };
  });
}
