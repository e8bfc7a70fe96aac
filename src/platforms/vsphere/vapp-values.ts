/**
 * The vApp properties of one rendering, computed once: the checks at construction and the `vapp`
 * transport share them (as guestinfo-values.ts does for guestinfo). And the checks of what the `vapp`
 * transport would deliver: the target cloud-init (it must read `network-config`), the template's
 * properties (none of the spec's content dropped) and the length of each value.
 */
import { remedyProblem, type SpecProblem } from "../../core/problems";
import { overlongVappRemedies, renderVappProperties, vappNetworkRemedy } from "../../render/vapp";
import type { RenderedDocuments } from "../../render/types";
import type { BootstrapSpec } from "../../spec/types";
import { memoizeByObject } from "../../util/memo";
import { VsphereTransport } from "./args";
import { vsphereWording } from "./wording";

/** `renderVappProperties(docs)`, rendered once per documents object (callers do not modify the result). */
export const vappValues: (docs: RenderedDocuments) => Record<string, string> =
  memoizeByObject(renderVappProperties);

/** The transport's properties the template defines (`vapp.templateProperties`, default all of them). */
export function templateSubset(
  properties: Record<string, string>,
  templateProperties: unknown,
): Record<string, string> {
  if (!Array.isArray(templateProperties)) return properties;
  return Object.fromEntries(Object.entries(properties).filter(([k]) => templateProperties.includes(k)));
}

/** vApp property values over `VAPP_STRING_LIMIT`, as problems of the spec (path `bootstrap`). */
export function vappValueProblems(
  properties: Record<string, string>,
  spec: Pick<BootstrapSpec, "userDataCompression">,
): SpecProblem[] {
  return overlongVappRemedies(properties, spec).map((r) => remedyProblem("bootstrap", r, vsphereWording));
}

/**
 * The `vapp` transport's network needs cloud-init 21.4 (`VAPP_NETWORK_SINCE`, src/render/vapp.ts): an older
 * guest ignores the `network-config` property without a word and comes up on its fallback DHCP.
 */
export function vappTargetProblem(
  transport: VsphereTransport,
  spec: Pick<BootstrapSpec, "cloudInit" | "network">,
): SpecProblem | undefined {
  if (transport !== VsphereTransport.Vapp) return undefined;
  const remedy = vappNetworkRemedy(spec);
  return remedy === undefined ? undefined : remedyProblem("transport", remedy, vsphereWording);
}

/**
 * Spec content the template's properties (`vapp.templateProperties`) would drop: the `vapp` transport sets
 * only the properties the template defines, so without `user-data` nothing of the spec but the host name,
 * SSH keys and instance-id reaches the guest, and without `network-config` its network does not.
 */
export function vappTemplateProblems(
  transport: VsphereTransport,
  templateProperties: unknown,
  hasNetwork: boolean,
): SpecProblem[] {
  if (transport !== VsphereTransport.Vapp || !Array.isArray(templateProperties)) return [];
  const problems: SpecProblem[] = [];
  if (!templateProperties.includes("user-data")) {
    problems.push({
      path: "vapp.templateProperties",
      message:
        'the template defines no "user-data" property, so of the spec only the host name, SSH keys and instance-id would reach the guest; use a template that defines user-data (cloud-init\'s OVF datasource reads it base64-encoded), or transport "guestinfo".',
    });
  }
  if (hasNetwork && !templateProperties.includes("network-config")) {
    problems.push({
      path: "vapp.templateProperties",
      message:
        'the template defines no "network-config" property (Ubuntu\'s cloud OVA has none), so the spec\'s network would never reach the guest, which would silently come up on its fallback DHCP; remove `network` from the spec to use DHCP, use a template that defines network-config, or use transport "guestinfo".',
    });
  }
  return problems;
}
