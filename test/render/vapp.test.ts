import { gunzipSync } from "node:zlib";
import { parse } from "yaml";
import { renderVappProperties } from "../../src/render/vapp";
import { stableJson } from "../../src/util/serialize";
import { DUAL_NIC_SPEC, handMadeDocs, NAMED_IPV6_SPEC } from "./transport-fixtures";
import { expectGolden } from "./golden-file";

const docs = handMadeDocs(DUAL_NIC_SPEC);

describe("renderVappProperties", () => {
  it("matches the golden property map", () => {
    expectGolden("vapp-properties.json", `${stableJson(renderVappProperties(docs), 2)}\n`);
  });

  it("sets instance-id, hostname and public keys one per line", () => {
    expect(renderVappProperties(docs)).toMatchObject({
      "instance-id": docs.instanceId,
      hostname: "web-01",
      "public-keys": docs.publicKeys.join("\n"),
    });
  });

  it("carries user-data as base64, gzipped first only when the documents ask for it", () => {
    expect(Buffer.from(renderVappProperties(docs)["user-data"] ?? "", "base64").toString("utf8")).toBe(
      docs.userData,
    );
    const gz = renderVappProperties({ ...docs, compressUserData: true })["user-data"] ?? "";
    expect(gunzipSync(Buffer.from(gz, "base64")).toString("utf8")).toBe(docs.userData);
  });

  it("carries the delivered network config under a top-level network key, base64-encoded", () => {
    const networkOf = (d: typeof docs): unknown =>
      parse(Buffer.from(renderVappProperties(d)["network-config"] ?? "", "base64").toString("utf8"));
    // v1 for DUAL_NIC_SPEC (an IPv6 route on an IPv4-first NIC), v2 for a spec cloud-init reads right.
    expect(networkOf(docs)).toEqual({ network: docs.network?.v1 });
    const v6 = handMadeDocs(NAMED_IPV6_SPEC);
    expect(networkOf(v6)).toEqual({ network: v6.network?.v2 });
  });

  it("leaves out network-config and public-keys when there are none", () => {
    const props = renderVappProperties(handMadeDocs({ hostname: "h" }, { publicKeys: [] }));
    expect(Object.keys(props)).toEqual(["hostname", "instance-id", "user-data"]);
  });
});
