import { gunzipSync } from "node:zlib";
import {
  EC2_METADATA_VERSIONS,
  OPENSTACK_METADATA_VERSIONS,
  renderConfigDriveTree,
} from "../../src/render/config-drive";
import { configDriveNetworkProblems } from "../../src/render/config-drive-network";
import type { BootstrapSpec } from "../../src/spec/types";
import { stableJson } from "../../src/util/serialize";
import { DUAL_NIC_SPEC, ENI_ONLY_SPEC, handMadeDocs, NAMED_IPV6_SPEC } from "./transport-fixtures";
import { expectGolden } from "./golden-file";

const docs = handMadeDocs(DUAL_NIC_SPEC, { vendorData: "#cloud-config\nruncmd: [echo vendor]\n" });
const json = (tree: Map<string, Buffer>, path: string): Record<string, unknown> => {
  const bytes = tree.get(path);
  if (bytes === undefined) throw new Error(`${path} missing`);
  return JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
};

describe("renderConfigDriveTree", () => {
  const tree = renderConfigDriveTree(DUAL_NIC_SPEC, docs);

  it("matches the golden list of paths and sizes", () => {
    const listing = [...tree.keys()].sort().map((p) => `${p} ${tree.get(p)?.length}`);
    expectGolden("config-drive-paths.txt", `${listing.join("\n")}\n`);
  });

  it("matches the golden meta_data.json", () => {
    expectGolden(
      "config-drive-meta_data.json",
      tree.get("openstack/latest/meta_data.json") ?? Buffer.alloc(0),
    );
  });

  it("writes meta_data.json with uuid, FQDN hostname, name, keys and the content hash in meta", () => {
    expect(json(tree, "openstack/latest/meta_data.json")).toEqual({
      uuid: "iid-0123456789abcdef0123",
      hostname: "web-01.example.com",
      name: "web-01",
      launch_index: 0,
      availability_zone: "nova",
      meta: { team: "platform", "bootstrapped-vm-content-hash": docs.contentHash },
      public_keys: { "key-0": docs.publicKeys[0], "key-1": docs.publicKeys[1] },
      keys: [
        { name: "key-0", type: "ssh", data: docs.publicKeys[0] },
        { name: "key-1", type: "ssh", data: docs.publicKeys[1] },
      ],
    });
  });

  it("writes every Nova version directory and latest, with files by the version that introduced them", () => {
    for (const version of [...OPENSTACK_METADATA_VERSIONS, "latest"]) {
      expect(tree.has(`openstack/${version}/meta_data.json`)).toBe(true);
      expect(tree.has(`openstack/${version}/user_data`)).toBe(true);
    }
    expect(tree.has("openstack/2013-04-04/vendor_data.json")).toBe(false);
    expect(tree.has("openstack/2013-10-17/vendor_data.json")).toBe(true);
    expect(tree.has("openstack/2013-10-17/network_data.json")).toBe(false);
    expect(tree.has("openstack/2015-10-15/network_data.json")).toBe(true);
    expect(tree.has("openstack/2016-06-30/vendor_data2.json")).toBe(false);
    expect(tree.has("openstack/2016-10-06/vendor_data2.json")).toBe(true);
    expect(tree.get("openstack/2018-08-27/network_data.json")).toEqual(
      tree.get("openstack/latest/network_data.json"),
    );
  });

  it("has no path with a leading slash", () => {
    expect([...tree.keys()].filter((p) => p.startsWith("/"))).toEqual([]);
  });

  it("wraps vendor-data as Nova's static vendor_data.json does", () => {
    expect(json(tree, "openstack/latest/vendor_data.json")).toEqual({ "cloud-init": docs.vendorData });
    expect(json(tree, "openstack/latest/vendor_data2.json")).toEqual({
      static: { "cloud-init": docs.vendorData },
    });
  });

  it("writes an empty vendor_data.json without vendor-data", () => {
    const plain = renderConfigDriveTree(DUAL_NIC_SPEC, handMadeDocs(DUAL_NIC_SPEC));
    expect(plain.get("openstack/latest/vendor_data.json")?.toString()).toBe("{}");
  });

  it("writes user_data as is, and gzipped only when the documents ask for it", () => {
    expect(tree.get("openstack/latest/user_data")?.toString("utf8")).toBe(docs.userData);
    const gz = renderConfigDriveTree(DUAL_NIC_SPEC, { ...docs, compressUserData: true });
    expect(gunzipSync(gz.get("openstack/latest/user_data") ?? Buffer.alloc(0)).toString("utf8")).toBe(
      docs.userData,
    );
  });

  it("writes EC2 metadata for every Nova EC2 version with the instance-id", () => {
    for (const version of [...EC2_METADATA_VERSIONS, "latest"]) {
      expect(json(tree, `ec2/${version}/meta-data.json`)["instance-id"]).toBe(docs.instanceId);
      expect(tree.get(`ec2/${version}/user-data`)?.toString("utf8")).toBe(docs.userData);
    }
    expect(json(tree, "ec2/latest/meta-data.json")).toMatchObject({
      "local-ipv4": "192.0.2.10",
      "local-hostname": "web-01.example.com",
      placement: { "availability-zone": "nova" },
      "public-keys": { "0": { "openssh-key": docs.publicKeys[0] } },
    });
    expect(json(tree, "ec2/1.0/meta-data.json")["local-hostname"]).toBeUndefined();
  });

  it("adds the legacy ENI file and points network_config at it when asked", () => {
    const legacy = renderConfigDriveTree(DUAL_NIC_SPEC, docs, { legacyNetworkFile: true });
    expect(json(legacy, "openstack/latest/meta_data.json").network_config).toEqual({
      name: "network_config",
      content_path: "/content/0000",
    });
    expect(legacy.get("openstack/content/0000")?.toString("utf8")).toMatch(/^# Injected by bootstrapped-vm/);
    expect(tree.has("openstack/content/0000")).toBe(false);
  });

  it("leaves network_data.json out when asked, or when the spec has no network", () => {
    const without = renderConfigDriveTree(ENI_ONLY_SPEC, handMadeDocs(ENI_ONLY_SPEC), {
      networkDataJson: false,
      legacyNetworkFile: true,
    });
    expect([...without.keys()].filter((p) => p.endsWith("network_data.json"))).toEqual([]);
    expect(without.has("openstack/content/0000")).toBe(true);
    const noNet = renderConfigDriveTree({ hostname: "h" }, handMadeDocs({ hostname: "h" }), {
      legacyNetworkFile: true,
    });
    expect(
      [...noNet.keys()].filter((p) => p.endsWith("network_data.json") || p.includes("content/")),
    ).toEqual([]);
  });

  it("refuses to leave a spec's network out of the drive (no network_data.json and no legacy file)", () => {
    expect(() => renderConfigDriveTree(DUAL_NIC_SPEC, docs, { networkDataJson: false })).toThrow(
      /^networkDataJson: `false` with no legacy network file leaves the spec's network out of the config drive /,
    );
    const noNet = renderConfigDriveTree({ hostname: "h" }, handMadeDocs({ hostname: "h" }), {
      networkDataJson: false,
    });
    expect([...noNet.keys()].some((p) => p.endsWith("network_data.json") || p.includes("content/"))).toBe(
      false,
    );
  });

  it("refuses, with the legacy file as the only network config, what cloud-init's ENI reader drops", () => {
    const opts = { networkDataJson: false, legacyNetworkFile: true };
    const fact =
      "without network_data.json the legacy network file (openstack/content/0000, ENI) is cloud-init's only " +
      "network config, and its reader (convert_eni_data) keeps only each stanza's method, address, netmask, " +
      "gateway, broadcast, DNS and hwaddress (cloudinit/net/eni.py _ifaces_to_net_config_data, 20.4.1:297-336, " +
      "22.4.2:330-368, 25.1.4:319-357): ";
    const fix = "; keep network_data.json (cloud-init reads it first, and it carries this)";
    let error: unknown;
    try {
      renderConfigDriveTree(DUAL_NIC_SPEC, docs, opts);
    } catch (e) {
      error = e;
    }
    expect((error as { problems?: unknown }).problems).toEqual([
      expect.objectContaining({
        path: "network.interfaces[0].routes",
        message: `${fact}it drops the \`post-up\` route commands${fix}`,
      }),
      expect.objectContaining({
        path: "network.interfaces[0].mtu",
        message: `${fact}it drops \`mtu\`${fix}`,
      }),
      expect.objectContaining({
        path: "network.interfaces[1].dhcp6",
        message: `${fact}it reads \`inet6 dhcp\` as \`dhcp\`, which is DHCP for IPv4${fix}`,
      }),
      expect.objectContaining({
        path: "network.interfaces[1].slaac",
        message: `${fact}it reads \`inet6 auto\` as a subnet of the unknown type \`auto\`${fix}`,
      }),
    ]);
    // Beside network_data.json (which cloud-init reads instead) the legacy file is for images too old to read it.
    expect(
      renderConfigDriveTree(DUAL_NIC_SPEC, docs, { legacyNetworkFile: true }).has("openstack/content/0000"),
    ).toBe(true);
  });

  it("uses the platform's MACs for NICs matched by position", () => {
    const spec = { hostname: "h", network: { interfaces: [{ dhcp4: true }] } };
    const withMac = renderConfigDriveTree(spec, handMadeDocs(spec, { network: undefined }), {
      assignedMacAddresses: ["FA:16:3E:00:00:01"],
    });
    const nd = json(withMac, "openstack/latest/network_data.json") as {
      links: { ethernet_mac_address: string }[];
    };
    expect(nd.links[0]?.ethernet_mac_address).toBe("fa:16:3e:00:00:01");
  });

  it("uses the short host name when there is no domain", () => {
    const t = renderConfigDriveTree(NAMED_IPV6_SPEC, handMadeDocs(NAMED_IPV6_SPEC));
    expect(json(t, "openstack/latest/meta_data.json").hostname).toBe("v6-01");
  });

  it("renders the same bytes for the same input", () => {
    const again = renderConfigDriveTree(structuredClone(DUAL_NIC_SPEC), structuredClone(docs));
    expect(stableJson([...again].map(([p, b]) => [p, b.toString("base64")]))).toBe(
      stableJson([...tree].map(([p, b]) => [p, b.toString("base64")])),
    );
  });
});

describe("configDriveNetworkProblems", () => {
  const paths = (spec: BootstrapSpec, opts: Parameters<typeof configDriveNetworkProblems>[1]) => {
    const refused = configDriveNetworkProblems(spec, opts);
    return { spec: refused.spec.map((p) => p.path), options: refused.options.map((p) => p.path) };
  };

  it("keeps the spec's problems (paths in the spec) apart from the options' (paths naming the option)", () => {
    expect(paths(DUAL_NIC_SPEC, {})).toEqual({ spec: [], options: [] });
    expect(paths(DUAL_NIC_SPEC, { networkDataJson: false })).toEqual({
      spec: [],
      options: ["networkDataJson"],
    });
    expect(paths(DUAL_NIC_SPEC, { networkDataJson: false, legacyNetworkFile: true })).toEqual({
      spec: [
        "network.interfaces[0].routes",
        "network.interfaces[0].mtu",
        "network.interfaces[1].dhcp6",
        "network.interfaces[1].slaac",
      ],
      options: [],
    });
    const eni = { networkDataJson: false, legacyNetworkFile: true };
    expect(paths({ ...ENI_ONLY_SPEC, cloudInit: { minVersion: "25.1" } }, eni)).toEqual({
      spec: [],
      options: ["legacyNetworkFile"],
    });
    // Without a network the drive holds no network document, and nothing is lost.
    expect(paths({ hostname: "h", cloudInit: { minVersion: "25.1" } }, eni)).toEqual({
      spec: [],
      options: [],
    });
  });
});
