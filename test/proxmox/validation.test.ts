import * as pulumi from "@pulumi/pulumi";
import { registered, unwrapSecrets, valueOf } from "../component/mock-harness";
import { installProxmoxMocks } from "./mocks";
import type { BootstrapSpec } from "../../src/spec/types";

const recorder = installProxmoxMocks();
// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component/bootstrapped-vm";
import { bootstrapSpec } from "../../src/component/inputs";
import type { ProxmoxArgs } from "../../src/platforms/proxmox/args";
import { renderAll } from "../../src/render/render-all";
import { renderNoCloudFiles } from "../../src/render/nocloud";
import { thrownInputPropertiesError as thrown } from "../helpers/input-properties-error";
import { type Logged, runScenario } from "../component/scenario-runner";

const spec: BootstrapSpec = {
  hostname: "web-01",
  network: { interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }] },
};
const good: ProxmoxArgs = {
  nodeName: "pve",
  snippetsDatastoreId: "local",
  clone: { vmId: 9000 },
  networkDevices: [{ bridge: "vmbr0" }],
};

function problems(proxmox: ProxmoxArgs, bootstrap: BootstrapSpec = spec): [string, string][] {
  const err = thrown(() => new BootstrappedVm("bad", { bootstrap, proxmox }));
  expect(recorder.registrations.filter((r) => r.type !== "bootstrapped-vm:index:BootstrappedVm")).toEqual([]);
  return (err.errors ?? []).map((e) => [e.propertyPath, e.reason]);
}

beforeEach(() => recorder.clear());

describe("proxmox platform: errors at preview, with property paths and fixes", () => {
  it("requires the node, the snippets storage and a template id or disks", () => {
    const found = problems({} as ProxmoxArgs);
    expect(found.map(([path]) => path)).toEqual([
      "proxmox.nodeName",
      "proxmox.snippetsDatastoreId",
      "proxmox.clone",
      "proxmox.networkDevices",
    ]);
    expect(found[0]?.[1]).toBe('Give the Proxmox node the VM runs on, e.g. "pve".');
    expect(found[1]?.[1]).toContain("its content types must include `snippets` (pvesm set local --content");
    expect(found[2]?.[1]).toContain("Set `clone.vmId` (a template whose image has cloud-init) or `disks`");
  });

  it("requires the template's VM id when cloning, and refuses ids Proxmox would refuse", () => {
    expect(problems({ ...good, clone: {} as ProxmoxArgs["clone"] })).toEqual([
      ["proxmox.clone.vmId", "Give the VM id of the template to clone, e.g. 9000."],
    ]);
    // pve-common src/PVE/JSONSchema.pm:309-316: VM ids match ^[1-9][0-9]{2,8}$.
    expect(problems({ ...good, vmId: 99, clone: { vmId: 9000.5 } }).map(([path]) => path)).toEqual([
      "proxmox.vmId",
      "proxmox.clone.vmId",
    ]);
  });

  it("refuses both a clone and disks, and a disk without its interface", () => {
    expect(problems({ ...good, disks: [{ interface: "scsi0" }] })).toEqual([
      ["proxmox.disks", "Only one of `clone` or `disks` can be set."],
    ]);
    const { clone: _clone, ...fresh } = good;
    expect(problems({ ...fresh, disks: [{ size: 8 } as never] })).toEqual([
      ["proxmox.disks[0].interface", 'Give the disk\'s interface, e.g. "scsi0".'],
    ]);
  });

  it("requires one NIC per spec interface, so each gets the MAC its network config matches", () => {
    const two: BootstrapSpec = {
      hostname: "two",
      network: { interfaces: [{ dhcp4: true }, { name: "eth1", dhcp4: true }] },
    };
    const found = problems(good, two);
    expect(found.map(([path]) => path)).toEqual(["proxmox.networkDevices"]);
    expect(found[0]?.[1]).toContain("has 1 entry; give one entry per interface, in order");
  });

  it("requires a network in the spec, since Proxmox would otherwise write a network-config that brings no interface up", () => {
    // qemu-server src/PVE/QemuServer/Cloudinit.pm:527-596 and 615: without a network snippet Proxmox writes
    // `version: 1` built from ipconfigN; without any, only a nameserver entry (get_dns_conf, 127-143).
    const found = problems({ ...good, networkDevices: undefined }, { hostname: "nonet" });
    expect(found.map(([path]) => path)).toEqual(["bootstrap.network"]);
    expect(found[0]?.[1]).toContain("give the spec a network, e.g. `{ interfaces: [{ dhcp4: true }] }`");
  });

  it("refuses gzip user-data, which a text snippet cannot carry", () => {
    const gz = { ...spec, userDataCompression: "gzip" as BootstrapSpec["userDataCompression"] };
    expect(problems(good, gz).map(([path]) => path)).toEqual(["bootstrap.userDataCompression"]);
  });

  it("refuses a snippet beyond the 1 MiB Proxmox reads of it", () => {
    // pve-common src/PVE/File.pm:168-188 (`safe_read_from`, via Cloudinit.pm:682) dies beyond 1 MiB.
    const big = { ...spec, files: [{ path: "/opt/blob", content: "x".repeat(1024 * 1024) }] };
    const found = problems(good, big);
    expect(found).toEqual([
      ["bootstrap", expect.stringMatching(/^user-data is \d+ bytes; Proxmox reads at most 1048576/)],
    ]);
  });

  it("refuses a snippet prefix that is not a plain file name", () => {
    expect(problems({ ...good, snippetPrefix: "../x" }).map(([path]) => path)).toEqual([
      "proxmox.snippetPrefix",
    ]);
  });
});

describe("proxmox platform: a spec holding Outputs", () => {
  it("uploads all four snippets (an empty vendor-data too) rendered from the resolved values", async () => {
    const address = pulumi.output(Promise.resolve("192.0.2.20/24"));
    const late = bootstrapSpec({
      hostname: "late",
      network: { interfaces: [{ name: "eth0", addresses: [address] }] },
    });
    const vm = new BootstrappedVm("late", { bootstrap: late, proxmox: { ...good } });
    await valueOf(vm.deliveredTo);
    await registered(recorder, "late-vm");
    const resolved: BootstrapSpec = {
      hostname: "late",
      network: { interfaces: [{ name: "eth0", addresses: ["192.0.2.20/24"] }] },
    };
    const files = renderNoCloudFiles(renderAll(resolved));
    expect(
      recorder.registrations
        .filter((r) => r.name.startsWith("late-") && r.name !== "late-cloud-init")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["late-meta-data", "late-network-config", "late-user-data", "late-vendor-data", "late-vm"]);
    for (const document of ["user-data", "meta-data", "network-config"]) {
      const sourceRaw = unwrapSecrets(recorder.byName(`late-${document}`).inputs.sourceRaw) as {
        data: string;
      };
      expect(sourceRaw.data).toBe(files.get(document)?.toString("utf8"));
    }
  });

  it("fails with the path when such a spec turns out to have no network, once its values are known", () => {
    // Run apart: Pulumi's runtime reports the failed child registrations as unhandled rejections.
    const result = runScenario("proxmox-late-spec-without-network") as {
      registered: string[];
      failures: string[];
      logged: Logged;
    };
    expect(result.registered).not.toContain("late-vm");
    expect(result.failures.join("\n")).toContain("bootstrap.network: Proxmox writes its own network-config");
    expect(result.logged).toEqual([
      { resource: "late", message: expect.stringContaining("\n  bootstrap.network: Proxmox writes its own") },
    ]);
  });
});
