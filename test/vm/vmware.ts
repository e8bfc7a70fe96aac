/**
 * A VMware-shaped guest under QEMU, for the transports vSphere delivers (see docs/vm-tests.md):
 * - the CPU without the hypervisor bit (`-cpu qemu64,-hypervisor`) and SMBIOS type 1 naming VMware, so
 *   systemd-detect-virt, ds-identify (DI_VIRT=vmware) and cloud-init's `dmi.read_dmi_data` see VMware;
 * - each guestinfo key as a fw_cfg file `opt/guestinfo/<key>`, answered in the guest by the stand-in
 *   `vmware-rpctool` (guest/vmware-rpctool), which also records `info-set` calls in INFO_SET_LOG;
 * - QEMU's user network without IPv6 (`ipv6=off`): a vSphere port group for a static-only IPv6 network sends
 *   no router advertisements, so the guest holds only the spec's addresses (with QEMU's advertisements it
 *   would also get a SLAAC address, which DataSourceVMware warns about).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GuestDevices } from "./harness";

/** Where the stand-in rpctool records `info-set` calls (one `info-set guestinfo.K V` line each). */
export const INFO_SET_LOG = "/var/lib/bootproof/rpctool-info-set.log";

export const VMWARE_SMBIOS = "type=1,manufacturer=VMware,, Inc.,product=VMware7,,1";

/** The devices of a VMware-shaped boot whose VM has `guestinfo` (keys `guestinfo.K` -> values). */
export function vmwareDevices(workDir: string, guestinfo: Readonly<Record<string, string>>): GuestDevices {
  const dir = join(workDir, "guestinfo");
  mkdirSync(dir, { recursive: true });
  const fwCfg = Object.entries(guestinfo).map(([key, value]) => {
    if (!key.startsWith("guestinfo.")) throw new Error(`not a guestinfo key: ${key}`);
    const name = key.slice("guestinfo.".length);
    const file = join(dir, name);
    writeFileSync(file, value);
    return { name: `opt/guestinfo/${name}`, file };
  });
  return {
    cpu: "qemu64,-hypervisor",
    smbios: [VMWARE_SMBIOS],
    fwCfg,
    netdevOptions: ["ipv6=off"],
  };
}
