/**
 * `@muhlba91/pulumi-proxmoxve` is an optional peer dependency: here it is "not installed" (every `require`
 * of it throws, as Node's does for a missing package), and the other platforms must not notice.
 */
let mockLoads = 0;
jest.mock("@muhlba91/pulumi-proxmoxve", () => {
  mockLoads++;
  throw Object.assign(new Error("Cannot find module '@muhlba91/pulumi-proxmoxve'"), {
    code: "MODULE_NOT_FOUND",
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installMocks, valueOf } from "../component/mock-harness";
import { thrownInputPropertiesError as thrown } from "../helpers/input-properties-error";

installMocks();
// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component/bootstrapped-vm";

const dir = mkdtempSync(join(tmpdir(), "proxmox-optional-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the Proxmox provider SDK as an optional peer dependency", () => {
  it("is never loaded by a program that delivers to another platform", async () => {
    const vm = new BootstrappedVm("seed", {
      bootstrap: { hostname: "seed" },
      seedImage: { path: join(dir, "seed.iso") },
    });
    expect(await valueOf(vm.deliveredTo)).toContain("seed ISO");
    expect(mockLoads).toBe(0);
  });

  it("is reported at preview, with the install command, when a proxmox platform needs it", () => {
    const err = thrown(
      () =>
        new BootstrappedVm("pve", {
          bootstrap: { hostname: "pve", network: { interfaces: [{ dhcp4: true }] } },
          proxmox: {
            nodeName: "pve",
            snippetsDatastoreId: "local",
            clone: { vmId: 9000 },
            networkDevices: [{ bridge: "vmbr0" }],
          },
        }),
    );
    expect(err.errors?.map((e) => e.propertyPath)).toEqual(["proxmox"]);
    expect(err.message).toContain(
      "proxmox: The `proxmox` platform needs the package @muhlba91/pulumi-proxmoxve (^8.6.0), which is not " +
        'installed; install it next to bootstrapped-vm: npm install @muhlba91/pulumi-proxmoxve@"^8.6.0"',
    );
  });
});
