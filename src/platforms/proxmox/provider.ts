/**
 * The Proxmox provider SDK, loaded only when a `proxmox` platform is used.
 *
 * `@muhlba91/pulumi-proxmoxve` is an optional peer dependency: programs that deliver to vSphere, OpenStack
 * or a seed image never load (or install) it. The types are imported with `import type` (erased from the
 * JavaScript) and the module is `require`d on first use.
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
import type * as ProxmoxVe from "@muhlba91/pulumi-proxmoxve";

/** The npm package, and the version this library is tested with. */
export const PROXMOXVE_PACKAGE = "@muhlba91/pulumi-proxmoxve";
export const PROXMOXVE_TESTED_VERSION = "8.6.0";

export type ProxmoxVeSdk = typeof ProxmoxVe;

/** The SDK module; throws the loader's error when it is not installed. */
export function loadProxmoxVe(): ProxmoxVeSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily: an optional peer dependency
  return require(PROXMOXVE_PACKAGE) as ProxmoxVeSdk;
}

/** Undefined when the SDK loads, otherwise the reason (for a validation message). */
export function proxmoxVeLoadError(): string | undefined {
  try {
    loadProxmoxVe();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message.split("\n")[0] : String(err);
  }
}
