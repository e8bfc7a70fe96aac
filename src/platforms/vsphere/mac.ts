/**
 * Deterministic static MAC addresses for vSphere NICs.
 *
 * vSphere accepts a static MAC (`useStaticMac: true`) only in VMware's manually assigned range
 * 00:50:56:00:00:00-00:50:56:3F:FF:FF. The address is derived from the VM name and the NIC index
 * (SHA-256, the low 22 bits), so the same VM gets the same MACs on every run and the network config
 * can match its NICs by MAC.
 */
import type { ValidationProblem } from "../../component/errors";
import { sha256Hex } from "../../util/hash";

/** VMware's manual range: the OUI 00:50:56 and a fourth octet of 00-3F. */
export const VMWARE_MANUAL_MAC = /^00:50:56:[0-3][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/;

/** The static MAC for NIC `nicIndex` of VM `vmName`, avoiding the ones in `taken`. */
export function vmwareStaticMac(
  vmName: string,
  nicIndex: number,
  taken: ReadonlySet<string> = new Set(),
): string {
  for (let attempt = 0; ; attempt++) {
    const hex = sha256Hex(`bootstrapped-vm/mac\0${vmName}\0${nicIndex}\0${attempt}`);
    const bits = parseInt(hex.slice(0, 6), 16) & 0x3fffff;
    const octets = [(bits >> 16) & 0x3f, (bits >> 8) & 0xff, bits & 0xff];
    const mac = `00:50:56:${octets.map((o) => o.toString(16).padStart(2, "0")).join(":")}`;
    if (!taken.has(mac)) return mac;
  }
}

/** One entry per vSphere NIC: the MAC it gets and whether it is static. */
export interface NicMac {
  macAddress?: string;
  useStaticMac: boolean;
}

/**
 * MACs for the VM's NICs. A NIC with a user MAC keeps it (static). A NIC that a position-matched spec
 * interface (no `name`, no `macAddress`) lands on gets a deterministic static MAC. Others get none
 * (vSphere assigns one).
 */
export function assignNicMacs(
  vmName: string,
  userMacs: readonly (string | undefined)[],
  positional: readonly boolean[],
): NicMac[] {
  const taken = new Set(userMacs.filter((m): m is string => m !== undefined).map((m) => m.toLowerCase()));
  return userMacs.map((user, i) => {
    if (user !== undefined) return { macAddress: user.toLowerCase(), useStaticMac: true };
    if (!positional[i]) return { useStaticMac: false };
    const mac = vmwareStaticMac(vmName, i, taken);
    taken.add(mac);
    return { macAddress: mac, useStaticMac: true };
  });
}

/** Problems with user MACs: vSphere accepts static MACs only in VMware's manual range. */
export function macProblems(nics: readonly unknown[]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  nics.forEach((nic, i) => {
    const mac = (nic as { macAddress?: unknown } | undefined)?.macAddress;
    if (typeof mac === "string" && !VMWARE_MANUAL_MAC.test(mac.toLowerCase())) {
      problems.push({
        path: `networkInterfaces[${i}].macAddress`,
        message: `"${mac}" is outside VMware's manual range 00:50:56:00:00:00-00:50:56:3F:FF:FF, which vSphere requires for static MACs.`,
      });
    }
  });
  return problems;
}
