import * as pulumi from "@pulumi/pulumi";
import { installMocks, isRpcSecret, registered, settle, valueOf, type MockRecorder } from "./mock-harness";

const mocks: MockRecorder = installMocks();
// The component is imported after setMocks, as Pulumi's mocks require.
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm, OnChange, bootstrapSpec } =
  require("../../src/component") as typeof import("../../src/component");
const { renderAll } = require("../../src/render/render-all") as typeof import("../../src/render/render-all");
const { stableYaml } = require("../../src/util/serialize") as typeof import("../../src/util/serialize");
/* eslint-enable @typescript-eslint/no-require-imports */
import type { BootstrapSpec } from "../../src/spec/types";
import type { VsphereTransport } from "../../src/platforms/vsphere";

const vsphere = {
  resourcePoolId: "resgroup-1",
  datastoreId: "datastore-1",
  networkInterfaces: [{ networkId: "network-1" }],
};

function spec(extra: Partial<BootstrapSpec> = {}): BootstrapSpec {
  return {
    hostname: "web-01",
    runcmd: ["echo hello"],
    network: { interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }] },
    ...extra,
  };
}

/**
 * The spec with its interface matched by a fixed MAC: two components then render the same documents.
 * (A position-matched interface gets a MAC derived from the component's name, unique in the program.)
 */
function byMac(s: BootstrapSpec): BootstrapSpec {
  const [first, ...rest] = s.network?.interfaces ?? [];
  return { ...s, network: { interfaces: [{ ...first, macAddress: "00:50:56:00:00:01" }, ...rest] } };
}

beforeEach(() => mocks.clear());

describe("BootstrappedVm outputs", () => {
  it("exposes the rendered documents, the instance-id and where they went as readable text", async () => {
    const vm = new BootstrappedVm("web", { bootstrap: spec(), vsphere });
    const [instanceId, contentHash, userData, metaData, networkConfig, deliveredTo] = await Promise.all([
      valueOf(vm.instanceId),
      valueOf(vm.contentHash),
      valueOf(vm.userData),
      valueOf(vm.metaData),
      valueOf(vm.networkConfig),
      valueOf(vm.deliveredTo),
    ]);
    const nic = (await registered(mocks, "web-vm")).inputs.networkInterfaces as { macAddress: string }[];
    const expected = renderAll(spec(), { assignedMacAddresses: [nic[0]?.macAddress] });
    expect(instanceId).toBe(expected.instanceId);
    expect(contentHash).toBe(expected.contentHash);
    expect(userData).toBe(expected.userData);
    expect(metaData).toBe(expected.metaData);
    expect(networkConfig).toBe(stableYaml(expected.network?.v2));
    expect(deliveredTo).toBe(
      'vSphere VM "web": extraConfig guestinfo.metadata, guestinfo.userdata (VMware datasource)',
    );
    for (const out of [
      vm.instanceId,
      vm.contentHash,
      vm.userData,
      vm.metaData,
      vm.networkConfig,
      vm.deliveredTo,
    ]) {
      expect(await pulumi.isSecret(out)).toBe(false);
    }
  });

  it("registers the VM and the review record as children named after the component", async () => {
    const vm = new BootstrappedVm("web2", { bootstrap: spec(), vsphere });
    await valueOf(vm.deliveredTo);
    await registered(mocks, "web2-vm");
    await registered(mocks, "web2-cloud-init");
    await settle();
    expect(
      mocks.registrations
        .filter((r) => r.name.startsWith("web2"))
        .map((r) => [r.type, r.name])
        .sort(),
    ).toEqual(
      [
        ["bootstrapped-vm:index:BootstrappedVm", "web2"],
        ["pulumi:index:Stash", "web2-cloud-init"],
        ["vsphere:index/virtualMachine:VirtualMachine", "web2-vm"],
      ].sort(),
    );
    const children = (await valueOf(vm.urn)).split("::");
    expect(children[2]).toBe("bootstrapped-vm:index:BootstrappedVm");
  });
});

describe("BootstrappedVm review record", () => {
  it("shows a changed spec as a readable change of the rendered cloud-config in the Stash input", async () => {
    const sameVm = { ...vsphere, name: "web-01" };
    new BootstrappedVm("rv1", { bootstrap: byMac(spec()), vsphere: sameVm });
    new BootstrappedVm("rv2", {
      bootstrap: byMac(spec({ runcmd: ["echo hello", "systemctl restart nginx"] })),
      vsphere: sameVm,
    });
    const before = (await registered(mocks, "rv1-cloud-init")).inputs.input as Record<string, string>;
    const after = (await registered(mocks, "rv2-cloud-init")).inputs.input as Record<string, string>;
    expect(Object.keys(after).sort()).toEqual([
      "contentHash",
      "instanceId",
      "metaData",
      "networkConfig",
      "userData",
      "vendorData",
    ]);
    expect(before.userData).not.toContain("systemctl restart nginx");
    expect(after.userData).toContain("- systemctl restart nginx\n");
    expect(after.userData?.startsWith("#cloud-config\n")).toBe(true);
    expect(after.networkConfig).toBe(before.networkConfig);
    expect(after.contentHash).not.toBe(before.contentHash);
  });
});

describe("BootstrappedVm secrets", () => {
  it("marks user-data, meta-data, the instance-id and the content hash secret when the spec holds a password, and keeps the network config readable", async () => {
    const vm = new BootstrappedVm("db", { bootstrap: spec({ rootPassword: "correct horse" }), vsphere });
    expect(await pulumi.isSecret(vm.userData)).toBe(true);
    expect(await pulumi.isSecret(vm.metaData)).toBe(true);
    expect(await pulumi.isSecret(vm.instanceId)).toBe(true);
    expect(await pulumi.isSecret(vm.contentHash)).toBe(true);
    expect(await pulumi.isSecret(vm.networkConfig)).toBe(false);
    expect(await pulumi.isSecret(vm.deliveredTo)).toBe(false);
    expect(await valueOf(vm.userData)).toMatch(/\$6\$/);
    expect(await valueOf(vm.metaData)).toContain(await valueOf(vm.instanceId));
    await settle();
    expect(isRpcSecret((await registered(mocks, "db-vm")).inputs.extraConfig)).toBe(true);
  });

  it("keeps user-data readable in the review record with the password hash, the instance-id, the content hash and meta-data redacted", async () => {
    const vm = new BootstrappedVm("db2", { bootstrap: spec({ rootPassword: "correct horse" }), vsphere });
    const [instanceId, contentHash] = await Promise.all([valueOf(vm.instanceId), valueOf(vm.contentHash)]);
    await settle();
    const input = (await registered(mocks, "db2-cloud-init")).inputs.input as Record<string, unknown>;
    expect(isRpcSecret(input)).toBe(false);
    expect(isRpcSecret(input.userData)).toBe(false);
    expect(input.userData).toContain("<redacted>");
    expect(input.userData).toContain("echo hello");
    expect(input.userData).not.toMatch(/\$6\$/);
    expect(input.instanceId).toBe("<redacted>");
    expect(input.contentHash).toBe("<redacted>");
    expect(input.metaData).toBe("<redacted>");
    expect(input.networkConfig).toContain("192.0.2.10/24");
    const record = JSON.stringify(input);
    expect(record).not.toContain(instanceId);
    expect(record).not.toContain(contentHash);
  });

  it("keeps the review record plain and complete when the spec holds no secret", async () => {
    const vm = new BootstrappedVm("plain", { bootstrap: spec(), vsphere });
    const [instanceId, contentHash, metaData] = await Promise.all([
      valueOf(vm.instanceId),
      valueOf(vm.contentHash),
      valueOf(vm.metaData),
    ]);
    await settle();
    const input = (await registered(mocks, "plain-cloud-init")).inputs.input as Record<string, unknown>;
    expect(isRpcSecret(input)).toBe(false);
    expect(input.instanceId).toBe(instanceId);
    expect(input.contentHash).toBe(contentHash);
    expect(input.metaData).toBe(metaData);
  });

  it("makes the replace trigger a secret when the documents hold a password, and keeps it readable otherwise", async () => {
    new BootstrappedVm("rt1", {
      bootstrap: spec({ rootPassword: "correct horse" }),
      vsphere,
      onChange: OnChange.Replace,
    });
    new BootstrappedVm("rt2", { bootstrap: spec(), vsphere, onChange: OnChange.Replace });
    await settle();
    const secretTrigger = (await registered(mocks, "rt1-vm")).inputs.replaceTrigger;
    const plainTrigger = (await registered(mocks, "rt2-vm")).inputs.replaceTrigger;
    expect(isRpcSecret(secretTrigger)).toBe(true);
    expect(isRpcSecret(plainTrigger)).toBe(false);
    expect(plainTrigger).toMatch(/^[0-9a-f]{64}$/);
  });

  it("marks user-data and the digests secret, not the network config, when a secret Pulumi input feeds only user-data", async () => {
    const bootstrap = bootstrapSpec({ ...spec(), runcmd: [pulumi.secret("echo s3cret")] });
    const vm = new BootstrappedVm("app", { bootstrap, vsphere });
    expect(await pulumi.isSecret(vm.userData)).toBe(true);
    expect(await pulumi.isSecret(vm.instanceId)).toBe(true);
    expect(await pulumi.isSecret(vm.contentHash)).toBe(true);
    expect(await pulumi.isSecret(vm.metaData)).toBe(true);
    expect(await pulumi.isSecret(vm.networkConfig)).toBe(false);
    await settle();
    // Pulumi marks a resource property secret as a whole, so the review record is hidden entirely.
    const input = (await registered(mocks, "app-cloud-init")).inputs.input;
    expect(isRpcSecret(input)).toBe(true);
  });

  it("marks every document secret when the whole spec is one Output holding a secret", async () => {
    const bootstrap = pulumi.output({ ...spec(), runcmd: [pulumi.secret("echo s3cret")] });
    const vm = new BootstrappedVm("whole", { bootstrap: bootstrap as pulumi.Input<BootstrapSpec>, vsphere });
    expect(await pulumi.isSecret(vm.metaData)).toBe(true);
  });

  it("marks every document secret when a secret Pulumi input reaches meta-data", async () => {
    const bootstrap = bootstrapSpec({ ...spec(), hostname: pulumi.secret("hidden-01") });
    const vm = new BootstrappedVm("h", { bootstrap, vsphere });
    expect(await pulumi.isSecret(vm.metaData)).toBe(true);
    expect(await pulumi.isSecret(vm.userData)).toBe(true);
    expect(await valueOf(vm.metaData)).toContain("hidden-01");
  });

  it.each([
    [
      "guestinfo",
      {},
      'vSphere VM "dt-guestinfo": extraConfig guestinfo.metadata, guestinfo.userdata (VMware datasource)',
    ],
    [
      "vapp",
      { transport: "vapp" as VsphereTransport, clone: { templateUuid: "tmpl-1" } },
      'vSphere VM "dt-vapp": vApp properties hostname, instance-id, network-config, user-data (OVF datasource)',
    ],
  ])(
    "keeps deliveredTo readable on the %s transport when a secret Pulumi input reaches meta-data (docs/component.md: never secret)",
    async (transport, extra, expected) => {
      const bootstrap = bootstrapSpec({ ...spec(), hostname: pulumi.secret("hidden-02") });
      const vm = new BootstrappedVm(`dt-${transport}`, { bootstrap, vsphere: { ...vsphere, ...extra } });
      expect(await pulumi.isSecret(vm.metaData)).toBe(true);
      expect(await pulumi.isSecret(vm.deliveredTo)).toBe(false);
      expect(await valueOf(vm.deliveredTo)).toBe(expected);
    },
  );

  it("keeps deliveredTo secret when the VM name itself is a secret input", async () => {
    const vm = new BootstrappedVm("dt-name", {
      bootstrap: bootstrapSpec({ ...spec(), hostname: pulumi.secret("hidden-03") }),
      vsphere: { ...vsphere, name: pulumi.secret("hidden-vm") },
    });
    expect(await pulumi.isSecret(vm.deliveredTo)).toBe(true);
  });
});

describe("BootstrappedVm inputs", () => {
  it("resolves Inputs nested in the spec, such as an address from another resource", async () => {
    const address = pulumi.output(Promise.resolve("192.0.2.77/24"));
    const bootstrap = bootstrapSpec({
      ...spec(),
      network: { interfaces: [{ addresses: [address], gateway4: "192.0.2.1" }] },
    });
    const vm = new BootstrappedVm("n", { bootstrap, vsphere });
    expect(await valueOf(vm.networkConfig)).toContain("192.0.2.77/24");
  });
});

describe("BootstrappedVm change policy", () => {
  async function trigger(
    name: string,
    bootstrap: BootstrapSpec,
    onChange?: "rerun" | "replace",
    memory = 2048,
  ) {
    const vm = new BootstrappedVm(name, {
      bootstrap,
      vsphere: { ...vsphere, name: "same-vm", memory },
      ...(onChange ? { onChange: onChange as never } : {}),
    });
    const instanceId = await valueOf(vm.instanceId);
    await settle();
    return { instanceId, replaceTrigger: (await registered(mocks, `${name}-vm`)).inputs.replaceTrigger };
  }

  it("sets replaceTrigger to the content hash with onChange replace", async () => {
    const vm = new BootstrappedVm("r", { bootstrap: spec(), vsphere, onChange: OnChange.Replace });
    const hash = await valueOf(vm.contentHash);
    await settle();
    expect((await registered(mocks, "r-vm")).inputs.replaceTrigger).toBe(hash);
  });

  it("sets no replaceTrigger with the default rerun policy", async () => {
    const a = await trigger("a", spec());
    expect(a.replaceTrigger).toBeUndefined();
  });

  it("moves instance-id and replaceTrigger with the content and only with the content", async () => {
    const first = await trigger("one", byMac(spec()), "replace");
    const same = await trigger("two", byMac(spec()), "replace", 4096);
    const changed = await trigger("three", byMac(spec({ runcmd: ["echo changed"] })), "replace");
    expect(same).toEqual(first);
    expect(changed.instanceId).not.toBe(first.instanceId);
    expect(changed.replaceTrigger).not.toBe(first.replaceTrigger);
  });
});

describe("BootstrappedVm providers", () => {
  it("passes an explicit vSphere provider given to the component on to the VM", async () => {
    class VsphereProvider extends pulumi.ProviderResource {
      constructor(name: string) {
        super("vsphere", name, {});
      }
    }
    const provider = new VsphereProvider("vc");
    const vm = new BootstrappedVm("p", { bootstrap: spec(), vsphere }, { providers: [provider] });
    await valueOf(vm.deliveredTo);
    await settle();
    const providerUrn = await valueOf(provider.urn);
    expect((await registered(mocks, "p-vm")).provider).toBe(`${providerUrn}::vc-id`);
  });
});
