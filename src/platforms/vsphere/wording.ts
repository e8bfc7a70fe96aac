/**
 * The ways out of a problem in the vSphere component's terms: its transports and its arguments
 * (src/core/remedy.ts).
 */
import { libraryWording, oneOf, type Carrier, type Wording } from "../../core/remedy";
import { VsphereTransport } from "./args";

const TRANSPORTS: Record<Carrier, VsphereTransport> = {
  nocloud: VsphereTransport.NocloudIso,
  guestinfo: VsphereTransport.Guestinfo,
  vapp: VsphereTransport.Vapp,
};

export const vsphereWording: Wording = (way) => {
  switch (way.kind) {
    case "carrier":
      return `use transport ${oneOf(way.carriers.map((c) => `"${TRANSPORTS[c]}"`))}`;
    case "seeder":
      return "bake the bootstrapped-vm seeder into the template (it reads guestinfo and hands cloud-init a NoCloud seed; docs/vsphere.md) and set `guestinfo: { seeder: true }`";
    case "targetCloudInit":
      return `set bootstrap.cloudInit.minVersion to ${way.version} when every image runs ${way.version} or later`;
    case "guestinfoLimit":
      return "raise vsphere.guestinfo.maxValueBytes if your vSphere accepts larger values (docs/vsphere.md)";
    default:
      return libraryWording(way);
  }
};
