/** The vSphere platform's public surface: its arguments, transports and the static-MAC helper. */
export { GuestinfoRedact, VsphereTransport } from "./args";
export type {
  VsphereArgs,
  VsphereCdrom,
  VsphereClone,
  VsphereDisk,
  VsphereGuestinfoOptions,
  VsphereNetworkInterface,
  VsphereNocloudIsoOptions,
  VsphereVapp,
} from "./args";
export { vmwareStaticMac, VMWARE_MANUAL_MAC } from "./mac";
export type { MacOwner, MacScope } from "./mac";
export { DEFAULT_SEED_DIRECTORY } from "./transport-nocloud-iso";
