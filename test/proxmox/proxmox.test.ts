import * as pulumi from "@pulumi/pulumi";
import { createHmac } from "node:crypto";
import {
  containsRpcSecret,
  isRpcSecret,
  registered,
  unwrapSecrets,
  valueOf,
} from "../component/mock-harness";
import { derivedMac, FILE, installProxmoxMocks, MOCK_NAME_KEY, NAME_KEY, VM } from "./mocks";
import type { BootstrapSpec } from "../../src/spec/types";

const recorder = installProxmoxMocks();
// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component/bootstrapped-vm";
import { OnChange } from "../../src/component/args";
import type { ProxmoxArgs } from "../../src/platforms/proxmox/args";
import { renderAll } from "../../src/render/render-all";
import { renderNoCloudFiles } from "../../src/render/nocloud";
import { sha256Hex } from "../../src/util/hash";

function staticSpec(extra: Partial<BootstrapSpec> = {}): BootstrapSpec {
  return {
    hostname: "web-01",
    runcmd: ["echo up"],
    network: {
      interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1", nameservers: ["192.0.2.53"] }],
    },
    ...extra,
  };
}

const clonePlatform: ProxmoxArgs = {
  nodeName: "pve",
  snippetsDatastoreId: "local",
  clone: { vmId: 9000, full: true },
  networkDevices: [{ bridge: "vmbr0" }],
};

/** Constructs a component, waits until its VM is registered, and returns the resource options by name. */
async function deploy(
  name: string,
  args: Omit<ConstructorParameters<typeof BootstrappedVm>[1], "proxmox">,
  proxmox: ProxmoxArgs,
): Promise<{ vm: BootstrappedVm; opts: Map<string, pulumi.CustomResourceOptions> }> {
  const opts = new Map<string, pulumi.CustomResourceOptions>();
  const vm = new BootstrappedVm(
    name,
    { ...args, proxmox },
    {
      transformations: [
        (a) => {
          opts.set(a.name, a.opts as pulumi.CustomResourceOptions);
          return undefined;
        },
      ],
    },
  );
  await valueOf(vm.deliveredTo);
  await registered(recorder, `${name}-vm`);
  return { vm, opts };
}

/** The NoCloud seed files of the spec as rendered with these MACs, as text. */
function nocloudTexts(spec: BootstrapSpec, macs: (string | undefined)[]): Record<string, string> {
  const files = renderNoCloudFiles(renderAll(spec, { assignedMacAddresses: macs }));
  return Object.fromEntries([...files].map(([k, v]) => [k, v.toString("utf8")]));
}

beforeEach(() => recorder.clear());

describe("proxmox platform: snippets and the VM", () => {
  it("uploads each NoCloud document byte for byte as a snippets file and names the files in the VM's initialization with citype nocloud", async () => {
    const spec = staticSpec({ vendorCloudConfig: { ntp: { enabled: true } } });
    const { vm } = await deploy("web", { bootstrap: spec }, clonePlatform);
    const mac = derivedMac("web", 0);
    const texts = nocloudTexts(spec, [mac]);
    expect(Object.keys(texts).sort()).toEqual(["meta-data", "network-config", "user-data", "vendor-data"]);
    const files = recorder.byType(FILE);
    expect(files.map((f) => f.name).sort()).toEqual([
      "web-meta-data",
      "web-network-config",
      "web-user-data",
      "web-vendor-data",
    ]);
    for (const document of Object.keys(texts)) {
      expect(recorder.byName(`web-${document}`).inputs).toEqual({
        nodeName: "pve",
        datastoreId: "local",
        contentType: "snippets",
        sourceRaw: { data: texts[document], fileName: `project-stack-web-${document}` },
      });
    }
    expect(texts["meta-data"]).toContain(`instance-id: ${await valueOf(vm.instanceId)}\n`);
    expect(texts["network-config"]).toContain(`macaddress: ${mac}`);
    expect(recorder.byName("web-vm")).toEqual({
      type: VM,
      name: "web-vm",
      custom: true,
      inputs: {
        nodeName: "pve",
        name: "web",
        clone: { vmId: 9000, full: true },
        networkDevices: [{ bridge: "vmbr0", macAddress: mac }],
        initialization: {
          type: "nocloud",
          userDataFileId: "local:snippets/project-stack-web-user-data",
          metaDataFileId: "local:snippets/project-stack-web-meta-data",
          networkDataFileId: "local:snippets/project-stack-web-network-config",
          vendorDataFileId: "local:snippets/project-stack-web-vendor-data",
        },
      },
    });
    expect(await valueOf(vm.deliveredTo)).toBe(
      "Proxmox VM web on node pve: cicustom user=local:snippets/project-stack-web-user-data," +
        "meta=local:snippets/project-stack-web-meta-data,network=local:snippets/project-stack-web-network-config," +
        "vendor=local:snippets/project-stack-web-vendor-data (citype nocloud: copied verbatim into its NoCloud drive)",
    );
  });

  it("uploads no vendor-data snippet when the spec has none", async () => {
    await deploy("novendor", { bootstrap: staticSpec() }, clonePlatform);
    expect(
      recorder
        .byType(FILE)
        .map((f) => f.name)
        .sort(),
    ).toEqual(["novendor-meta-data", "novendor-network-config", "novendor-user-data"]);
    const init = recorder.byName("novendor-vm").inputs.initialization as Record<string, unknown>;
    expect(Object.keys(init).sort()).toEqual([
      "metaDataFileId",
      "networkDataFileId",
      "type",
      "userDataFileId",
    ]);
  });

  it("puts the spec's MAC on the NIC of an interface matched by MAC and leaves one matched by name to Proxmox", async () => {
    const spec: BootstrapSpec = {
      hostname: "two",
      network: {
        interfaces: [
          { macAddress: "BC:24:11:00:00:01", addresses: ["192.0.2.11/24"] },
          { name: "ens19", dhcp4: true },
        ],
      },
    };
    await deploy(
      "two",
      { bootstrap: spec },
      {
        ...clonePlatform,
        networkDevices: [{ bridge: "vmbr0" }, { bridge: "vmbr1", vlanId: 20, model: "virtio" }],
      },
    );
    expect(recorder.byName("two-vm").inputs.networkDevices).toEqual([
      { bridge: "vmbr0", macAddress: "bc:24:11:00:00:01" },
      { bridge: "vmbr1", vlanId: 20, model: "virtio" },
    ]);
    const network = recorder.byName("two-network-config").inputs.sourceRaw as { data: string };
    expect(network.data).toBe(nocloudTexts(spec, [])["network-config"]);
  });

  it("creates a fresh VM with a cloud-image disk and the VM settings given, instead of a clone", async () => {
    await deploy(
      "fresh",
      { bootstrap: staticSpec() },
      {
        nodeName: "pve2",
        snippetsDatastoreId: "snippets-nfs",
        name: "fresh-01",
        vmId: 4242,
        disks: [
          {
            interface: "scsi0",
            datastoreId: "local-lvm",
            importFrom: "local:import/debian-12.qcow2",
            size: 20,
          },
        ],
        networkDevices: [{ bridge: "vmbr0" }],
        cloudInitDatastoreId: "local-lvm",
        cloudInitInterface: "scsi1",
        cores: 2,
        memory: 2048,
        agent: true,
        started: true,
        tags: ["web"],
      },
    );
    const inputs = recorder.byName("fresh-vm").inputs;
    expect(inputs).toMatchObject({
      nodeName: "pve2",
      name: "fresh-01",
      vmId: 4242,
      disks: [
        {
          interface: "scsi0",
          datastoreId: "local-lvm",
          importFrom: "local:import/debian-12.qcow2",
          size: 20,
        },
      ],
      cpu: { cores: 2 },
      memory: { dedicated: 2048 },
      agent: { enabled: true },
      started: true,
      tags: ["web"],
      initialization: {
        type: "nocloud",
        datastoreId: "local-lvm",
        interface: "scsi1",
        userDataFileId: "snippets-nfs:snippets/project-stack-fresh-user-data",
      },
    });
    expect(inputs.clone).toBeUndefined();
    expect(recorder.byName("fresh-user-data").inputs.nodeName).toBe("pve2");
  });

  it("makes the user-data and meta-data snippets secret when the spec holds a password, and only then", async () => {
    await deploy(
      "pw",
      { bootstrap: staticSpec({ users: [{ name: "ops", password: "s3cret-pass" }] }) },
      clonePlatform,
    );
    await deploy("nopw", { bootstrap: staticSpec() }, clonePlatform);
    // The SDK resolves `sourceRaw` as one value: a secret `data` makes the whole block secret.
    for (const document of ["user-data", "meta-data"]) {
      expect(isRpcSecret(recorder.byName(`pw-${document}`).inputs.sourceRaw)).toBe(true);
    }
    expect(unwrapSecrets(recorder.byName("pw-user-data").inputs)).toMatchObject({
      sourceRaw: { data: expect.stringMatching(/\bhashed_passwd: \$6\$/) },
    });
    expect(containsRpcSecret(recorder.byName("pw-network-config").inputs)).toBe(false);
    for (const r of recorder.registrations.filter((r) => r.name.startsWith("nopw-"))) {
      expect(containsRpcSecret(r.inputs)).toBe(false);
    }
  });
});

describe("proxmox platform: onChange", () => {
  it("keeps fixed snippet names under `rerun` and replaces a changed file delete-before-replace, leaving the VM alone", async () => {
    // bpg terraform-provider-proxmox proxmoxtf/resource/file.go:189-222: `source_raw` is ForceNew, so a changed
    // document replaces its file; with the name unchanged the old file must be deleted first.
    const { opts } = await deploy("rr", { bootstrap: staticSpec() }, clonePlatform);
    for (const document of ["user-data", "meta-data", "network-config"]) {
      expect(opts.get(`rr-${document}`)?.deleteBeforeReplace).toBe(true);
    }
    expect(opts.get("rr-vm")?.replaceOnChanges).toBeUndefined();
    expect(opts.get("rr-vm")?.deleteBeforeReplace).toBeUndefined();
    expect(recorder.byType(NAME_KEY)).toEqual([]);
  });

  it("names snippets by content under `replace`, so a change creates new files, and replaces the VM on their ids", async () => {
    const spec = staticSpec();
    const { opts } = await deploy(
      "rp",
      { bootstrap: spec, onChange: OnChange.Replace },
      { ...clonePlatform, vmId: 301 },
    );
    const texts = nocloudTexts(spec, [derivedMac("rp", 0)]);
    for (const document of ["user-data", "meta-data", "network-config"]) {
      const name = `project-stack-rp-${document}-${sha256Hex(texts[document] as string).slice(0, 16)}`;
      expect(recorder.byName(`rp-${document}`).inputs.sourceRaw).toEqual({
        data: texts[document],
        fileName: name,
      });
      expect(opts.get(`rp-${document}`)?.deleteBeforeReplace).toBeUndefined();
    }
    // vm/vm.go:994-1024: the provider replaces the VM on a changed *_data_file_id anyway (ForceNew); the
    // option keeps the `replace` policy independent of that.
    expect(opts.get("rp-vm")?.replaceOnChanges).toEqual([
      "initialization.userDataFileId",
      "initialization.metaDataFileId",
      "initialization.networkDataFileId",
    ]);
    // The replacement VM would take the same VM id: the old one goes first.
    expect(opts.get("rp-vm")?.deleteBeforeReplace).toBe(true);
    expect(recorder.byType(NAME_KEY)).toEqual([]);

    expect(recorder.byType(NAME_KEY)).toEqual([]);
  });

  it("gives a changed document a new file name under `replace` and keeps the names of unchanged ones", async () => {
    const named = (runcmd: string[]): BootstrapSpec => ({
      hostname: "same",
      runcmd,
      network: { interfaces: [{ name: "eth0", dhcp4: true }] },
    });
    const platform = { ...clonePlatform, snippetPrefix: "same" };
    await deploy("v1", { bootstrap: named(["echo one"]), onChange: OnChange.Replace }, platform);
    const { opts } = await deploy(
      "v2",
      { bootstrap: named(["echo two"]), onChange: OnChange.Replace },
      platform,
    );
    const fileName = (name: string) =>
      (recorder.byName(name).inputs.sourceRaw as { fileName: string }).fileName;
    expect(fileName("v2-user-data")).not.toBe(fileName("v1-user-data"));
    // meta-data holds the instance-id, derived from the content hash.
    expect(fileName("v2-meta-data")).not.toBe(fileName("v1-meta-data"));
    expect(fileName("v2-network-config")).toBe(fileName("v1-network-config"));
    expect(fileName("v2-network-config")).toMatch(/^same-network-config-[0-9a-f]{16}$/);
    expect(opts.get("rp2-vm")?.deleteBeforeReplace).toBeUndefined();
  });

  it("tags the names of secret documents with an HMAC under the stack's random key, never with their plain SHA-256", async () => {
    const spec = staticSpec({ users: [{ name: "ops", password: "s3cret-pass" }] });
    await deploy("sk", { bootstrap: spec, onChange: OnChange.Replace }, clonePlatform);
    expect(recorder.byType(NAME_KEY).map((r) => r.name)).toEqual(["sk-snippet-name-key"]);
    const texts = nocloudTexts(spec, [derivedMac("sk", 0)]);
    const all = JSON.stringify(unwrapSecrets(recorder.registrations.map((r) => r.inputs.sourceRaw ?? null)));
    for (const document of ["user-data", "meta-data", "network-config"]) {
      const text = texts[document] as string;
      const hmac = createHmac("sha256", MOCK_NAME_KEY).update(text).digest("hex").slice(0, 16);
      const sourceRaw = unwrapSecrets(recorder.byName(`sk-${document}`).inputs.sourceRaw) as {
        fileName: string;
      };
      expect(sourceRaw.fileName).toBe(`project-stack-sk-${document}-${hmac}`);
      expect(all).not.toContain(sha256Hex(text).slice(0, 16));
    }
    // The ids (the provider's volume ids, never encrypted by Pulumi) carry the HMAC tags.
    const init = recorder.byName("sk-vm").inputs.initialization as Record<string, unknown>;
    expect(containsRpcSecret(init)).toBe(false);
    expect(init.userDataFileId).toMatch(/^local:snippets\/project-stack-sk-user-data-[0-9a-f]{16}$/);
  });
});
