import { gunzipSync } from "node:zlib";
import {
  checkGuestinfoSizes,
  GuestinfoEncoding,
  GuestinfoSizeError,
  GUESTINFO_VALUE_LIMIT,
  renderGuestinfo,
} from "../../src/render/guestinfo";
import { stableJson } from "../../src/util/serialize";
import { DUAL_NIC_SPEC, handMadeDocs, NAMED_IPV6_SPEC } from "./transport-fixtures";
import { expectGolden } from "./golden-file";
import { sha256Chain } from "../helpers/sha256-chain";

const docs = handMadeDocs(DUAL_NIC_SPEC, { vendorData: "#cloud-config\nruncmd: [echo vendor]\n" });

function decode(value: string | undefined, encoding: string | undefined): string {
  const bytes = Buffer.from(value ?? "", "base64");
  return (encoding === "gzip+base64" ? gunzipSync(bytes) : bytes).toString("utf8");
}

function metadataOf(map: Record<string, string>): Record<string, unknown> {
  return JSON.parse(decode(map["guestinfo.metadata"], map["guestinfo.metadata.encoding"])) as Record<
    string,
    unknown
  >;
}

/** Printable text gzip cannot shrink: base64 of a SHA-256 chain (deterministic). */
function incompressible(bytes: number): string {
  return sha256Chain(bytes).toString("base64");
}

describe("renderGuestinfo", () => {
  it("decodes to the same documents in gzip+base64 as in base64", () => {
    // gzip bytes may differ between zlib builds, so the golden file holds the base64 form only.
    const gz = renderGuestinfo(docs, { encoding: GuestinfoEncoding.GzipBase64 });
    const b64 = renderGuestinfo(docs, { encoding: GuestinfoEncoding.Base64 });
    for (const key of ["guestinfo.userdata", "guestinfo.vendordata"]) {
      expect(gz[`${key}.encoding`]).toBe("gzip+base64");
      expect(decode(gz[key], "gzip+base64")).toBe(decode(b64[key], "base64"));
    }
    expect(decode(gz["guestinfo.metadata"], "gzip+base64")).toBe(decode(b64["guestinfo.metadata"], "base64"));
  });

  it("matches the golden guestinfo map (base64)", () => {
    expectGolden(
      "guestinfo-base64.json",
      `${stableJson(renderGuestinfo(docs, { encoding: GuestinfoEncoding.Base64 }), 2)}\n`,
    );
  });

  it("writes metadata with instance-id, local-hostname, public keys, the network and the redact list", () => {
    const map = renderGuestinfo(docs);
    const md = metadataOf(map);
    expect(md).toMatchObject({
      "instance-id": docs.instanceId,
      "local-hostname": "web-01",
      "public-keys-data": docs.publicKeys.join("\n"),
      redact: ["userdata"],
    });
    // The delivered network config as a mapping (no second encoding inside the encoded metadata): v1 for
    // DUAL_NIC_SPEC (an IPv6 route on an IPv4-first NIC), v2 for a spec cloud-init reads right.
    expect(md.network).toEqual(docs.network?.v1);
    expect(md["network.encoding"]).toBeUndefined();
    const v6 = handMadeDocs(NAMED_IPV6_SPEC);
    expect(metadataOf(renderGuestinfo(v6)).network).toEqual(v6.network?.v2);
  });

  it("sets every value's encoding key, and user-data and vendor-data decode to the documents", () => {
    for (const encoding of [GuestinfoEncoding.GzipBase64, GuestinfoEncoding.Base64]) {
      const map = renderGuestinfo(docs, { encoding });
      expect(map["guestinfo.userdata.encoding"]).toBe(encoding);
      expect(decode(map["guestinfo.userdata"], encoding)).toBe(docs.userData);
      expect(decode(map["guestinfo.vendordata"], map["guestinfo.vendordata.encoding"])).toBe(docs.vendorData);
    }
  });

  it("omits vendordata and network when the documents have none", () => {
    const bare = handMadeDocs({ hostname: "h" });
    const map = renderGuestinfo(bare);
    expect(Object.keys(map).sort()).toEqual([
      "guestinfo.metadata",
      "guestinfo.metadata.encoding",
      "guestinfo.userdata",
      "guestinfo.userdata.encoding",
    ]);
    expect(metadataOf(map).network).toBeUndefined();
  });

  it("leaves the redact list out when user-data redaction is off", () => {
    expect(metadataOf(renderGuestinfo(docs, { redactUserData: false })).redact).toBeUndefined();
  });

  it("picks base64 in auto mode when it is smaller than gzip+base64, else gzip+base64", () => {
    const tiny = handMadeDocs({ hostname: "h" }, { userData: "#cloud-config\n" });
    expect(renderGuestinfo(tiny)["guestinfo.userdata.encoding"]).toBe("base64");
    const big = handMadeDocs(
      { hostname: "h" },
      { userData: `#cloud-config\nruncmd:\n${"  - echo repeated\n".repeat(500)}` },
    );
    expect(renderGuestinfo(big)["guestinfo.userdata.encoding"]).toBe("gzip+base64");
  });

  it("carries user-data the spec asked to gzip as gzip+base64, gzipped once", () => {
    const map = renderGuestinfo({ ...docs, compressUserData: true }, { encoding: GuestinfoEncoding.Base64 });
    expect(map["guestinfo.userdata.encoding"]).toBe("gzip+base64");
    expect(decode(map["guestinfo.userdata"], "gzip+base64")).toBe(docs.userData);
  });

  it("falls back to gzip+base64 when base64 alone would exceed 64 KiB", () => {
    const large = handMadeDocs({ hostname: "h" }, { userData: `#cloud-config\n# ${"a".repeat(60000)}\n` });
    const map = renderGuestinfo(large, { encoding: GuestinfoEncoding.Base64 });
    expect(map["guestinfo.userdata.encoding"]).toBe("gzip+base64");
    expect(map["guestinfo.userdata"]?.length).toBeLessThanOrEqual(GUESTINFO_VALUE_LIMIT);
  });

  it("rejects a value over 64 KiB even as gzip+base64, naming the key and its size", () => {
    const huge = handMadeDocs({ hostname: "h" }, { userData: `#cloud-config\n# ${incompressible(80000)}\n` });
    expect(() => renderGuestinfo(huge)).toThrow(GuestinfoSizeError);
    expect(() => renderGuestinfo(huge)).toThrow(
      /^guestinfo\.userdata would be \d+ bytes after gzip\+base64, over the 65536-byte guestinfo value limit; shrink the spec \(download large files in runcmd\), raise `valueLimit` if your vSphere accepts larger values \(docs\/vsphere\.md\), or use a NoCloud seed$/,
    );
  });
});

describe("checkGuestinfoSizes", () => {
  it("accepts values up to 65536 bytes and reports larger ones with key and size", () => {
    expect(checkGuestinfoSizes({ "guestinfo.a": "x".repeat(65536) })).toEqual([]);
    expect(checkGuestinfoSizes({ "guestinfo.b": "x".repeat(65537), "guestinfo.a": "ok" })).toEqual([
      { key: "guestinfo.b", size: 65537, limit: 65536 },
    ]);
  });

  it("counts bytes, not characters", () => {
    expect(checkGuestinfoSizes({ "guestinfo.u": "é".repeat(32769) })).toEqual([
      { key: "guestinfo.u", size: 65538, limit: 65536 },
    ]);
  });
});
