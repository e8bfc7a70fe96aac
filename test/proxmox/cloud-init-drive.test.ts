/**
 * Proof by cloud-init: the snippet texts the component uploads, laid out the way Proxmox lays out its
 * NoCloud drive (qemu-server src/PVE/QemuServer/Cloudinit.pm:610-635 `generate_nocloud`: all four files,
 * `/vendor-data` empty when no vendor snippet is set, line 616), are read by Debian cloud-init 22.4's
 * DataSourceNoCloud with the instance-id, host name, user-data and network config we rendered.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registered, unwrapSecrets, valueOf } from "../component/mock-harness";
import { requireCloudInit, runPython } from "../helpers/cloud-init";
import { derivedMac, installProxmoxMocks } from "./mocks";
import type { BootstrapSpec } from "../../src/spec/types";

const recorder = installProxmoxMocks();
// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component/bootstrapped-vm";
import { renderAll } from "../../src/render/render-all";

const DOCUMENTS = ["user-data", "meta-data", "network-config", "vendor-data"] as const;

interface DatasourceView {
  instanceId: string;
  hostname: string;
  userdataRaw: string;
  vendordataRaw: string | null;
  networkConfig: unknown;
}

let root: string;
beforeAll(() => {
  requireCloudInit();
  root = mkdtempSync(join(tmpdir(), "proxmox-drive-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Deploys under mocks and writes the uploaded snippets as Proxmox's drive would hold them. */
async function proxmoxDrive(name: string, spec: BootstrapSpec): Promise<string> {
  const vm = new BootstrappedVm(name, {
    bootstrap: spec,
    proxmox: {
      nodeName: "pve",
      snippetsDatastoreId: "local",
      clone: { vmId: 9000 },
      networkDevices: [{ bridge: "vmbr0" }],
    },
  });
  await valueOf(vm.deliveredTo);
  await registered(recorder, `${name}-vm`);
  const dir = join(root, name);
  mkdirSync(dir);
  for (const document of DOCUMENTS) {
    const upload = recorder.registrations.find((r) => r.name === `${name}-${document}`);
    const text = upload ? (unwrapSecrets(upload.inputs.sourceRaw) as { data: string }).data : "";
    writeFileSync(join(dir, document), text);
  }
  return dir;
}

describe("the NoCloud drive Proxmox builds from the snippets", () => {
  it("is read by cloud-init 22.4 with our instance-id, host name, user-data and network config, with or without vendor-data", async () => {
    const specs: Record<string, BootstrapSpec> = {
      plain: {
        hostname: "plain-01",
        users: [{ name: "ops", password: "s3cret-pass" }],
        network: { interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }] },
      },
      vendor: {
        hostname: "vendor-01",
        network: { interfaces: [{ dhcp4: true }] },
        vendorCloudConfig: { ntp: { enabled: true } },
      },
    };
    const input = [];
    for (const [name, spec] of Object.entries(specs))
      input.push({ name, dir: await proxmoxDrive(name, spec) });
    const script = readFileSync(join(__dirname, "..", "conformance", "read_nocloud_seed.py"), "utf8");
    const result = runPython(script, { input: JSON.stringify(input) });
    if (result.status !== 0) throw new Error(`DataSourceNoCloud failed:\n${result.stderr}`);
    const read = JSON.parse(result.stdout) as Record<string, { seedDir: DatasourceView }>;
    for (const [name, spec] of Object.entries(specs)) {
      const docs = renderAll(spec, { assignedMacAddresses: [derivedMac(name, 0)] });
      const view = read[name]?.seedDir as DatasourceView;
      expect(view.instanceId).toBe(docs.instanceId);
      expect(view.hostname).toBe(docs.hostname);
      expect(Buffer.from(view.userdataRaw, "base64").toString("utf8")).toBe(docs.userData);
      expect(view.networkConfig).toEqual(docs.network?.v2);
      // An empty /vendor-data (what Proxmox writes without a vendor snippet) is no vendor-data at all.
      const vendor =
        view.vendordataRaw === null ? undefined : Buffer.from(view.vendordataRaw, "base64").toString();
      expect(vendor).toEqual(docs.vendorData);
    }
  });
});
