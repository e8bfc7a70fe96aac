/**
 * The order of replacements on OpenStack, observed under mocks through resource transformations (they
 * see each child's options). The rules encoded here, at the versions the library pins:
 *
 * - pulumi/pulumi pkg/resource/deploy/step_generator.go (commit 1b59498, v3.259+): `applyReplaceOnChanges`
 *   (3170-3260) turns a change under `replaceOnChanges` into a replacement but keeps the provider's
 *   `DeleteBeforeReplace`; the replacement is create-before-delete unless that flag, or the resource's own
 *   `deleteBeforeReplace` option (2043-2046), says otherwise. With delete-before-replace the engine first
 *   deletes the dependents a replacement would replace (`calculateDependentReplacements`, 3268ff.).
 * - pulumi-terraform-bridge v3.79.0 pkg/tfbridge/provider.go:954-955: the bridge reports
 *   `DeleteBeforeReplace` only together with its own (ForceNew) replacements, so never for a
 *   `replaceOnChanges` one.
 * - terraform-provider-openstack v1.54.1 (bridged by pulumi-openstack 3.15.2):
 *   resource_openstack_networking_port_v2.go:58-76 `network_id` and `mac_address` are ForceNew, and
 *   resource_openstack_compute_instance_v2.go:143-197 every `network` field (`port` included) is ForceNew.
 *   A new server on ports the old one holds fails (Nova PortInUse); a new port with the fixed IP the old
 *   port holds fails (Neutron IpAddressAlreadyAllocated).
 */
import type * as pulumi from "@pulumi/pulumi";
import { settle } from "../component/mock-harness";
import { installOpenstackMocks } from "./mocks";
import type { BootstrapSpec } from "../../src/spec/types";

const recorder = installOpenstackMocks();
// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component/bootstrapped-vm";
import { OnChange } from "../../src/component/args";
import type { OpenstackArgs } from "../../src/platforms/openstack/args";

const PORT = "openstack:networking/port:Port";
const SERVER = "openstack:compute/instance:Instance";

const spec: BootstrapSpec = {
  hostname: "db-01",
  network: {
    interfaces: [
      { addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1", macAddress: "fa:16:3e:00:00:01" },
      { dhcp4: true },
    ],
  },
};
const twoPorts: OpenstackArgs = {
  flavorName: "m1.small",
  imageName: "debian-12",
  networks: [{ networkId: "net-a", subnetId: "subnet-a4" }, { networkId: "net-b" }],
};

/** Every child's resource options, by child name, as the transformations see them. */
async function childOptions(
  name: string,
  openstack: OpenstackArgs,
  onChange?: OnChange,
  bootstrap: BootstrapSpec = spec,
): Promise<Map<string, { type: string; opts: pulumi.CustomResourceOptions }>> {
  const seen = new Map<string, { type: string; opts: pulumi.CustomResourceOptions }>();
  new BootstrappedVm(
    name,
    { bootstrap, onChange, openstack },
    {
      transformations: [
        (a) => {
          seen.set(a.name, { type: a.type, opts: a.opts as pulumi.CustomResourceOptions });
          return undefined;
        },
      ],
    },
  );
  await settle();
  return seen;
}

beforeEach(() => recorder.clear());

describe("openstack replacement order", () => {
  it("replace policy registers the Instance with deleteBeforeReplace, so the new server finds its ports free", async () => {
    const seen = await childOptions("rep", twoPorts, OnChange.Replace);
    const server = seen.get("rep-instance");
    expect(server?.type).toBe(SERVER);
    expect(server?.opts.replaceOnChanges).toEqual(['metadata["bootstrapped-vm-content-hash"]']);
    expect(server?.opts.deleteBeforeReplace).toBe(true);
  });

  it("rerun policy registers the Instance on ports with deleteBeforeReplace too (user-data is ForceNew)", async () => {
    const server = (await childOptions("rer", twoPorts)).get("rer-instance");
    expect(server?.opts.replaceOnChanges).toBeUndefined();
    expect(server?.opts.deleteBeforeReplace).toBe(true);
  });

  it("registers every Port with deleteBeforeReplace, so a changed MAC never meets the old fixed IP", async () => {
    for (const onChange of [OnChange.Rerun, OnChange.Replace]) {
      const seen = await childOptions(`mac-${onChange}`, twoPorts, onChange);
      const ports = [...seen.entries()].filter(([, c]) => c.type === PORT);
      expect(ports.map(([n]) => n)).toEqual([`mac-${onChange}-port-0`, `mac-${onChange}-port-1`]);
      for (const [, port] of ports) expect(port.opts.deleteBeforeReplace).toBe(true);
    }
  });

  it("asks the provider to detach the ports before deleting the server, as they outlive it", async () => {
    await childOptions("det", twoPorts, OnChange.Replace);
    expect(recorder.byName("det-instance").inputs.vendorOptions).toEqual({ detachPortsBeforeDestroy: true });
  });

  it("deletes a server booting from block devices before its replacement (it may hold a volume)", async () => {
    const fromVolume: OpenstackArgs = {
      flavorName: "m1.small",
      blockDevices: [{ sourceType: "volume", uuid: "vol-1", destinationType: "volume", bootIndex: 0 }],
    };
    const server = (await childOptions("bfv", fromVolume, OnChange.Replace, { hostname: "bfv" })).get(
      "bfv-instance",
    );
    expect(server?.opts.deleteBeforeReplace).toBe(true);
    expect(recorder.byName("bfv-instance").inputs.vendorOptions).toBeUndefined();
  });

  it("keeps create-before-delete for a server that holds nothing a replacement needs (no ports, no volumes)", async () => {
    const server = (
      await childOptions("cbd", { flavorName: "m1.small", imageName: "debian-12" }, OnChange.Replace, {
        hostname: "cbd",
      })
    ).get("cbd-instance");
    expect(server?.opts.replaceOnChanges).toEqual(['metadata["bootstrapped-vm-content-hash"]']);
    expect(server?.opts.deleteBeforeReplace).toBeUndefined();
  });
});
