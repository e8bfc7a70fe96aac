/**
 * The OVF environment document vSphere hands a vApp's guest (DMTF DSP0243 "OVF environment",
 * namespace http://schemas.dmtf.org/ovf/environment/1): one PropertySection with an
 * `<Property oe:key=... oe:value=.../>` per vApp property, plus VMware's platform and NIC sections. vSphere
 * delivers it as `ovf-env.xml` on a CD-ROM labelled `OVF ENV` (ISO transport) or as `guestinfo.ovfEnv`
 * (VMware tools transport). cloud-init's DataSourceOVF (22.4, get_properties) reads the PropertySection's
 * oe:key/oe:value attributes.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function attr(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}

/** The ovf-env.xml for vApp `properties` on a VM whose one NIC has `mac`. */
export function ovfEnvironment(properties: Readonly<Record<string, string>>, mac: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `      <Property oe:key="${attr(key)}" oe:value="${attr(value)}"/>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<Environment
     xmlns="http://schemas.dmtf.org/ovf/environment/1"
     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
     xmlns:oe="http://schemas.dmtf.org/ovf/environment/1"
     xmlns:ve="http://www.vmware.com/schema/ovfenv"
     oe:id=""
     ve:vCenterId="vm-1001">
   <PlatformSection>
      <Kind>VMware ESXi</Kind>
      <Version>8.0.2</Version>
      <Vendor>VMware, Inc.</Vendor>
      <Locale>en</Locale>
   </PlatformSection>
   <PropertySection>
${props}
   </PropertySection>
   <ve:EthernetAdapterSection>
      <ve:Adapter ve:mac="${attr(mac)}" ve:network="VM Network" ve:unitNumber="7"/>
   </ve:EthernetAdapterSection>
</Environment>
`;
}

/** Writes `xml` as ovf-env.xml onto an ISO 9660 image labelled `OVF ENV`, as vSphere's ISO transport does. */
export function writeOvfEnvIso(xml: string, workDir: string): string {
  const dir = join(workDir, "ovf-env");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "ovf-env.xml"), xml);
  const iso = join(workDir, "ovf-env.iso");
  execFileSync("xorriso", ["-as", "mkisofs", "-quiet", "-V", "OVF ENV", "-J", "-r", "-o", iso, dir], {
    stdio: "pipe",
  });
  return iso;
}
