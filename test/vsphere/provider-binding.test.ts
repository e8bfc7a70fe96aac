import { installMocks, registered } from "../component/mock-harness";

const mocks = installMocks();
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

  it("exposes the VM's provider-computed outputs", async () => {
    const vm = new VirtualMachine("out-vm", { resourcePoolId: "rp" });
    await registered(mocks, "out-vm");
    for (const name of ["uuid", "moid", "defaultIpAddress", "guestIpAddresses", "powerState"]) {
      expect((vm as unknown as Record<string, unknown>)[name]).toBeDefined();
    }
  });
});
