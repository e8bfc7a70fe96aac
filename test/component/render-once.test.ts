import { installMocks, registered, valueOf } from "./mock-harness";

const mocks = installMocks();
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../src/component") as typeof import("../../src/component");
const { renderAll } = require("../../src/render/render-all") as typeof import("../../src/render/render-all");
const userDataModule = require("../../src/render/user-data") as typeof import("../../src/render/user-data");
const guestinfoModule = require("../../src/render/guestinfo") as typeof import("../../src/render/guestinfo");
const { vmwareStaticMac } =
  require("../../src/platforms/vsphere/mac") as typeof import("../../src/platforms/vsphere/mac");
/* eslint-enable @typescript-eslint/no-require-imports */
import type { BootstrapSpec } from "../../src/spec/types";

const spec: BootstrapSpec = {
  hostname: "once-01",
  runcmd: ["echo hello"],
  network: { interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }] },
};
const vsphere = { resourcePoolId: "resgroup-1", networkInterfaces: [{ networkId: "network-1" }] };

afterEach(() => jest.restoreAllMocks());

describe("BootstrappedVm rendering", () => {
  it("renders a spec known at construction once, in the constructor, for the size check, the VM and the outputs", async () => {
    // Every rendering of the documents renders user-data exactly once.
    const renderUserData = jest.spyOn(userDataModule, "renderUserData");
    const renderGuestinfo = jest.spyOn(guestinfoModule, "renderGuestinfo");
    const vm = new BootstrappedVm("once", { bootstrap: spec, vsphere });
    expect(renderUserData).toHaveBeenCalledTimes(1);
    expect(renderGuestinfo).toHaveBeenCalledTimes(1);
    const extraConfig = renderGuestinfo.mock.results[0]?.value as Record<string, string>;
    const contentHash = await valueOf(vm.contentHash);
    const vmInputs = (await registered(mocks, "once-vm")).inputs;
    const review = (await registered(mocks, "once-cloud-init")).inputs.input as Record<string, string>;
    expect(renderUserData).toHaveBeenCalledTimes(1);
    expect(renderGuestinfo).toHaveBeenCalledTimes(1);
    jest.restoreAllMocks();
    const expected = renderAll(spec, {
      assignedMacAddresses: [
        vmwareStaticMac(
          { scope: { project: "project", stack: "stack" }, component: "once", vmName: "once" },
          0,
        ),
      ],
    });
    expect(contentHash).toBe(expected.contentHash);
    expect(review.instanceId).toBe(expected.instanceId);
    expect(vmInputs.extraConfig).toEqual(extraConfig);
    // No secrets in the spec: nothing to redact (vsphere.guestinfo.redact defaults to "secrets").
    expect(extraConfig).toEqual(guestinfoModule.renderGuestinfo(expected, { redactKeys: [] }));
  });

  it("renders each component's own spec: two components with different specs get different documents", async () => {
    const renderUserData = jest.spyOn(userDataModule, "renderUserData");
    const a = new BootstrappedVm("twice-a", { bootstrap: spec, vsphere });
    const b = new BootstrappedVm("twice-b", { bootstrap: { ...spec, runcmd: ["echo other"] }, vsphere });
    expect(renderUserData).toHaveBeenCalledTimes(2);
    expect(await valueOf(a.contentHash)).not.toBe(await valueOf(b.contentHash));
  });
});
