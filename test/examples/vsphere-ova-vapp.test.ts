import * as pulumi from "@pulumi/pulumi";
import { exportedValues, prepareExample } from "./vsphere-example-harness";
import { containsRpcSecret, isRpcSecret, registered, unwrapSecrets } from "../component/mock-harness";

const mocks = prepareExample("vsphere-ova-vapp", {
  resourcePoolId: "resgroup-8",
  datastoreId: "datastore-12",
  networkId: "network-3",
  ovaTemplateUuid: "4217c5a0-ova",
});
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const program = require("../../examples/vsphere-ova-vapp/index") as Record<string, pulumi.Output<unknown>>;
/* eslint-enable @typescript-eslint/no-require-imports */

describe("examples/vsphere-ova-vapp", () => {
  it("creates the VM with the OVA's vApp properties, secret because of the password, replaced on change", async () => {
    const values = await exportedValues(program);
    expect(await pulumi.isSecret(program.userData as pulumi.Output<unknown>)).toBe(true);
    const vm = await registered(mocks, "app-vm");
    expect(vm.inputs.extraConfig).toBeUndefined();
    expect(containsRpcSecret(vm.inputs.vapp)).toBe(true);
    const props = (unwrapSecrets(vm.inputs.vapp) as { properties: Record<string, string> }).properties;
    expect(Object.keys(props).sort()).toEqual(["hostname", "instance-id", "public-keys", "user-data"]);
    expect(props["instance-id"]).toBe(values.instanceId);
    expect(Buffer.from(props["user-data"] ?? "", "base64").toString("utf8")).toBe(values.userData);
    // The content hash of documents holding a password is a secret, and so is the trigger made of it.
    expect(await pulumi.isSecret(program.contentHash as pulumi.Output<unknown>)).toBe(true);
    expect(isRpcSecret(vm.inputs.replaceTrigger)).toBe(true);
    expect(unwrapSecrets(vm.inputs.replaceTrigger)).toBe(values.contentHash);
  });
});
