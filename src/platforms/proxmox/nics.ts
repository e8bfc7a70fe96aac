/**
 * MAC addresses of the VM's NICs (pure). The network config must match each NIC: an interface with a
 * `macAddress` in the spec gets that MAC on its NIC; an interface the spec matches by position (neither
 * `name` nor `macAddress`) gets a static MAC derived from the component name and its position, so the
 * documents (uploaded before the VM exists) can name it. An interface matched by `name` leaves the MAC
 * to Proxmox.
 */
import type { BootstrapSpec } from "../../spec/types";
import { sha256Hex } from "../../util/hash";

/**
 * A locally administered unicast MAC (`02:xx:xx:xx:xx:xx`: the 0x02 bit of the first octet set, the
 * multicast bit clear) from SHA-256 over the component name and NIC index, avoiding `taken`.
 */
export function derivedMac(name: string, index: number, taken: ReadonlySet<string> = new Set()): string {
  for (let attempt = 0; ; attempt++) {
    const hex = sha256Hex(`bootstrapped-vm/proxmox-mac\0${name}\0${index}\0${attempt}`);
    const mac = `02:${(hex.slice(0, 10).match(/../g) as string[]).join(":")}`;
    if (!taken.has(mac)) return mac;
  }
}

/** The MAC for each spec interface's NIC (undefined: Proxmox chooses), lower case. */
export function nicMacAddresses(spec: BootstrapSpec, name: string): (string | undefined)[] {
  const interfaces = spec.network?.interfaces ?? [];
  const taken = new Set(
    interfaces.map((i) => i.macAddress?.toLowerCase()).filter((m): m is string => m !== undefined),
  );
  return interfaces.map((iface, index) => {
    if (iface.macAddress !== undefined) return iface.macAddress.toLowerCase();
    if (iface.name !== undefined) return undefined;
    const mac = derivedMac(name, index, taken);
    taken.add(mac);
    return mac;
  });
}
