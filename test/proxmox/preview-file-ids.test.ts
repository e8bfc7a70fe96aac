/**
 * A preview (`dryRun`) in which the snippet files are being replaced: under `onChange: rerun` a changed
 * document replaces its `FileLegacy` (every `source_raw` argument is ForceNew, bpg terraform-provider-proxmox
 * proxmoxtf/resource/file.go:189-222), and a resource being replaced has no id in a preview, so the mocks
 * answer the files without one. The VM's `initialization.*_file_id` are ForceNew (vm/vm.go:994-1024):
 * - were they `file.id`, the preview would show the VM replaced (an unknown ForceNew value requires a new
 *   resource: pulumi/terraform-plugin-sdk helper/schema/schema.go:396-405; pulumi-terraform-bridge
 *   pkg/tests/diff_test/detailed_diff_unknown_test.go:871-897), and the update would replace it too: the
 *   engine replaces each dependent of a delete-before-replace resource whose diff requires replacement once
 *   the inputs with a property dependency on it are unknown (pulumi/pulumi pkg/resource/deploy/
 *   step_generator.go:2043-2072, 3324-3381 `calculateDependentReplacements`);
 * - so they are the files' volume ids built from the datastore and the file name, known and unchanged, with
 *   no property dependency on the files, and the VM depends on the files through `dependsOn` only.
 *
 * Mocks never diff: this proves the inputs and dependencies the engine would get, not the engine's plan.
 */
import * as pulumi from "@pulumi/pulumi";
import { drained, installMocks } from "../component/mock-harness";
import { FILE, VM, volumeId } from "./mocks";

// The files have no result in this preview (as when they are replaced): their ids are unknown.
const mocks = installMocks(
  "project",
  undefined,
  "stack",
  (args) =>
    args.type === FILE
      ? { id: undefined as unknown as string, state: {} }
      : { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> },
  true,
);

/** What the engine receives with each registration: all dependencies and those of each input property. */
const deps = new Map<
  string,
  { urn: string; dependencies: string[]; propertyDependencies: Map<string, string[]> }
>();
interface RegisterRequest {
  getName(): string;
  getType(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
}
const monitor = pulumi.runtime.getMonitor() as unknown as {
  registerResource(
    req: RegisterRequest,
    callback: (err: unknown, res: { getUrn(): string }) => void,
  ): unknown;
};
const register = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, callback) =>
  register(req, (err, res) => {
    if (err === null && res !== undefined) {
      const propertyDependencies = new Map<string, string[]>();
      req.getPropertydependenciesMap().forEach((v, k) => propertyDependencies.set(k, v.getUrnsList()));
      deps.set(req.getName(), {
        urn: res.getUrn(),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
      });
    }
    callback(err, res);
  });

// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component/bootstrapped-vm";
import { OnChange } from "../../src/component/args";

const spec = {
  hostname: "web-01",
  runcmd: ["echo changed"],
  vendorCloudConfig: { ntp: { enabled: true } },
  network: { interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }] },
};
const proxmox = {
  nodeName: "pve",
  snippetsDatastoreId: "local",
  clone: { vmId: 9000 },
  networkDevices: [{ bridge: "vmbr0" }],
};
const FIELDS = {
  "user-data": "userDataFileId",
  "meta-data": "metaDataFileId",
  "network-config": "networkDataFileId",
  "vendor-data": "vendorDataFileId",
} as const;

describe("proxmox: the VM's snippet file ids in a preview where the files are replaced", () => {
  beforeAll(async () => {
    new BootstrappedVm("web", { bootstrap: spec, proxmox });
    new BootstrappedVm("blue", { bootstrap: spec, proxmox, onChange: OnChange.Replace });
    await drained();
  });

  for (const name of ["web", "blue"]) {
    it(`${name}: initialization names each file by the provider's volume id, known though the file ids are not`, () => {
      const vm = mocks.byName(`${name}-vm`);
      expect(vm.type).toBe(VM);
      const initialization = vm.inputs.initialization as Record<string, unknown>;
      for (const [document, field] of Object.entries(FIELDS)) {
        const file = mocks.byName(`${name}-${document}`);
        // `<datastore>:snippets/<file name>` (file.go:286-288 `fileVolumeID.String`, 636 `d.SetId`).
        expect(initialization[field]).toBe(volumeId(file.inputs));
        expect(initialization[field]).toMatch(
          new RegExp(`^local:snippets/project-stack-${name}-${document}`),
        );
      }
    });

    it(`${name}: the VM depends on the files through dependsOn, and no input takes a file's output`, () => {
      const vm = deps.get(`${name}-vm`);
      const files = Object.keys(FIELDS).map((d) => deps.get(`${name}-${d}`)?.urn as string);
      expect(files.every((urn) => typeof urn === "string")).toBe(true);
      expect(vm?.dependencies).toEqual(expect.arrayContaining(files));
      for (const [property, urns] of vm?.propertyDependencies ?? []) {
        expect({ property, urns: urns.filter((u) => files.includes(u)) }).toEqual({ property, urns: [] });
      }
    });
  }
});
