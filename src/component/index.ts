/** The `BootstrappedVm` component and its arguments. */
export { BootstrappedVm, BOOTSTRAPPED_VM_TYPE } from "./bootstrapped-vm";
export { OnChange } from "./args";
export type { BootstrappedVmArgs, PlatformKey } from "./args";
export { bootstrapSpec } from "./inputs";
export type { DeepInput } from "./inputs";
