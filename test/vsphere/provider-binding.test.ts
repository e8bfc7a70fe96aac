import { installMocks, registered, valueOf } from "../component/mock-harness";

/** What the provider computes for a VM (the mock answers it for `out-vm`, as the provider would after create). */
const COMPUTED = {
  uuid: "4217c5a0-0000-4000-8000-000000000001",
  moid: "vm-1001",
  defaultIpAddress: "192.0.2.10",
  guestIpAddresses: ["192.0.2.10", "2001:db8::10"],
  powerState: "on",
};
const mocks = installMocks("project", (args) => ({
  ...(args.inputs as Record<string, unknown>),
  ...(args.name === "out-vm" ? COMPUTED : {}),
}));
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { File, VirtualMachine, VSPHERE_PLUGIN_VERSION } =
  require("../../src/providers/vsphere") as typeof import("../../src/providers/vsphere");
/* eslint-enable @typescript-eslint/no-require-imports */

/** The plugin version a resource asks for (kept by the SDK as `__version`). */
function pluginVersion(resource: object): unknown {
  return (resource as { __version?: unknown }).__version;
}

describe("the vSphere provider binding", () => {
  it("registers the provider's VirtualMachine and File tokens with the given camelCase properties", async () => {
    new VirtualMachine("b-vm", {
      resourcePoolId: "rp",
      extraConfig: { a: "b" },
      extraConfigRebootRequired: false,
    });
    new File("b-file", {
      sourceFile: "x.iso",
      destinationFile: "d/x.iso",
      datastore: "ds",
      createDirectories: true,
    });
    const vm = await registered(mocks, "b-vm");
    expect(vm.type).toBe("vsphere:index/virtualMachine:VirtualMachine");
    expect(vm.inputs).toEqual({
      resourcePoolId: "rp",
      extraConfig: { a: "b" },
      extraConfigRebootRequired: false,
    });
    const file = await registered(mocks, "b-file");
    expect(file.type).toBe("vsphere:index/file:File");
    expect(file.inputs).toEqual({
      sourceFile: "x.iso",
      destinationFile: "d/x.iso",
      datastore: "ds",
      createDirectories: true,
    });
  });

  it("asks for the pinned provider plugin version unless the options name another", () => {
    expect(VSPHERE_PLUGIN_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pluginVersion(new VirtualMachine("v1", { resourcePoolId: "rp" }))).toBe(VSPHERE_PLUGIN_VERSION);
    expect(pluginVersion(new File("f1", { sourceFile: "a", destinationFile: "b", datastore: "c" }))).toBe(
      VSPHERE_PLUGIN_VERSION,
    );
    expect(pluginVersion(new VirtualMachine("v2", { resourcePoolId: "rp" }, { version: "4.16.6" }))).toBe(
      "4.16.6",
    );
  });

  it("exposes the VM's provider-computed outputs with the values the provider gives", async () => {
    const vm = new VirtualMachine("out-vm", { resourcePoolId: "rp" });
    await registered(mocks, "out-vm");
    const outputs = await Promise.all([
      valueOf(vm.uuid),
      valueOf(vm.moid),
      valueOf(vm.defaultIpAddress),
      valueOf(vm.guestIpAddresses),
      valueOf(vm.powerState),
    ]);
    expect(outputs).toEqual(Object.values(COMPUTED));
  });
});
