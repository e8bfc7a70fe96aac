/**
 * vApp / OVF properties for templates imported from an OVA, read by cloud-init's DataSourceOVF
 * (`read_ovf_environment`, 22.4): `instance-id`, `hostname` (read as `local-hostname`), `public-keys`,
 * `user-data` (base64) and `network-config`: base64 of YAML whose top-level `network` key holds the
 * network config (cloud-init takes `.get("network")` of the decoded document), the delivered one
 * (network-delivery.ts).
 * Only properties the template defines can be set; the caller drops the others.
 */
import { atLeast, targetCloudInit, targetWords, VAPP_NETWORK_SINCE } from "../spec/cloud-init-version";
import { Compression, type BootstrapSpec } from "../spec/types";
import { stableYamlUnderKey } from "../util/serialize";
import { encodeUserData } from "./mime";
import { deliveredNetworkConfig } from "./network-delivery";
import type { RenderedDocuments } from "./types";
import { GUESTINFO_SINCE } from "./guestinfo";
import type { Carrier, Remedy } from "../core/remedy";

/** Renders the vApp property map (sorted keys: it is built in that order). */
export function renderVappProperties(docs: RenderedDocuments): Record<string, string> {
  const props: Record<string, string> = { hostname: docs.hostname, "instance-id": docs.instanceId };
  if (docs.network !== undefined) {
    // The delivered document's YAML (NoCloud and the content hash carry it), moved under `network:`.
    const delivered = deliveredNetworkConfig(docs.network);
    const text = stableYamlUnderKey("network", delivered.document, delivered.yaml);
    props["network-config"] = Buffer.from(text, "utf8").toString("base64");
  }
  if (docs.publicKeys.length > 0) props["public-keys"] = docs.publicKeys.join("\n");
  props["user-data"] = encodeUserData(docs).toString("base64");
  return props;
}

/**
 * The longest value of a vApp string property: 65535 characters, what VMware's vm-operator enforces for a
 * `string` or `password` property (pkg/providers/vsphere/vmlifecycle/bootstrap_vappconfig.go:85, 118-126,
 * "A generic string. Max length 65535 (64k)"); vSphere's own limit is not documented. The vSphere provider
 * copies each value into the VM's vApp config without a check (`expandVAppConfig`,
 * vsphere/virtual_machine_config_structure.go), so a longer value would fail at `pulumi up`, not at preview.
 */
export const VAPP_STRING_LIMIT = 65535;

/**
 * Every property whose value is longer than `VAPP_STRING_LIMIT`, in the map's order, as a problem with its
 * ways out (`spec`: the one they were rendered from). `guestinfoFits`, asked only when a value is too
 * long: false when the documents are too large for guestinfo too, which is then not offered.
 */
export function overlongVappRemedies(
  properties: Record<string, string>,
  spec: Pick<BootstrapSpec, "userDataCompression">,
  guestinfoFits: () => boolean = () => true,
): Remedy[] {
  const overlong = Object.entries(properties).filter(([, value]) => value.length > VAPP_STRING_LIMIT);
  const carriers: Carrier[] =
    overlong.length > 0 && !guestinfoFits() ? ["nocloud"] : ["guestinfo", "nocloud"];
  return overlong.map(([key, value]) => ({
    fact:
      `vApp property "${key}" would be ${value.length} characters, over the ${VAPP_STRING_LIMIT}-character limit ` +
      "of a vApp string property (docs/vsphere.md)",
    ways: [
      ...(key === "user-data" && spec.userDataCompression !== Compression.Gzip
        ? [
            {
              kind: "text",
              text: "set `userDataCompression: gzip` in the spec (cloud-init gunzips user-data)",
            } as const,
          ]
        : []),
      { kind: "text", text: "shrink the spec (download large files in runcmd)" },
      { kind: "carrier", carriers },
    ],
  }));
}

export { VAPP_NETWORK_SINCE } from "../spec/cloud-init-version";

/**
 * Why `spec`'s network would not reach a guest of its target cloud-init through vApp properties, or
 * undefined when it would (or the spec has no network). The guest gives no sign: cloud-init applies its
 * fallback (DHCP on the first NIC) and reports `done`.
 */
export function vappNetworkIgnoredReason(
  spec: Pick<BootstrapSpec, "cloudInit" | "network">,
): string | undefined {
  if (spec.network === undefined) return undefined;
  if (atLeast(targetCloudInit(spec), VAPP_NETWORK_SINCE)) return undefined;
  return (
    `cloud-init's OVF datasource applies the vApp property "network-config" from ${VAPP_NETWORK_SINCE} on ` +
    `(20.4 reads no network from it, 21.3 ignores it by a bug), but ${targetWords(spec.cloudInit?.minVersion)}: ` +
    `the guest would silently come up on its fallback DHCP instead of the spec's network`
  );
}

/** `vappNetworkIgnoredReason` with its ways out, or undefined when the network would reach the guest. */
export function vappNetworkRemedy(spec: Pick<BootstrapSpec, "cloudInit" | "network">): Remedy | undefined {
  const reason = vappNetworkIgnoredReason(spec);
  if (reason === undefined) return undefined;
  return {
    fact: reason,
    ways: [
      {
        kind: "carrier",
        carriers: atLeast(targetCloudInit(spec), GUESTINFO_SINCE) ? ["guestinfo", "nocloud"] : ["nocloud"],
      },
      { kind: "text", text: "remove `network` from the spec to use the image's DHCP" },
      { kind: "targetCloudInit", version: VAPP_NETWORK_SINCE },
    ],
  };
}
