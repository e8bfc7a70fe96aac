import { parse } from "yaml";
import { renderAll } from "../../src/render/render-all";
import { SpecValidationError } from "../../src/core/problems";
import { BootstrapSpec, InstanceIdPolicy } from "../../src/spec/types";
import { loadSpecSchema } from "../../src/spec/validate-schema";
import { stableJson } from "../../src/util/serialize";
import { loadCorpus } from "../corpus";

const corpus = loadCorpus();
const full = corpus.find((e) => e.name === "full")?.spec as BootstrapSpec;

/** One change per spec field that changes what a guest receives. */
const MUTATIONS: [string, (s: BootstrapSpec) => void][] = [
  ["hostname", (s) => (s.hostname = "other-01")],
  ["domain", (s) => (s.domain = "other.example.com")],
  ["users", (s) => s.users?.push({ name: "zed" })],
  ["users[0].password", (s) => (s.users![0]!.password = "changed")],
  ["keepDefaultUser", (s) => (s.keepDefaultUser = false)],
  [
    "defaultUserSshAuthorizedKeys",
    (s) => (s.defaultUserSshAuthorizedKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB other"]),
  ],
  ["rootPassword", (s) => (s.rootPassword = "changed")],
  [
    "rootPasswordHash",
    (s) => {
      delete s.rootPassword;
      s.rootPasswordHash = "$6$abc$def";
    },
  ],
  ["sshPasswordAuthentication", (s) => (s.sshPasswordAuthentication = true)],
  ["regenerateSshHostKeys", (s) => (s.regenerateSshHostKeys = false)],
  ["disableRootSsh", (s) => (s.disableRootSsh = false)],
  ["timezone", (s) => (s.timezone = "UTC")],
  ["locale", (s) => (s.locale = "C.UTF-8")],
  ["ntp", (s) => (s.ntp = { servers: ["ntp.other.example"] })],
  ["dns", (s) => (s.dns = { nameservers: ["192.0.2.99"] })],
  ["etcHosts", (s) => (s.etcHosts = "localhost" as BootstrapSpec["etcHosts"])],
  ["packages", (s) => (s.packages = ["vim"])],
  ["packageUpdate", (s) => (s.packageUpdate = false)],
  ["packageUpgrade", (s) => (s.packageUpgrade = false)],
  ["packageRebootIfRequired", (s) => (s.packageRebootIfRequired = false)],
  ["files", (s) => (s.files![0]!.content = "changed\n")],
  ["bootcmd", (s) => (s.bootcmd = ["echo changed"])],
  ["runcmd", (s) => (s.runcmd = ["echo changed"])],
  ["scripts", (s) => (s.scripts![0]!.frequency = "perBoot" as never)],
  ["boothooks", (s) => (s.boothooks = ["#!/bin/sh\necho changed\n"])],
  ["includeUrls", (s) => (s.includeUrls = ["http://127.0.0.1:9/other"])],
  ["jinjaTemplates", (s) => (s.jinjaTemplates = ["#!/bin/sh\necho {{ v1.region }}\n"])],
  ["phoneHome", (s) => (s.phoneHome!.tries = 4)],
  ["powerState", (s) => (s.powerState!.mode = "reboot" as never)],
  ["finalMessage", (s) => (s.finalMessage = "changed")],
  ["network", (s) => (s.network!.interfaces[0]!.mtu = 9000)],
  ["vendorCloudConfig", (s) => (s.vendorCloudConfig = { runcmd: ["echo other vendor"] })],
  ["extraCloudConfig", (s) => (s.extraCloudConfig = { runcmd: ["echo other extra"] })],
  ["extraParts", (s) => (s.extraParts![0]!.filename = "renamed.sh")],
  ["userDataCompression", (s) => (s.userDataCompression = "gzip" as never)],
  ["metadata", (s) => (s.metadata = { owner: "someone-else" })],
  ["cloudInit", (s) => (s.cloudInit = { minVersion: "25.1" })],
];

describe("renderAll", () => {
  it("gives the same bytes for the same spec", () => {
    for (const { spec } of corpus) {
      expect(renderAll(structuredClone(spec))).toEqual(renderAll(structuredClone(spec)));
    }
  });

  it("gives equal hashes for equal specs written with keys in another order", () => {
    const reordered = Object.fromEntries(Object.entries(structuredClone(full)).reverse()) as BootstrapSpec;
    expect(renderAll(reordered).contentHash).toBe(renderAll(full).contentHash);
  });

  it("gives every corpus spec its own content hash", () => {
    const hashes = corpus.map(({ spec }) => renderAll(spec).contentHash);
    expect(new Set(hashes).size).toBe(corpus.length);
  });

  it("has a full corpus spec that sets every top-level field (rootPasswordHash and instanceId exclude others)", () => {
    const known = Object.keys(
      (loadSpecSchema() as { definitions: { BootstrapSpec: { properties: object } } }).definitions
        .BootstrapSpec.properties,
    );
    expect(known.filter((k) => !(k in full) && k !== "rootPasswordHash" && k !== "instanceId")).toEqual([]);
  });

  it("covers every top-level spec field with a mutation", () => {
    const fields = new Set(MUTATIONS.map(([f]) => f.split(/[.[]/)[0]));
    const all = Object.keys(full).filter((k) => k !== "instanceIdPolicy" && k !== "instanceId");
    expect(all.filter((k) => !fields.has(k))).toEqual([]);
  });

  it.each(MUTATIONS)("changes contentHash and instanceId when %s changes", (_field, mutate) => {
    const before = renderAll(full);
    const spec = structuredClone(full);
    mutate(spec);
    const after = renderAll(spec);
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(after.instanceId).not.toBe(before.instanceId);
  });

  it("changes the hash when the platform assigns other MACs to interfaces matched by position", () => {
    const spec: BootstrapSpec = { hostname: "pos-01", network: { interfaces: [{ dhcp4: true }] } };
    const a = renderAll(spec, { assignedMacAddresses: ["52:54:00:00:00:01"] });
    const b = renderAll(spec, { assignedMacAddresses: ["52:54:00:00:00:02"] });
    expect(a.contentHash).not.toBe(b.contentHash);
  });

  it("derives the instance-id from the content hash by default", () => {
    const docs = renderAll(full);
    expect(docs.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(docs.instanceId).toBe(`iid-${docs.contentHash.slice(0, 20)}`);
  });

  it("keeps a fixed instance-id whatever the content, and still hashes the content", () => {
    const spec: BootstrapSpec = {
      hostname: "a",
      instanceIdPolicy: InstanceIdPolicy.Fixed,
      instanceId: "i-1",
    };
    const a = renderAll(spec);
    const b = renderAll({ ...spec, runcmd: ["echo b"] });
    expect([a.instanceId, b.instanceId]).toEqual(["i-1", "i-1"]);
    expect(a.contentHash).not.toBe(b.contentHash);
    expect(renderAll({ hostname: "a", instanceId: "i-2" }).instanceId).toBe("i-2");
  });

  it("writes meta-data with instance-id, local-hostname, public keys and extra metadata", () => {
    const docs = renderAll(full);
    expect(parse(docs.metaData)).toEqual({
      "instance-id": docs.instanceId,
      "local-hostname": "full-01",
      "public-keys": full.defaultUserSshAuthorizedKeys,
      "bootstrapped-vm": full.metadata,
    });
    expect(parse(renderAll({ hostname: "m" }).metaData)).toEqual({
      "instance-id": renderAll({ hostname: "m" }).instanceId,
      "local-hostname": "m",
    });
  });

  it("keeps a metadata key named __proto__ in meta-data and meta_data.json instead of dropping it", () => {
    // A spec file's parser makes `__proto__` an own key; copying it by assignment would set a prototype.
    const metadata = JSON.parse('{"__proto__": "x", "role": "web"}') as Record<string, string>;
    const docs = renderAll({ hostname: "m", metadata });
    expect(docs.metaData).toContain("\n  __proto__: x\n");
    expect(Object.keys(parse(docs.metaData)["bootstrapped-vm"] as object)).toEqual(["__proto__", "role"]);
    expect(stableJson({ meta: docs.metadata })).toBe('{"meta":{"__proto__":"x","role":"web"}}');
  });

  it("returns host name, fqdn, vendor-data, network and the compression flag", () => {
    const docs = renderAll(full);
    expect(docs.hostname).toBe("full-01");
    expect(docs.fqdn).toBe("full-01.corp.example.com");
    expect(docs.vendorData).toBe("#cloud-config\nruncmd:\n  - echo vendor\n");
    expect(docs.network?.v2.version).toBe(2);
    expect(docs.compressUserData).toBe(false);
    const minimal = renderAll({ hostname: "m" });
    expect([minimal.fqdn, minimal.vendorData, minimal.network]).toEqual([undefined, undefined, undefined]);
  });

  it("throws SpecValidationError listing every problem before rendering anything", () => {
    expect(() => renderAll({ hostname: "bad_name", domain: "x..y" } as BootstrapSpec)).toThrow(
      SpecValidationError,
    );
    try {
      renderAll({ hostname: "bad_name", domain: "x..y" } as BootstrapSpec);
    } catch (err) {
      expect((err as SpecValidationError).problems.map((p) => p.path)).toEqual(["hostname", "domain"]);
    }
  });
});

describe("containsSecrets", () => {
  it.each([
    ["a user password", { users: [{ name: "a", password: "x" }] }, true],
    ["a user password hash", { users: [{ name: "a", passwordHash: "$6$a$b" }] }, true],
    ["a root password", { rootPassword: "x" }, true],
    ["a root password hash", { rootPasswordHash: "$6$a$b" }, true],
    ["a file marked secret", { files: [{ path: "/a", content: "x", secret: true }] }, true],
    [
      "a PEM private key in a text file",
      { files: [{ path: "/k", content: "-----BEGIN RSA PRIVATE KEY-----\nx\n" }] },
      true,
    ],
    [
      "a PEM private key in a base64 file",
      {
        files: [
          {
            path: "/k",
            content: Buffer.from("-----BEGIN PRIVATE KEY-----\n").toString("base64"),
            encoding: "base64",
          },
        ],
      },
      true,
    ],
    ["a password in extraCloudConfig", { extraCloudConfig: { chpasswd: { expire: false } } }, true],
    [
      "a private key in a script",
      { scripts: [{ name: "s", content: "#!/bin/sh\necho '-----BEGIN OPENSSH PRIVATE KEY-----'\n" }] },
      true,
    ],
    [
      "only public keys and ordinary files",
      { defaultUserSshAuthorizedKeys: ["ssh-ed25519 AAAAC3Nz k"], files: [{ path: "/a", content: "x" }] },
      false,
    ],
  ])("is %s -> %s", (_what, fields, expected) => {
    expect(renderAll({ hostname: "s", ...(fields as Partial<BootstrapSpec>) }).containsSecrets).toBe(
      expected,
    );
  });
});
