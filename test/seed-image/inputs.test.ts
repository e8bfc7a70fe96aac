import { renderAll } from "../../src/render/render-all";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderNoCloudFiles } from "../../src/render/nocloud";
import {
  configDriveSeedIsoInputs,
  noCloudSeedIsoInputs,
  renderNoCloudSeedIso,
} from "../../src/seed-image/inputs";
import { seedFileTree } from "../../src/seed-image/seed-files";
import { SeedFileEncoding, SeedImageFormat } from "../../src/seed-image/types";
import { plainSpec, sampleSpec } from "./sample-spec";

const MAC = "52:54:00:aa:bb:01";

/** A file tree as a plain object path -> hex, in path order (compares fast, prints readably). */
function hexTree(tree: ReadonlyMap<string, Uint8Array>): Record<string, string> {
  return Object.fromEntries(
    [...tree.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([p, d]) => [p, Buffer.from(d).toString("hex")]),
  );
}

describe("noCloudSeedIsoInputs", () => {
  it("carries exactly the NoCloud files the renderer produces, as readable text sorted by path", () => {
    const spec = sampleSpec();
    const inputs = noCloudSeedIsoInputs(spec, { path: "out/nocloud.iso" });
    const expected = renderNoCloudFiles(renderAll(spec));
    expect(inputs.path).toBe("out/nocloud.iso");
    expect(inputs.format).toBe(SeedImageFormat.NoCloud);
    expect(inputs.files.map((f) => f.path)).toEqual(["meta-data", "network-config", "user-data"]);
    expect(inputs.files.every((f) => f.encoding === SeedFileEncoding.Utf8)).toBe(true);
    expect(hexTree(seedFileTree(inputs.files))).toEqual(hexTree(expected));
    expect(inputs.files.find((f) => f.path === "user-data")?.content).toMatch(/^#cloud-config\n/);
  });

  it("fills position-matched interfaces with the assigned MAC addresses", () => {
    const inputs = noCloudSeedIsoInputs(plainSpec(), { path: "seed.iso", assignedMacAddresses: [MAC] });
    expect(inputs.files.find((f) => f.path === "network-config")?.content).toContain(`macaddress: ${MAC}\n`);
  });

  it("gives the same inputs for the same spec", () => {
    expect(noCloudSeedIsoInputs(sampleSpec(), { path: "a.iso" })).toEqual(
      noCloudSeedIsoInputs(sampleSpec(), { path: "a.iso" }),
    );
  });

  it("says when the documents hold secrets", () => {
    expect(renderNoCloudSeedIso(sampleSpec(), { path: "a.iso" }).containsSecrets).toBe(true);
    expect(
      renderNoCloudSeedIso(plainSpec(), { path: "a.iso", assignedMacAddresses: [MAC] }).containsSecrets,
    ).toBe(false);
  });

  it("carries gzip-compressed user-data as base64", () => {
    const spec = { ...sampleSpec(), userDataCompression: "gzip" } as ReturnType<typeof sampleSpec>;
    const userData = noCloudSeedIsoInputs(spec, { path: "a.iso" }).files.find((f) => f.path === "user-data");
    expect(userData?.encoding).toBe(SeedFileEncoding.Base64);
    expect(Buffer.from(userData?.content ?? "", "base64").subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it("throws the spec's validation error for an invalid spec", () => {
    expect(() => noCloudSeedIsoInputs({ hostname: "bad_host!" }, { path: "a.iso" })).toThrow(/hostname/);
  });
});

describe("configDriveSeedIsoInputs", () => {
  it("carries the whole config-drive tree, one copy per distinct content, the latest/ copy readable", () => {
    const spec = sampleSpec();
    const inputs = configDriveSeedIsoInputs(spec, { path: "out/config-drive.iso" });
    const docs = renderAll(spec);
    expect(inputs.format).toBe(SeedImageFormat.ConfigDrive);
    expect(hexTree(seedFileTree(inputs.files))).toEqual(hexTree(renderConfigDriveTree(spec, docs)));
    const byPath = new Map(inputs.files.map((f) => [f.path, f]));
    expect(byPath.get("openstack/latest/user_data")?.content).toBe(docs.userData);
    expect(byPath.get("openstack/2012-08-10/user_data")).toEqual({
      path: "openstack/2012-08-10/user_data",
      sameAs: "openstack/latest/user_data",
    });
    const withContent = inputs.files.filter((f) => f.sameAs === undefined);
    expect(new Set(withContent.map((f) => f.content)).size).toBe(withContent.length);
  });

  it("writes network_data.json by default and leaves the legacy network file out", () => {
    const paths = configDriveSeedIsoInputs(sampleSpec(), { path: "a.iso" }).files.map((f) => f.path);
    expect(paths).toContain("openstack/latest/network_data.json");
    expect(paths).not.toContain("openstack/content/0000");
  });

  it("adds the flat_injected-style content/0000 on request and omits network_data.json when asked", () => {
    const inputs = configDriveSeedIsoInputs(sampleSpec(), {
      path: "a.iso",
      legacyNetworkFile: true,
      networkDataJson: false,
    });
    const byPath = new Map(inputs.files.map((f) => [f.path, f]));
    expect(byPath.get("openstack/content/0000")?.content).toContain("address 192.0.2.10");
    expect([...byPath.keys()].some((p) => p.endsWith("network_data.json"))).toBe(false);
    expect(JSON.parse(byPath.get("openstack/latest/meta_data.json")?.content ?? "{}").network_config).toEqual(
      {
        name: "network_config",
        content_path: "/content/0000",
      },
    );
  });
});
