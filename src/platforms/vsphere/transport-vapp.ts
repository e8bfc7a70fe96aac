/**
 * `vapp` transport: vApp/OVF properties (`instance-id`, `hostname`, `public-keys`, `user-data` as
 * base64, `network-config`), read by cloud-init's OVF datasource from templates imported from an OVA.
 * The vSphere provider warns to use `vapp.properties`, not extraConfig, with OVF templates. Only
 * properties the template defines can be set (Ubuntu's cloud OVA defines all but `network-config`).
 */
import { allMaybe, mapMaybe } from "../../component/maybe";
import { renderVappProperties } from "../../render/vapp";
import type { VsphereTransportBuilder } from "./transport";

export const vappTransport: VsphereTransportBuilder = ({ vmName, documents }) => {
  const vappProperties = mapMaybe(documents, (docs) => renderVappProperties(docs));
  return {
    vappProperties,
    description: mapMaybe(
      allMaybe<[string, Record<string, string>]>([vmName, vappProperties]),
      ([vm, props]) =>
        `vSphere VM "${vm}": vApp properties ${Object.keys(props).sort().join(", ")} (OVF datasource)`,
    ),
  };
};
