/**
 * The vSphere transports booted in a VMware-shaped guest (vmware.ts): guestinfo read by DataSourceVMware
 * (cloud-init 21.3+), the same guestinfo read by seed 000's seeder on cloud-init 20.4 (NoCloud), and the vApp
 * properties as an OVF environment (ISO `OVF ENV` and `guestinfo.ovfEnv`) read by DataSourceOVF.
 * The guestinfo keys and vApp properties are what the vSphere platform sets on the VM: `renderGuestinfo` and
 * `renderVappProperties` of the spec's documents (src/platforms/vsphere/transport-guestinfo.ts,
 * transport-vapp.ts).
 */
import { renderAll } from "../../src/render/render-all";
import { renderGuestinfo } from "../../src/render/guestinfo";
import { renderVappProperties } from "../../src/render/vapp";
import { bootSuiteGuest, handled, runDir, SEEDER_FLAVOUR } from "./harness";
import { ovfEnvironment, writeOvfEnvIso } from "./ovf-env";
import { ProofBoot } from "./proof-runs";
import { FIRST_VARIANT, INSPECT_PATHS, ProofNetwork, suiteSpec } from "./proof-spec";
import { GUEST_MAC } from "./qemu";
import { Suite, SUITES } from "./suites";
import { INFO_SET_LOG, vmwareDevices } from "./vmware";

export interface VsphereBoot extends ProofBoot {
  /** The guestinfo keys the VM had (fw_cfg files). */
  guestinfo: Record<string, string>;
}

/**
 * The guestinfo boot's addresses: dual-stack, except where DataSourceVMware itself would log a WARNING for it.
 * On cloud-init < 23.3 every boot of a VM whose NIC has a static IPv6 address logs "device ... has more than one
 * ipv6 address" (the link-local address counts; a vSphere VM has one like any Linux NIC), so a dual-stack
 * spec cannot boot warning-free there; such a guest gets the IPv4-only spec (see suites.ts).
 */
export function guestinfoNetwork(suite: Suite, flavour?: string): ProofNetwork {
  return { staticIpv6: flavour === SEEDER_FLAVOUR || !SUITES[suite].vmwareWarnsOnTwoIpv6Addresses };
}

/** A VMware-shaped boot with the guestinfo transport's keys: DataSourceVMware, or the seeder on 20.4. */
export function startGuestinfoBoot(suite: Suite, flavour?: string): Promise<VsphereBoot> {
  const label = `${suite}/${flavour === SEEDER_FLAVOUR ? "seeder-guestinfo" : "vmware-guestinfo"}`;
  return handled(
    (async () => {
      const documents = renderAll(suiteSpec(suite, FIRST_VARIANT, guestinfoNetwork(suite, flavour)));
      const guestinfo = renderGuestinfo(documents);
      const devices = vmwareDevices(runDir(label), guestinfo);
      const boot = await bootSuiteGuest({
        suite,
        flavour,
        label,
        ...devices,
        inspectPaths: [...INSPECT_PATHS, INFO_SET_LOG],
      });
      return { ...boot, variant: FIRST_VARIANT, seed: { documents, files: [] }, guestinfo };
    })(),
  );
}

export enum OvfTransport {
  /** ovf-env.xml on a CD-ROM labelled `OVF ENV`. */
  Iso = "iso",
  /** ovf-env.xml as the value of `guestinfo.ovfEnv`. */
  Guestinfo = "guestinfo",
}

/** A VMware-shaped boot with the vApp properties in an OVF environment delivered by `transport`. */
export function startVappBoot(suite: Suite, transport: OvfTransport): Promise<VsphereBoot> {
  const label = `${suite}/vapp-ovf-${transport}`;
  return handled(
    (async () => {
      const documents = renderAll(suiteSpec(suite, FIRST_VARIANT));
      const xml = ovfEnvironment(renderVappProperties(documents), GUEST_MAC);
      const workDir = runDir(label);
      const guestinfo: Record<string, string> =
        transport === OvfTransport.Guestinfo ? { "guestinfo.ovfEnv": xml } : {};
      const cdroms = transport === OvfTransport.Iso ? [writeOvfEnvIso(xml, workDir)] : [];
      const boot = await bootSuiteGuest({
        suite,
        label,
        ...vmwareDevices(workDir, guestinfo),
        cdroms,
        inspectPaths: [...INSPECT_PATHS, INFO_SET_LOG],
      });
      return {
        ...boot,
        variant: FIRST_VARIANT,
        seed: { documents, files: cdroms.length ? ["ovf-env.xml"] : [] },
        guestinfo,
      };
    })(),
  );
}
