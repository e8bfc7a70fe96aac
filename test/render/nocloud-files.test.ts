import { gunzipSync } from "node:zlib";
import { parse } from "yaml";
import { renderNoCloudFiles } from "../../src/render/nocloud";
import { DUAL_NIC_SPEC, handMadeDocs, NAMED_IPV6_SPEC } from "./transport-fixtures";

describe("renderNoCloudFiles", () => {
  it("always writes meta-data and user-data, and network-config and vendor-data when present", () => {
    const docs = handMadeDocs(DUAL_NIC_SPEC, { vendorData: "#cloud-config\n{}\n" });
    const files = renderNoCloudFiles(docs);
    expect([...files.keys()].sort()).toEqual(["meta-data", "network-config", "user-data", "vendor-data"]);
    expect(files.get("meta-data")?.toString("utf8")).toBe(docs.metaData);
    expect(files.get("user-data")?.toString("utf8")).toBe(docs.userData);
    expect(files.get("vendor-data")?.toString("utf8")).toBe(docs.vendorData);
    // DUAL_NIC_SPEC's eth0 has an IPv6 route beside an IPv4-first address list: delivered as v1.
    expect(parse(files.get("network-config")?.toString("utf8") ?? "")).toEqual(docs.network?.v1);
  });

  it("writes network config v2 as network-config when cloud-init binds every v2 route right", () => {
    const docs = handMadeDocs(NAMED_IPV6_SPEC);
    const text = renderNoCloudFiles(docs).get("network-config")?.toString("utf8") ?? "";
    expect(parse(text)).toEqual(docs.network?.v2);
  });

  it("writes meta-data even for a spec with nothing but a host name", () => {
    expect([...renderNoCloudFiles(handMadeDocs({ hostname: "h" })).keys()].sort()).toEqual([
      "meta-data",
      "user-data",
    ]);
  });

  it("gzips user-data only when the documents ask for it", () => {
    const docs = handMadeDocs({ hostname: "h" }, { compressUserData: true });
    const ud = renderNoCloudFiles(docs).get("user-data") ?? Buffer.alloc(0);
    expect(ud.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gunzipSync(ud).toString("utf8")).toBe(docs.userData);
  });
});
