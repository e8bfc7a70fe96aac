/** Fleets: many `BootstrappedVm`s from one base spec, each with its own host name, addresses and variables. */
export { createFleet } from "./fleet";
export type { FleetArgs, FleetVm } from "./fleet";
export { planFleet } from "./plan";
export type { FleetAddressPool, FleetMember, FleetOptions } from "./plan";
export { allocateFromPool, parsePool } from "./address-pool";
export type { AddressPool, ParsedPool } from "./address-pool";
