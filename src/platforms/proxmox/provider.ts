/**
 * The Proxmox provider SDK, loaded only when a `proxmox` platform is used.
 *
 * `@muhlba91/pulumi-proxmoxve` is an optional peer dependency: programs that deliver to vSphere, OpenStack
 * or a seed image never load (or install) it. The types are imported with `import type` (erased from the
 * JavaScript) and the module is loaded on first use (`loadOptionalPeer`, shared with OpenStack).
 *
 * Resources used, and why these (bpg terraform-provider-proxmox v0.111, the SDK's upstream in 8.x):
 * - `FileLegacy` (`proxmox_virtual_environment_file`, proxmoxtf/resource/file.go): the only resource that
 *   uploads raw content (`source_raw`) as `snippets`; `download.File` downloads URLs into iso/vztmpl/import
 *   content only. The `Legacy` suffix marks every `proxmox_virtual_environment_*` resource
 *   (muhlba91/pulumi-proxmoxve provider/resources.go `convertName`), and the provider keeps its SDK
 *   resources, feature-frozen, until they are rewritten for v1.0 (docs/adr/007-resource-type-name-migration.md).
 * - `VmLegacy` (`proxmox_virtual_environment_vm`, proxmoxtf/resource/vm/vm.go): the only VM resource with
 *   an `initialization` block (`*_data_file_id`); the new `Vm` (`proxmox_vm`) is marked experimental
 *   ("DO NOT USE") and, like `cloned.Vm`, has no cloud-init settings.
 */
/** @ts-ignore optional peer (src/platforms/optional-peer.ts) */
import type * as ProxmoxVe from "@muhlba91/pulumi-proxmoxve";
import { loadOptionalPeer } from "../optional-peer";

/** The npm package (an optional peer dependency; the tests run against 8.6.0). */
export const PROXMOXVE_PACKAGE = "@muhlba91/pulumi-proxmoxve";

export type ProxmoxVeSdk = typeof ProxmoxVe;

/** The SDK module; throws `loadOptionalPeer`'s error (package, peer range, install command) when it is missing. */
export function loadProxmoxVe(): ProxmoxVeSdk {
  return loadOptionalPeer<ProxmoxVeSdk>(PROXMOXVE_PACKAGE, "proxmox");
}

/** Undefined when the SDK loads, otherwise the reason (for a validation message at preview). */
export function proxmoxVeLoadError(): string | undefined {
  try {
    loadProxmoxVe();
    return undefined;
  } catch (err) {
    return err instanceof Error ? (err.message.split("\n")[0] ?? err.message) : String(err);
  }
}
