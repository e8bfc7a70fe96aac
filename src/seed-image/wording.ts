/** The ways out of a spec's problems in a seed image's terms (src/core/remedy.ts). */
import { libraryWording, type Wording } from "../core/remedy";

/**
 * The ways out of a spec's problems for a seed image: `nocloud` names what carries what a config drive
 * cannot (guestinfo and vApp are vSphere's, not offered), `macs` the argument that lists the NICs' MACs.
 */
export function seedWording(nocloud: string, macs: string): Wording {
  return (way) => {
    switch (way.kind) {
      case "carrier":
        return way.carriers.includes("nocloud") ? `use ${nocloud}` : undefined;
      case "platformMac":
        return `give the MAC of the VM's NIC ${way.nic} in \`${macs}[${way.nic}]\``;
      default:
        return libraryWording(way);
    }
  };
}
