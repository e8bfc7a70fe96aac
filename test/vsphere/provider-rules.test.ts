/**
 * The vSphere provider's real rules, as the component must meet them. Mocks never diff, replace or
 * read back, so each test observes what decides the real behaviour (a child's inputs and options,
 * seen through a resource transformation) and names the rule it encodes. Sources:
 * terraform-provider-vsphere v2.16.1 (commit 6e5d67ea, the `upstream` submodule of pulumi-vsphere
 * v4.17.0), cloud-init 22.4.2, vm-operator 506dc5dc, open-vm-tools 1634dfb4.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { drained, installMocks, registered, unwrapSecrets, valueOf } from "../component/mock-harness";

const mocks = installMocks();
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../src/component") as typeof import("../../src/component");
const { VsphereTransport, GuestinfoRedact } =
  require("../../src/platforms/vsphere/args") as typeof import("../../src/platforms/vsphere/args");
/* eslint-enable @typescript-eslint/no-require-imports */
import type { BootstrapSpec } from "../../src/spec/types";
import { thrownInputPropertiesError } from "../helpers/input-properties-error";

const FILE = "vsphere:index/file:File";
const VM = "vsphere:index/virtualMachine:VirtualMachine";

const spec: BootstrapSpec = {
  hostname: "web-01",
  defaultUserSshAuthorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnlyForTests user@example"],
  runcmd: ["echo hello"],
};
const withSecrets: BootstrapSpec = {
  ...spec,
  users: [{ name: "ops", password: "s3cret-pass" }],
  vendorCloudConfig: { chpasswd: { expire: false } },
};

const base = {
  resourcePoolId: "resgroup-8",
  datastoreId: "datastore-12",
  clone: { templateUuid: "4217c5a0-template" },
  waitForGuestNetTimeout: 0,
};
const iso = { datastore: "ds-iso", datacenter: "dc-1" };

/** The options and inputs a child of type `type` is registered with (through a transformation). */
function child(
  name: string,
  type: string,
  args: Record<string, unknown>,
): Promise<{ opts: pulumi.CustomResourceOptions; props: Record<string, unknown> }> {
  return new Promise((resolve) => {
    new BootstrappedVm(name, args as never, {
      transformations: [
        (a) => {
          if (a.type === type)
            resolve({
              opts: a.opts as pulumi.CustomResourceOptions,
              props: a.props as Record<string, unknown>,
            });
          return undefined;
        },
      ],
    });
  });
}

/** The metadata document of a guestinfo VM (gzip+base64 or base64). */
async function guestinfoMetadata(name: string): Promise<Record<string, unknown>> {
  const reg = await registered(mocks, `${name}-vm`);
  const extra = unwrapSecrets(reg.inputs.extraConfig) as Record<string, string>;
  const raw = Buffer.from(extra["guestinfo.metadata"] ?? "", "base64");
  const text =
    extra["guestinfo.metadata.encoding"] === "gzip+base64"
      ? (await import("node:zlib")).gunzipSync(raw).toString("utf8")
      : raw.toString("utf8");
  return JSON.parse(text) as Record<string, unknown>;
}

describe("vSphere File (nocloudIso): resource_vsphere_file.go", () => {
  it("replaces the File on a content change: destinationFile, datastore and datacenter are replaceOnChanges (the provider's Update would move the old file, lines 209-261; only source_* are ForceNew, lines 51-73)", async () => {
    const { opts } = await child("f1", FILE, {
      bootstrap: spec,
      vsphere: { ...base, transport: VsphereTransport.NocloudIso, nocloudIso: iso },
    });
    expect(opts.replaceOnChanges).toEqual(["destinationFile", "datastore", "datacenter"]);
    // Create-before-delete: the VM's CD-ROM moves to the new file before the old one is deleted.
    expect(opts.deleteBeforeReplace).toBeUndefined();
  });

  it("uploads a changed spec to a new path, so the replacement is a new file and not an overwrite", async () => {
    const [a, b] = await Promise.all([
      child("f2", FILE, {
        bootstrap: spec,
        vsphere: { ...base, transport: VsphereTransport.NocloudIso, nocloudIso: iso },
      }),
      child("f3", FILE, {
        bootstrap: { ...spec, runcmd: ["echo changed"] },
        vsphere: { ...base, transport: VsphereTransport.NocloudIso, nocloudIso: iso },
      }),
    ]);
    const pathA = await valueOf(pulumi.output(a.props.destinationFile as pulumi.Input<string>));
    const pathB = await valueOf(pulumi.output(b.props.destinationFile as pulumi.Input<string>));
    expect(pathA.replace("f2", "")).not.toBe(pathB.replace("f3", ""));
  });

  it("does not ask the provider to create the folder (createDirectory, lines 313-327, fails when it exists on vSAN: upstream #633/#2309)", async () => {
    const { props } = await child("f4", FILE, {
      bootstrap: spec,
      vsphere: { ...base, transport: VsphereTransport.NocloudIso, nocloudIso: iso },
    });
    expect(props.createDirectories).toBeUndefined();
  });

  it("refuses an omitted datacenter at preview: the provider looks an empty name up as vCenter's default datacenter (lines 179, 333), ambiguous with several", async () => {
    const err = thrownInputPropertiesError(
      () =>
        new BootstrappedVm("f5", {
          bootstrap: spec,
          vsphere: {
            ...base,
            transport: VsphereTransport.NocloudIso,
            nocloudIso: { datastore: "ds-iso" } as never,
          },
        }),
    );
    expect(err.errors.map((e) => e.propertyPath)).toEqual(["vsphere.nocloudIso.datacenter"]);
    expect(err.errors[0]?.reason).toMatch(/set `datacenter: "<datacenter name>"`/);
  });

  it("keeps a hash of secret documents out of the File's id (`[ds] dc/destination_file`, line 135): without pathKey it is refused at preview", async () => {
    const err = thrownInputPropertiesError(
      () =>
        new BootstrappedVm("f6", {
          bootstrap: withSecrets,
          vsphere: { ...base, transport: VsphereTransport.NocloudIso, nocloudIso: iso },
        }),
    );
    expect(err.errors.map((e) => e.propertyPath)).toEqual(["vsphere.nocloudIso.pathKey"]);
    await drained();
    expect(mocks.registrations.filter((r) => r.name.startsWith("f6-"))).toEqual([]);
  });

  it("refuses a pathKey shorter than 16 characters at preview", () => {
    const err = thrownInputPropertiesError(
      () =>
        new BootstrappedVm("f7", {
          bootstrap: withSecrets,
          vsphere: {
            ...base,
            transport: VsphereTransport.NocloudIso,
            nocloudIso: { ...iso, pathKey: "short" },
          },
        }),
    );
    expect(err.errors.map((e) => e.propertyPath)).toEqual(["vsphere.nocloudIso.pathKey"]);
  });
});

describe("vSphere vApp: VerifyVAppTransport and clone-only vApp properties", () => {
  it("adds a client-device CD-ROM, which an OVA template with OVF transport iso needs (virtual_machine_cdrom_subresource.go:594-614)", async () => {
    const { props } = await child("v1", VM, {
      bootstrap: spec,
      vsphere: { ...base, transport: VsphereTransport.Vapp },
    });
    expect(await valueOf(pulumi.output(props.cdroms))).toEqual([{ clientDevice: true }]);
  });

  it("adds no second client CD-ROM when the user gave one, and none when vapp.clientCdrom is false", async () => {
    const [own, off] = await Promise.all([
      child("v2", VM, {
        bootstrap: spec,
        vsphere: { ...base, transport: VsphereTransport.Vapp, cdroms: [{ clientDevice: true }] },
      }),
      child("v3", VM, {
        bootstrap: spec,
        vsphere: { ...base, transport: VsphereTransport.Vapp, vapp: { clientCdrom: false } },
      }),
    ]);
    expect(await valueOf(pulumi.output(own.props.cdroms))).toEqual([{ clientDevice: true }]);
    expect(off.props.cdroms).toBeUndefined();
  });

  it("refuses the vapp transport without clone at preview (virtual_machine_config_structure.go:805-813)", () => {
    const { clone: _clone, ...noClone } = base;
    const err = thrownInputPropertiesError(
      () =>
        new BootstrappedVm("v4", {
          bootstrap: spec,
          vsphere: { ...noClone, transport: VsphereTransport.Vapp },
        }),
    );
    expect(err.errors.map((e) => e.propertyPath)).toEqual(["vsphere.clone"]);
  });
});

describe("vSphere guestinfo redact: read-back (virtual_machine_config_structure.go:759-774) vs readable secrets", () => {
  it("asks no redaction for secret-free documents, so the provider reads back what was set and later ups show no diff and no reboot", async () => {
    new BootstrappedVm("r1", { bootstrap: spec, vsphere: base });
    expect((await guestinfoMetadata("r1")).redact).toBeUndefined();
  });

  it("redacts user-data and vendor-data when they hold a password hash (DataSourceVMware.py:283-293 blanks them to ---)", async () => {
    new BootstrappedVm("r2", { bootstrap: withSecrets, vsphere: base });
    expect((await guestinfoMetadata("r2")).redact).toEqual(["userdata", "vendordata"]);
  });

  it("follows an explicit policy: `always` redacts secret-free documents, `never` leaves secret ones unredacted", async () => {
    new BootstrappedVm("r3", {
      bootstrap: spec,
      vsphere: { ...base, guestinfo: { redact: GuestinfoRedact.Always } },
    });
    new BootstrappedVm("r4", {
      bootstrap: withSecrets,
      vsphere: { ...base, guestinfo: { redact: GuestinfoRedact.Never } },
    });
    expect((await guestinfoMetadata("r3")).redact).toEqual(["userdata"]);
    expect((await guestinfoMetadata("r4")).redact).toBeUndefined();
  });
});

describe("vSphere guestinfo size limit (open-vm-tools guest_msg_def.h:105-109 caps guest->host only)", () => {
  const big: BootstrapSpec = (() => {
    let chunk = "seed";
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      chunk = createHash("sha256").update(chunk).digest("base64");
      lines.push(chunk);
    }
    return { ...spec, files: [{ path: "/etc/big", content: lines.join("\n") }] };
  })();

  it("refuses a value over 64 KiB by default and accepts it when guestinfo.maxValueBytes is raised", async () => {
    expect(
      thrownInputPropertiesError(() => new BootstrappedVm("s1", { bootstrap: big, vsphere: base })).errors,
    ).toEqual([
      {
        propertyPath: "bootstrap",
        reason: expect.stringMatching(
          /^guestinfo\.userdata would be \d+ bytes after gzip\+base64, over the 65536-byte guestinfo value limit; shrink the spec \(download large files in runcmd\), raise vsphere\.guestinfo\.maxValueBytes if your vSphere accepts larger values \(docs\/vsphere\.md\), or use transport "nocloudIso"$/,
        ),
      },
    ]);
    new BootstrappedVm("s2", {
      bootstrap: big,
      vsphere: { ...base, guestinfo: { maxValueBytes: 256 * 1024 } },
    });
    const reg = await registered(mocks, "s2-vm");
    const userdata =
      (unwrapSecrets(reg.inputs.extraConfig) as Record<string, string>)["guestinfo.userdata"] ?? "";
    expect(userdata.length).toBeGreaterThan(65536);
  });

  it("refuses a maxValueBytes that is not a byte count", () => {
    const err = thrownInputPropertiesError(
      () =>
        new BootstrappedVm("s3", {
          bootstrap: spec,
          vsphere: { ...base, guestinfo: { maxValueBytes: 12.5 } },
        }),
    );
    expect(err.errors.map((e) => e.propertyPath)).toEqual(["vsphere.guestinfo.maxValueBytes"]);
  });
});
