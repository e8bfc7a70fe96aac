import * as pulumi from "@pulumi/pulumi";
import { isRpcSecret, registered, unwrapSecrets } from "../component/mock-harness";
import { FILE, installProxmoxMocks } from "../proxmox/mocks";
import { exportedValues } from "./vsphere-example-harness";

const recorder = installProxmoxMocks("proxmox-snippets", "dev");
pulumi.runtime.setAllConfig(
  { "proxmox-snippets:opsPassword": "correct horse battery", "proxmox-snippets:templateVmId": "9001" },
  ["proxmox-snippets:opsPassword"],
);
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const program = require("../../examples/proxmox-snippets/index") as Record<string, pulumi.Output<unknown>>;
/* eslint-enable @typescript-eslint/no-require-imports */

describe("examples/proxmox-snippets", () => {
  it("uploads the example's documents as snippets from secret inputs and clones the template with them as cicustom", async () => {
    const values = await exportedValues(program);
    const vm = await registered(recorder, "web-vm");
    const files = Object.fromEntries(
      recorder.byType(FILE).map((f) => [f.name, f.inputs.sourceRaw as Record<string, unknown>]),
    );
    expect(Object.keys(files).sort()).toEqual(["web-meta-data", "web-network-config", "web-user-data"]);
    // The password came from secret config: the snippets holding its hash (and the instance-id) are secret.
    expect(isRpcSecret(files["web-user-data"])).toBe(true);
    expect(isRpcSecret(files["web-meta-data"])).toBe(true);
    const plain = (name: string) => unwrapSecrets(files[name]) as { data: string; fileName: string };
    expect(plain("web-user-data").data).toBe(values.userData);
    expect(plain("web-user-data").data).toMatch(/^#cloud-config\n[\s\S]*hashed_passwd: \$6\$/);
    expect(plain("web-meta-data").data).toBe(values.metaData);
    expect(plain("web-network-config").data).toBe(values.networkConfig);
    expect(plain("web-user-data").fileName).toMatch(/^proxmox-snippets-dev-web-user-data-[0-9a-f]{16}$/);
    expect(vm.inputs).toMatchObject({
      nodeName: "pve",
      name: "web",
      clone: { vmId: 9001, full: true },
      cpu: { cores: 2 },
      memory: { dedicated: 2048 },
      agent: { enabled: true },
      initialization: {
        type: "nocloud",
        datastoreId: "local-lvm",
        userDataFileId: `local:snippets/${plain("web-user-data").fileName}`,
        metaDataFileId: `local:snippets/${plain("web-meta-data").fileName}`,
        networkDataFileId: `local:snippets/${plain("web-network-config").fileName}`,
      },
    });
    const mac = (vm.inputs.networkDevices as { macAddress: string }[])[0]?.macAddress;
    expect(mac).toMatch(/^02(:[0-9a-f]{2}){5}$/);
    expect(values.networkConfig).toContain(`macaddress: ${mac}`);
    expect(values.deliveredTo).toContain("Proxmox VM web on node pve: cicustom user=local:snippets/");
  });
});
