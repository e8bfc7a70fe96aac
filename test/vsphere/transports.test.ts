import { createHash, createHmac } from "node:crypto";
import { gunzipSync } from "node:zlib";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import {
  containsRpcSecret,
  drained,
  installMocks,
  registered,
  settle,
  unwrapSecrets,
  valueOf,
} from "../component/mock-harness";

const mocks = installMocks();
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../src/component") as typeof import("../../src/component");
const { renderAll } = require("../../src/render/render-all") as typeof import("../../src/render/render-all");
const { renderGuestinfo } =
  require("../../src/render/guestinfo") as typeof import("../../src/render/guestinfo");
const { renderVappProperties } = require("../../src/render/vapp") as typeof import("../../src/render/vapp");
const { vmwareStaticMac } =
  require("../../src/platforms/vsphere/mac") as typeof import("../../src/platforms/vsphere/mac");
/** The MAC owner of component `component` (VM `vmName`) in the mocks' project and stack. */
const owner = (component: string, vmName: string) => ({
  scope: { project: "project", stack: "stack" },
  component,
  vmName,
});
const { VsphereTransport } =
  require("../../src/platforms/vsphere/args") as typeof import("../../src/platforms/vsphere/args");
/* eslint-enable @typescript-eslint/no-require-imports */
import { Compression, type BootstrapSpec } from "../../src/spec/types";
import { thrownInputPropertiesError } from "../helpers/input-properties-error";
import { sha256Chain } from "../helpers/sha256-chain";

const spec: BootstrapSpec = {
  hostname: "web-01",
  defaultUserSshAuthorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnlyForTests user@example"],
  runcmd: ["echo hello"],
  network: { interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }] },
};

const base = {
  resourcePoolId: "resgroup-8",
  datastoreId: "datastore-12",
  folder: "bootstrapped",
  numCpus: 2,
  memory: 2048,
  guestId: "ubuntu64Guest",
  networkInterfaces: [{ networkId: "network-3" }],
  disks: [{ label: "disk0", size: 20, thinProvisioned: true }],
  clone: { templateUuid: "4217c5a0-template" },
  waitForGuestNetTimeout: 0,
};

describe("vSphere guestinfo transport", () => {
  it("registers the VM with the guestinfo keys merged into the user's extraConfig and a static MAC on the NIC", async () => {
    const vm = new BootstrappedVm("g", {
      bootstrap: spec,
      vsphere: { ...base, name: "web-01", extraConfig: { "disk.EnableUUID": "TRUE" } },
    });
    const mac = vmwareStaticMac(owner("g", "web-01"), 0);
    const docs = renderAll(spec, { assignedMacAddresses: [mac] });
    expect(await valueOf(vm.contentHash)).toBe(docs.contentHash);
    const reg = await registered(mocks, "g-vm");
    expect(reg.type).toBe("vsphere:index/virtualMachine:VirtualMachine");
    expect(reg.inputs).toEqual({
      name: "web-01",
      resourcePoolId: "resgroup-8",
      datastoreId: "datastore-12",
      folder: "bootstrapped",
      numCpus: 2,
      memory: 2048,
      guestId: "ubuntu64Guest",
      disks: [{ label: "disk0", size: 20, thinProvisioned: true }],
      clone: { templateUuid: "4217c5a0-template" },
      waitForGuestNetTimeout: 0,
      networkInterfaces: [{ networkId: "network-3", macAddress: mac, useStaticMac: true }],
      // No secrets in the documents: nothing to redact (guestinfo.redact defaults to "secrets").
      extraConfig: { "disk.EnableUUID": "TRUE", ...renderGuestinfo(docs, { redactKeys: [] }) },
    });
    expect(Object.keys(reg.inputs.extraConfig as object)).toEqual(
      Object.keys(reg.inputs.extraConfig as object).sort(),
    );
    expect(containsRpcSecret(reg.inputs)).toBe(false);
  });

  it("passes the guestinfo options on: no redact and base64 encoding", async () => {
    new BootstrappedVm("g2", {
      bootstrap: spec,
      vsphere: { ...base, name: "web-01", guestinfo: { redactUserData: false, encoding: "base64" as never } },
    });
    const docs = renderAll(spec, { assignedMacAddresses: [vmwareStaticMac(owner("g2", "web-01"), 0)] });
    const reg = await registered(mocks, "g2-vm");
    expect(reg.inputs.extraConfig).toEqual(
      renderGuestinfo(docs, { redactUserData: false, encoding: "base64" as never }),
    );
    expect((reg.inputs.extraConfig as Record<string, string>)["guestinfo.userdata.encoding"]).toBe("base64");
  });

  it("delivers guestinfo to a cloud-init 20.4 template that has the seeder (guestinfo.seeder), with the same keys", async () => {
    // The seeder (src/seeder, booted on 20.4 by test/vm/boot-proof.test.ts) reads these keys and writes a
    // NoCloud seed; without it a 20.4 target is refused (test/component/errors.test.ts).
    const old: BootstrapSpec = { ...spec, cloudInit: { minVersion: "20.4" } };
    const vm = new BootstrappedVm("seeded", {
      bootstrap: old,
      vsphere: { ...base, name: "old-01", guestinfo: { seeder: true } },
    });
    const docs = renderAll(old, { assignedMacAddresses: [vmwareStaticMac(owner("seeded", "old-01"), 0)] });
    const reg = await registered(mocks, "seeded-vm");
    expect(reg.inputs.extraConfig).toEqual(renderGuestinfo(docs, { redactKeys: [] }));
    expect(await valueOf(vm.deliveredTo)).toBe(
      'vSphere VM "old-01": extraConfig guestinfo.metadata, guestinfo.userdata (bootstrapped-vm seeder, NoCloud)',
    );
  });

  it("makes the whole extraConfig secret when user-data holds a password hash", async () => {
    new BootstrappedVm("g3", { bootstrap: { ...spec, rootPassword: "pw" }, vsphere: base });
    const reg = await registered(mocks, "g3-vm");
    expect(containsRpcSecret(reg.inputs.extraConfig)).toBe(true);
    expect(containsRpcSecret(reg.inputs.networkInterfaces)).toBe(false);
    const plain = unwrapSecrets(reg.inputs.extraConfig) as Record<string, string>;
    expect(Object.keys(plain)).toContain("guestinfo.userdata");
  });

  it("rejects a payload over the 64 KiB guestinfo limit, naming the key and size", async () => {
    // sha256 chains are incompressible enough that gzip cannot save them.
    let chunk = "seed";
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      chunk = createHash("sha256").update(chunk).digest("base64");
      lines.push(chunk);
    }
    const big: BootstrapSpec = { ...spec, files: [{ path: "/etc/big", content: lines.join("\n") }] };
    const errors = thrownInputPropertiesError(
      () => new BootstrappedVm("big", { bootstrap: big, vsphere: base }),
    ).errors;
    expect(errors.map((e) => e.propertyPath)).toEqual(["bootstrap"]);
    expect(errors[0]?.reason).toMatch(
      /^guestinfo\.userdata would be \d+ bytes after gzip\+base64, over the 65536-byte/,
    );
    await drained();
    expect(mocks.registrations.filter((r) => r.name.startsWith("big-"))).toEqual([]);
  });
});

describe("vSphere vapp transport", () => {
  /** The spec without a network: a VM of Ubuntu's cloud OVA (no `network-config` property) uses DHCP. */
  const dhcpSpec: BootstrapSpec = { ...spec, network: undefined };
  const ubuntuOva = ["instance-id", "hostname", "public-keys", "user-data"];
  const vapp = (extra: Record<string, unknown> = {}) => ({
    ...base,
    name: "web-01",
    transport: VsphereTransport.Vapp,
    ...extra,
  });

  it("sets the OVF properties the template defines next to the user's, and no guestinfo", async () => {
    new BootstrappedVm("v", {
      bootstrap: dhcpSpec,
      vsphere: {
        ...base,
        name: "web-01",
        transport: VsphereTransport.Vapp,
        vapp: {
          properties: { "appliance.role": "web" },
          templateProperties: ["instance-id", "hostname", "public-keys", "user-data"],
        },
      },
    });
    const docs = renderAll(dhcpSpec, { assignedMacAddresses: [vmwareStaticMac(owner("v", "web-01"), 0)] });
    const props = renderVappProperties(docs);
    expect(props["network-config"]).toBeUndefined();
    const reg = await registered(mocks, "v-vm");
    expect(reg.inputs.extraConfig).toBeUndefined();
    expect(reg.inputs.vapp).toEqual({
      properties: {
        "appliance.role": "web",
        hostname: props.hostname,
        "instance-id": props["instance-id"],
        "public-keys": props["public-keys"],
        "user-data": props["user-data"],
      },
    });
  });

  it("sets network-config for a spec with a network when the template defines it and cloud-init reads it (21.4+)", async () => {
    new BootstrappedVm("vn", { bootstrap: { ...spec, cloudInit: { minVersion: "21.4" } }, vsphere: vapp() });
    const reg = await registered(mocks, "vn-vm");
    const props = (reg.inputs.vapp as { properties: Record<string, string> }).properties;
    const network = parseYaml(Buffer.from(props["network-config"] ?? "", "base64").toString("utf8")) as {
      network: { version: number; ethernets: Record<string, { addresses: string[] }> };
    };
    expect(Object.values(network.network.ethernets).map((e) => e.addresses)).toEqual([["192.0.2.10/24"]]);
  });

  it("refuses a template without network-config for a spec with a network, instead of dropping the network", async () => {
    const errors = thrownInputPropertiesError(
      () =>
        new BootstrappedVm("vd", {
          bootstrap: spec,
          vsphere: vapp({ vapp: { templateProperties: ubuntuOva } }),
        }),
    ).errors;
    expect(errors.map((e) => e.propertyPath)).toEqual(["vsphere.vapp.templateProperties"]);
    expect(errors[0]?.reason).toMatch(/no "network-config" property .* remove `network` from the spec/);
    await settle();
    expect(mocks.registrations.filter((r) => r.name.startsWith("vd-"))).toEqual([]);
  });

  it("refuses a template without user-data: nothing but host name, keys and instance-id would reach the guest", () => {
    const errors = thrownInputPropertiesError(
      () =>
        new BootstrappedVm("vu", {
          bootstrap: dhcpSpec,
          vsphere: vapp({ vapp: { templateProperties: ["instance-id", "hostname"] } }),
        }),
    ).errors;
    expect(errors.map((e) => e.propertyPath)).toEqual(["vsphere.vapp.templateProperties"]);
    expect(errors[0]?.reason).toContain('no "user-data" property');
  });

  it.each([
    ["20.4", 'use transport "nocloudIso",'],
    ["21.3", 'use transport "guestinfo" or "nocloudIso",'],
  ])(
    "refuses a spec with a network for cloud-init %s, whose OVF datasource ignores network-config",
    async (minVersion, fix) => {
      const errors = thrownInputPropertiesError(
        () =>
          new BootstrappedVm("vo", { bootstrap: { ...spec, cloudInit: { minVersion } }, vsphere: vapp() }),
      ).errors;
      expect(errors.map((e) => e.propertyPath)).toEqual(["vsphere.transport"]);
      expect(errors[0]?.reason).toContain(`from 21.4 on`);
      expect(errors[0]?.reason).toContain(`but cloudInit.minVersion is "${minVersion}": the guest would`);
      expect(errors[0]?.reason).toContain(fix);
      await settle();
      expect(mocks.registrations.filter((r) => r.name.startsWith("vo-"))).toEqual([]);
    },
  );

  it("refuses a vApp property over 65535 characters at preview, naming it and gzip; gzip user-data fits", async () => {
    // ~51 KB of text gzip cannot shrink: its user-data is over the limit as base64 with or without gzip, so the
    // gzip case below uses text that compresses.
    const random = sha256Chain(38_400).toString("base64");
    const big: BootstrapSpec = { ...dhcpSpec, files: [{ path: "/etc/big", content: random }] };
    const errors = thrownInputPropertiesError(
      () => new BootstrappedVm("vbig", { bootstrap: big, vsphere: vapp() }),
    ).errors;
    expect(errors.map((e) => e.propertyPath)).toEqual(["bootstrap"]);
    expect(errors[0]?.reason).toMatch(
      /^vApp property "user-data" would be \d+ characters, over the 65535-character limit .*userDataCompression: gzip.*, or use transport "guestinfo" or "nocloudIso"$/,
    );
    await settle();
    expect(mocks.registrations.filter((r) => r.name.startsWith("vbig-"))).toEqual([]);

    const text = { ...dhcpSpec, files: [{ path: "/etc/big", content: "0123456789abcdef\n".repeat(5000) }] };
    expect(() => new BootstrappedVm("vtext", { bootstrap: text, vsphere: vapp() })).toThrow(
      /65535-character/,
    );
    new BootstrappedVm("vgz", {
      bootstrap: { ...text, userDataCompression: Compression.Gzip },
      vsphere: vapp(),
    });
    const reg = await registered(mocks, "vgz-vm");
    const userData =
      (reg.inputs.vapp as { properties: Record<string, string> }).properties["user-data"] ?? "";
    expect(userData.length).toBeLessThan(65535);
    expect(gunzipSync(Buffer.from(userData, "base64")).toString("utf8")).toContain("0123456789abcdef");
  });

  it("takes a spec without a network for cloud-init 20.4: DataSourceOVF reads the other properties there", async () => {
    new BootstrappedVm("vold", {
      bootstrap: { ...dhcpSpec, cloudInit: { minVersion: "20.4" } },
      vsphere: vapp(),
    });
    const reg = await registered(mocks, "vold-vm");
    expect(Object.keys((reg.inputs.vapp as { properties: object }).properties).sort()).toEqual(
      ubuntuOva.sort(),
    );
  });
});

describe("vSphere nocloudIso transport", () => {
  it("writes the seed ISO, uploads it to a path holding the content hash into an existing folder and attaches it as the first CD-ROM", async () => {
    const vm = new BootstrappedVm("legacy", {
      bootstrap: spec,
      vsphere: {
        ...base,
        name: "old-01",
        transport: VsphereTransport.NocloudIso,
        nocloudIso: { datastore: "ds-iso", datacenter: "dc-1" },
        cdroms: [{ clientDevice: true }],
      },
    });
    const hash = await valueOf(vm.contentHash);
    const iso = await registered(mocks, "legacy-seed-iso");
    expect(iso.type).toBe("pulumi-nodejs:dynamic/bootstrapped-vm:NoCloudSeedIso");
    expect(iso.inputs.path).toBe(".bootstrapped-vm/legacy-seed.iso");
    const file = await registered(mocks, "legacy-seed-iso-file");
    expect(file.type).toBe("vsphere:index/file:File");
    const destinationFile = `bootstrapped-vm/old-01-seed-${hash.slice(0, 16)}.iso`;
    expect(file.inputs).toEqual({
      sourceFile: ".bootstrapped-vm/legacy-seed.iso",
      destinationFile,
      datastore: "ds-iso",
      datacenter: "dc-1",
    });
    const reg = await registered(mocks, "legacy-vm");
    expect(reg.inputs.cdroms).toEqual([
      { datastoreId: "datastore-12", path: destinationFile },
      { clientDevice: true },
    ]);
    expect(reg.inputs.extraConfig).toBeUndefined();
    expect(await valueOf(vm.deliveredTo)).toBe(
      `vSphere VM "old-01": NoCloud seed ISO [ds-iso] ${destinationFile}, attached as CD-ROM`,
    );
  });
});

describe("vSphere secrets", () => {
  it("keeps the password inside the ISO with nocloudIso, and names the upload by an HMAC under pathKey, not by the content hash", async () => {
    const iso = { datastore: "ds-iso", datacenter: "dc-1" };
    const vm = new BootstrappedVm("sec-iso", {
      bootstrap: { ...spec, rootPassword: "pw" },
      vsphere: {
        ...base,
        transport: VsphereTransport.NocloudIso,
        nocloudIso: { ...iso, pathKey: pulumi.secret("0123456789abcdef-key") },
      },
    });
    new BootstrappedVm("plain-iso", {
      bootstrap: spec,
      vsphere: { ...base, transport: VsphereTransport.NocloudIso, nocloudIso: iso },
    });
    const [file, vmReg, isoReg, plainFile, plainVm] = await Promise.all([
      registered(mocks, "sec-iso-seed-iso-file"),
      registered(mocks, "sec-iso-vm"),
      registered(mocks, "sec-iso-seed-iso"),
      registered(mocks, "plain-iso-seed-iso-file"),
      registered(mocks, "plain-iso-vm"),
    ]);
    const hash = await valueOf(vm.contentHash);
    const token = createHmac("sha256", "0123456789abcdef-key").update(hash).digest("hex").slice(0, 16);
    // The path is part of the File's id (resource_vsphere_file.go:135), which Pulumi stores in plain.
    expect(file.inputs.destinationFile).toBe(`bootstrapped-vm/sec-iso-seed-${token}.iso`);
    expect(String(file.inputs.destinationFile)).not.toContain(hash.slice(0, 16));
    expect(containsRpcSecret(file.inputs)).toBe(false);
    expect(containsRpcSecret(vmReg.inputs.cdroms)).toBe(false);
    expect(containsRpcSecret(isoReg.inputs.files)).toBe(true);
    expect(containsRpcSecret(plainFile.inputs)).toBe(false);
    expect(containsRpcSecret(plainVm.inputs)).toBe(false);
  });

  it("makes the vApp properties secret with a password and leaves them readable without", async () => {
    const vapp = { ...base, transport: VsphereTransport.Vapp };
    new BootstrappedVm("sec-v1", { bootstrap: { ...spec, rootPassword: "pw" }, vsphere: vapp });
    new BootstrappedVm("sec-v2", { bootstrap: spec, vsphere: vapp });
    const [withPassword, without] = await Promise.all([
      registered(mocks, "sec-v1-vm"),
      registered(mocks, "sec-v2-vm"),
    ]);
    expect(containsRpcSecret(withPassword.inputs.vapp)).toBe(true);
    expect(containsRpcSecret(without.inputs)).toBe(false);
  });
});

describe("vSphere argument errors", () => {
  function error(name: string, vsphere: Record<string, unknown>): pulumi.InputPropertiesError {
    return thrownInputPropertiesError(
      () => new BootstrappedVm(name, { bootstrap: spec, vsphere: { ...base, ...vsphere } as never }),
      "no error",
    );
  }

  it("rejects a user extraConfig key the guestinfo transport writes, before any child exists", async () => {
    const err = error("c1", { extraConfig: { "guestinfo.userdata": "x", other: "y" } });
    expect(err.errors.map((e) => e.propertyPath)).toEqual(['vsphere.extraConfig["guestinfo.userdata"]']);
    await drained();
    expect(mocks.registrations.filter((r) => r.name.startsWith("c1-"))).toEqual([]);
  });

  it("rejects guestinfo options and guestinfo keys with the vapp transport", () => {
    const err = error("c2", {
      transport: "vapp",
      guestinfo: { redactUserData: true },
      extraConfig: { "guestinfo.metadata": "x" },
    });
    expect(err.errors.map((e) => e.propertyPath).sort()).toEqual([
      'vsphere.extraConfig["guestinfo.metadata"]',
      "vsphere.guestinfo",
    ]);
  });

  it("rejects vApp properties the vapp transport sets", () => {
    const err = error("c3", { transport: "vapp", vapp: { properties: { "user-data": "x" } } });
    expect(err.errors.map((e) => e.propertyPath)).toEqual(['vsphere.vapp.properties["user-data"]']);
  });

  it("asks for the datastore with the nocloudIso transport", () => {
    const err = error("c4", { transport: "nocloudIso" });
    expect(err.errors.map((e) => e.propertyPath)).toEqual(["vsphere.nocloudIso"]);
  });

  it("rejects a static MAC outside VMware's manual range and passthrough of managed properties", () => {
    const err = error("c5", {
      networkInterfaces: [{ networkId: "n", macAddress: "52:54:00:12:34:56" }],
      passthrough: { memory: 1, annotation: "ok" },
    });
    expect(err.errors.map((e) => e.propertyPath).sort()).toEqual([
      "vsphere.networkInterfaces[0].macAddress",
      'vsphere.passthrough["memory"]',
    ]);
  });
});

/** The MACs the network config (v2 YAML) matches its ethernets by, in order. */
function matchedMacs(networkConfig: string): string[] {
  const doc = parseYaml(networkConfig) as { ethernets: Record<string, { match?: { macaddress?: string } }> };
  return Object.values(doc.ethernets).map((e) => e.match?.macaddress ?? "");
}

describe("vSphere static MACs", () => {
  it("assigns the same MACs on every run and matches the network config to them", async () => {
    const twoNics = { ...base, name: "multi", networkInterfaces: [{ networkId: "a" }, { networkId: "b" }] };
    const twoInterfaces: BootstrapSpec = {
      hostname: "multi",
      network: { interfaces: [{ addresses: ["192.0.2.10/24"] }, { dhcp4: true }] },
    };
    const first = new BootstrappedVm("m1", { bootstrap: twoInterfaces, vsphere: twoNics });
    const second = new BootstrappedVm("m2", { bootstrap: twoInterfaces, vsphere: twoNics });
    const [a, b] = await Promise.all([registered(mocks, "m1-vm"), registered(mocks, "m2-vm")]);
    const nics = a.inputs.networkInterfaces as { macAddress: string; useStaticMac: boolean }[];
    expect(nics.map((n) => n.macAddress)).toEqual([
      vmwareStaticMac(owner("m1", "multi"), 0),
      vmwareStaticMac(owner("m1", "multi"), 1),
    ]);
    expect(nics.map((n) => n.useStaticMac)).toEqual([true, true]);
    expect(nics[0]?.macAddress).not.toBe(nics[1]?.macAddress);
    // Two components of one program never share a MAC, even with the same VM name.
    const other = b.inputs.networkInterfaces as { macAddress: string }[];
    expect(other.map((n) => n.macAddress).filter((m) => nics.some((n) => n.macAddress === m))).toEqual([]);
    expect(matchedMacs(await valueOf(first.networkConfig))).toEqual(nics.map((n) => n.macAddress));
    expect(matchedMacs(await valueOf(second.networkConfig))).toEqual(other.map((n) => n.macAddress));
  });

  it("uses the MAC the user gave the NIC", async () => {
    const vm = new BootstrappedVm("m3", {
      bootstrap: { hostname: "u", network: { interfaces: [{ addresses: ["192.0.2.10/24"] }] } },
      vsphere: { ...base, networkInterfaces: [{ networkId: "a", macAddress: "00:50:56:01:02:03" }] },
    });
    const reg = await registered(mocks, "m3-vm");
    expect(reg.inputs.networkInterfaces).toEqual([
      { networkId: "a", macAddress: "00:50:56:01:02:03", useStaticMac: true },
    ]);
    expect(matchedMacs(await valueOf(vm.networkConfig))).toEqual(["00:50:56:01:02:03"]);
  });
});
