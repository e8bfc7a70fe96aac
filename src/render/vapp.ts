/**
 * vApp / OVF properties for templates imported from an OVA, read by cloud-init's DataSourceOVF
 * (`read_ovf_environment`, 22.4): `instance-id`, `hostname` (read as `local-hostname`), `public-keys`,
 * `user-data` (base64) and `network-config`: base64 of YAML whose top-level `network` key holds the
 * network config (cloud-init takes `.get("network")` of the decoded document), the delivered one
 * (network-delivery.ts).
 * Only properties the template defines can be set; the caller drops the others.
 */
import { stableYamlUnderKey } from "../util/serialize";
import { encodeUserData } from "./mime";
import { deliveredNetworkConfig } from "./network-delivery";
import type { RenderedDocuments } from "./types";

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
