import * as pulumi from "@pulumi/pulumi";
import {
  containsRpcSecret,
  installMocks,
  settle,
  unwrapSecrets,
  valueOf,
  type MockRecorder,
} from "./mock-harness";
import { type Logged, runScenario } from "./scenario-runner";

const mocks: MockRecorder = installMocks();
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../src/component") as typeof import("../../src/component");
const { platformKeys } =
  require("../../src/platforms/registry") as typeof import("../../src/platforms/registry");
/* eslint-enable @typescript-eslint/no-require-imports */
import type { BootstrappedVmArgs } from "../../src/component";
import { thrownInputPropertiesError } from "../helpers/input-properties-error";

const vsphere = {
  resourcePoolId: "resgroup-1",
  datastoreId: "datastore-1",
  networkInterfaces: [{ networkId: "n" }],
};

function constructionError(name: string, args: BootstrappedVmArgs): pulumi.InputPropertiesError {
  return thrownInputPropertiesError(
    () => new BootstrappedVm(name, args),
    "the component was constructed without an error",
  );
}

async function childrenOf(name: string): Promise<string[]> {
  await settle();
  return mocks.registrations.filter((r) => r.name.startsWith(`${name}-`)).map((r) => r.name);
}

describe("BootstrappedVm argument errors", () => {
  it("asks for a platform when none is set, naming every platform", () => {
    const err = constructionError("none", { bootstrap: { hostname: "a" } });
    const reasons = err.errors.map((e) => e.reason).join("\n");
    expect(reasons).toMatch(/^One of .* must be set\.$/);
    for (const key of platformKeys()) expect(reasons).toContain(`\`${key}\``);
  });

  it("rejects two platforms at once with the list of platforms", () => {
    const err = constructionError("two", { bootstrap: { hostname: "a" }, vsphere, openstack: {} as never });
    expect(err.errors).toEqual([
      {
        propertyPath: "openstack",
        reason: "Only one of `vsphere`, `openstack`, `seedImage` or `proxmox` can be set.",
      },
    ]);
  });

  it("reports spec problems with bootstrap. property paths before any child is registered", async () => {
    const err = constructionError("bad", {
      bootstrap: { hostname: "not a host!", network: { interfaces: [{ addresses: ["10.0.0.300/24"] }] } },
      vsphere,
    });
    const paths = err.errors.map((e) => e.propertyPath);
    expect(paths).toContain("bootstrap.hostname");
    expect(paths).toContain("bootstrap.network.interfaces[0].addresses[0]");
    expect(err.message).toContain("bootstrap.hostname:");
    expect(await childrenOf("bad")).toEqual([]);
  });

  it("reports spec and platform problems together in one error", () => {
    const err = constructionError("both", {
      bootstrap: { hostname: "-bad" },
      vsphere: { ...vsphere, transport: "floppy" as never },
    });
    const paths = err.errors.map((e) => e.propertyPath).sort();
    expect(paths).toEqual(["bootstrap.hostname", "vsphere.transport"]);
  });

  it("refuses the guestinfo transport for a target before 21.3 (no VMware datasource) and names the alternatives", () => {
    // cloudinit/sources/DataSourceVMware.py first appears in cloud-init 21.3.
    const err = constructionError("old-ci", {
      bootstrap: { hostname: "a", cloudInit: { minVersion: "20.4" } },
      vsphere,
    });
    expect(err.errors).toEqual([
      {
        propertyPath: "vsphere.transport",
        reason: expect.stringMatching(
          /^cloud-init reads the guestinfo keys with its VMware datasource \(DataSourceVMware\), new in 21\.3, but cloudInit\.minVersion is "20\.4": the guest would not read them; bake the bootstrapped-vm seeder .* set `guestinfo: \{ seeder: true \}`, use transport "nocloudIso", or set bootstrap\.cloudInit\.minVersion to 21\.3 when every image runs 21\.3 or later$/,
        ),
      },
    ]);
    const typo = constructionError("old-ci-2", {
      bootstrap: { hostname: "a", cloudInit: { minVersion: "20.4" } },
      vsphere: { ...vsphere, guestinfo: { seeder: "yes" as never } },
    });
    expect(typo.errors.map((e) => e.propertyPath)).toEqual(["vsphere.transport", "vsphere.guestinfo.seeder"]);
  });

  it("refuses the guestinfo transport for a 20.4 spec known only later, unless the template has the seeder", () => {
    const refused = runScenario("async-guestinfo-old-target") as {
      registered: string[];
      failures: string[];
      logged: Logged;
    };
    expect(refused.registered).toEqual(expect.arrayContaining(["old", "seeded", "seeded-vm"]));
    expect(refused.registered).not.toContain("old-vm");
    expect(refused.failures.join("\n")).toContain(
      'vsphere.transport: cloud-init reads the guestinfo keys with its VMware datasource (DataSourceVMware), new in 21.3, but cloudInit.minVersion is "20.4": the guest would not read them',
    );
    // Logged once against the component too, as the render's late failures are.
    expect(refused.logged).toEqual([
      {
        resource: "old",
        message: expect.stringContaining("\n  vsphere.transport: cloud-init reads the guestinfo keys"),
      },
    ]);
  });

  it("rejects an unknown change policy", () => {
    const err = constructionError("policy", {
      bootstrap: { hostname: "a" },
      vsphere,
      onChange: "rebuild" as never,
    });
    expect(err.errors).toEqual([
      {
        propertyPath: "onChange",
        reason: '"rebuild" is not a change policy; use one of "rerun", "replace".',
      },
    ]);
  });

  it("refuses a change policy given as an Output with the fix (before: Output's toString text quoted)", () => {
    const err = constructionError("policy-output", {
      bootstrap: { hostname: "a" },
      vsphere,
      onChange: pulumi.output("replace") as never,
    });
    expect(err.errors).toEqual([
      {
        propertyPath: "onChange",
        reason:
          'must be given directly, not as an Output or Promise (it decides how the children are replaced); use one of "rerun", "replace".',
      },
    ]);
  });

  it("reports problems in values known only later as InputPropertiesError, and creates no VM", () => {
    // Run apart: Pulumi's runtime reports the failed child registrations as unhandled rejections.
    const result = runScenario("async-spec-error") as {
      registered: string[];
      outputError: { isInputPropertiesError: boolean; paths: string[] };
      failures: string[];
      logged: Logged;
    };
    expect(result.outputError).toEqual({ isInputPropertiesError: true, paths: ["bootstrap.hostname"] });
    expect(result.registered).toEqual(["later"]);
    expect(result.failures.length).toBeGreaterThan(0);
    for (const failure of result.failures) expect(failure).toContain("bootstrap.hostname: ");
    // Logged once against the component, so the CLI shows it on the component's row.
    expect(result.logged).toEqual([
      { resource: "later", message: expect.stringContaining("\n  bootstrap.hostname: ") },
    ]);
  });

  it("gives the children a valid secret platform argument as it gives the plain one, secret, without an error", async () => {
    const named = { hostname: "p", network: { interfaces: [{ name: "eth0", dhcp4: true }] } };
    const positional = { hostname: "p", network: { interfaces: [{ addresses: ["192.0.2.10/24"] }] } };
    // Each platform with one argument plain or secret (the seed image's MAC is what the render reads).
    const cases: Record<string, (secret: <T>(v: T) => pulumi.Input<T>) => BootstrappedVmArgs> = {
      seedImage: (s) => ({
        bootstrap: positional,
        // The mode fixed: a secret input otherwise makes the seed ISO owner-only.
        seedImage: { path: "out/p.iso", macAddresses: [s("52:54:00:12:34:56")], fileMode: 0o644 },
      }),
      vsphere: (s) => ({
        bootstrap: named,
        vsphere: { ...vsphere, networkInterfaces: [{ networkId: s("n") }] },
      }),
      openstack: (s) => ({
        bootstrap: named,
        openstack: { flavorName: "m1.small", imageName: "debian-12", networks: [{ networkId: s("net") }] },
      }),
      proxmox: (s) => ({
        bootstrap: named,
        proxmox: {
          nodeName: s("pve"),
          snippetsDatastoreId: "local",
          clone: { vmId: 9000 },
          networkDevices: [{ bridge: "vmbr0" }],
        },
      }),
    };
    for (const [platform, args] of Object.entries(cases)) {
      const plain = new BootstrappedVm(
        `plain-${platform}`,
        args((v) => v),
      );
      const secret = new BootstrappedVm(
        `secret-${platform}`,
        args((v) => pulumi.secret(v) as pulumi.Input<typeof v>),
      );
      for (const vm of [plain, secret]) {
        await expect(valueOf(vm.userData)).resolves.toContain("#cloud-config");
      }
      const children = async (name: string) =>
        (await childrenOf(name)).map((child) => {
          const { type, inputs } = mocks.byName(child);
          const { __provider: _code, ...rest } = unwrapSecrets(inputs) as Record<string, unknown>;
          return JSON.stringify({ type, name: child, inputs: rest }).split(name).join("<vm>");
        });
      expect({ platform, children: await children(`secret-${platform}`) }).toEqual({
        platform,
        children: await children(`plain-${platform}`),
      });
      const secretChildren = await childrenOf(`secret-${platform}`);
      expect({
        platform,
        secret: secretChildren.some((c) => containsRpcSecret(mocks.byName(c).inputs)),
      }).toEqual({
        platform,
        secret: true,
      });
    }
    expect(mocks.registrations.filter((r) => r.name.startsWith("secret-")).length).toBeGreaterThan(0);
  });

  it("keeps the values of secret inputs out of the messages of problems found when they resolve", () => {
    const result = runScenario("async-secret-errors") as {
      messages: Record<string, string>;
      paths: string[];
      failures: string[];
      logged: Logged;
    };
    const names = [
      "address",
      "cloudConfigKey",
      "cloudConfigUsers",
      "cloudConfigValue",
      "conflict",
      "extraConfigKey",
      "extraConfigKeyLate",
      "guestinfo",
      "hostname",
      "novaKey",
      "novaKeyLate",
      "novaKeyPlain",
      "proxmoxMacClash",
      "seed",
      "seedMac",
      "specMetadataKey",
      "tooOld",
      "uid",
      "vappKey",
      "vappKeyLate",
      "vappNetwork",
      "vendorKey",
      "version",
      "vsphereMac",
      "vsphereMacLate",
      "wholeSpecCloudConfigKey",
      "wholeSpecMetadataKey",
    ];
    expect(Object.keys(result.messages).sort()).toEqual(names);
    expect(result.messages.address).toContain(
      'bootstrap.network.interfaces[0].addresses[0]: "<secret>" is not an IPv4 or IPv6 address in CIDR form',
    );
    expect(result.messages.hostname).toContain('bootstrap.hostname: "<secret>" is not an RFC 1123 host name');
    expect(result.messages.conflict).toContain(
      'bootstrap.extraCloudConfig.timezone: "<secret>" conflicts with "UTC" rendered from the spec',
    );
    expect(result.messages.seed).toContain('bootstrap.hostname: "<secret>" is not an RFC 1123 host name');
    expect(result.messages.version).toContain(
      'need cloud-init 22.3 or later, but cloudInit.minVersion is "<secret>"',
    );
    // The platform's refusals fail the VM, not the render: they are in the component's log.
    const loggedOf = (name: string) =>
      result.logged
        .filter((l) => l.resource === name)
        .map((l) => l.message)
        .join("\n");
    expect(loggedOf("guestinfo")).toContain(
      'vsphere.transport: cloud-init reads the guestinfo keys with its VMware datasource (DataSourceVMware), new in 21.3, but cloudInit.minVersion is "<secret>"',
    );
    expect(loggedOf("vappNetwork")).toContain(
      'vsphere.transport: cloud-init\'s OVF datasource applies the vApp property "network-config" from 21.4 on (20.4 reads no network from it, 21.3 ignores it by a bug), but cloudInit.minVersion is "<secret>"',
    );
    expect(result.messages.tooOld).toContain(
      'bootstrap.cloudInit.minVersion: "<secret>" is older than the oldest cloud-init release the renderers know (20.4, Debian 11)',
    );
    expect(result.messages.uid).toContain("bootstrap.users[0].uid: <secret> is not a usable uid");
    // Secret values of the platform's args, whether the spec was known at construction or not.
    expect(result.messages.seedMac).toContain(
      `bootstrap.network.interfaces[0]: the platform's MAC for NIC 0, "<secret>", is not a MAC address`,
    );
    for (const name of ["vsphereMac", "vsphereMacLate"]) {
      expect(result.messages[name]).toContain(
        `vsphere.networkInterfaces[0].macAddress: "<secret>" is outside VMware's manual range`,
      );
    }
    // A secret MAC of the spec, read by the platform on its own before the rest of the spec resolved.
    expect(result.messages.proxmoxMacClash).toContain(
      "bootstrap.network.interfaces[1].macAddress: <secret> is also the MAC of proxmoxMacClash: proxmox.networkDevices[0] (bootstrap.network.interfaces[0])",
    );
    // Keys of secret maps, whether the spec was known at construction or not: the platform's refusals fail
    // the VM (logged against the component), the spec's own problems its documents.
    for (const name of ["novaKey", "novaKeyLate"]) {
      expect(loggedOf(name)).toContain(
        'openstack.metadata["<secret>"]: Nova limits metadata keys and values to 255 characters.',
      );
    }
    for (const name of ["extraConfigKey", "extraConfigKeyLate"]) {
      expect(loggedOf(name)).toContain(
        'vsphere.extraConfig["<secret>"]: the guestinfo transport writes "<secret>" itself; remove it from extraConfig',
      );
    }
    for (const name of ["vappKey", "vappKeyLate"]) {
      expect(loggedOf(name)).toContain(
        'vsphere.vapp.properties["<secret>"]: the vapp transport sets "<secret>" from the bootstrap spec',
      );
    }
    expect(result.messages.specMetadataKey).toContain(
      'bootstrap.metadata["<secret>"]: key must be 1-255 letters, digits',
    );
    // A short key, which the path prints bare.
    expect(result.messages.specMetadataKey).toContain(
      "bootstrap.metadata.<secret>: value is 300 characters; OpenStack metadata allows at most 255",
    );
    // In a secret whole spec only the map's keys are secret: the field names stay in the path.
    expect(result.messages.wholeSpecMetadataKey).toContain(
      'bootstrap.metadata["<secret>"]: key must be 1-255 letters, digits',
    );
    expect(result.paths).toEqual(
      expect.arrayContaining(['bootstrap.metadata["<secret>"]', "bootstrap.metadata.<secret>"]),
    );
    // Keys below the top level of secret cloud-config given as it is: every one is redacted from the paths
    // (long, quoted or short), the top-level key (cloud-config's module name) stays.
    expect(result.messages.cloudConfigKey).toContain(
      "bootstrap.extraCloudConfig.apt.<secret>.<secret>.<secret>: NaN is not a cloud-config value",
    );
    expect(result.messages.cloudConfigKey).toContain(
      'bootstrap.extraCloudConfig.apt.<secret>["<secret>"].<secret>: Infinity is not a cloud-config value',
    );
    expect(result.messages.cloudConfigKey).toContain(
      "bootstrap.extraCloudConfig.apt.<secret>.<secret>.<secret>: -Infinity is not a cloud-config value",
    );
    expect(result.messages.vendorKey).toContain(
      "bootstrap.vendorCloudConfig.chef.<secret>.<secret>: NaN is not a cloud-config value",
    );
    // Inside a secret whole spec: the spec's field names and cloud-config's top-level key stay.
    expect(result.messages.wholeSpecCloudConfigKey).toContain(
      "bootstrap.extraCloudConfig.users[0].<secret>: NaN is not a cloud-config value",
    );
    // The key of the refused password is redacted in the path, but not cloud-config's own words in the fix.
    expect(result.messages.cloudConfigUsers).toContain(
      "bootstrap.extraCloudConfig.users[0].<secret>: a password in plain text would reach the guest as it is",
    );
    expect(result.messages.cloudConfigUsers).toContain("or give a crypt(3) hash in `hashed_passwd`");
    // A plain extraCloudConfig with one secret value: the keys above it stay, those inside it are redacted.
    expect(result.messages.cloudConfigValue).toContain(
      "bootstrap.extraCloudConfig.apt.sources.visible-mirror.<secret>: NaN is not a cloud-config value",
    );
    expect(result.paths).toEqual(
      expect.arrayContaining([
        "bootstrap.extraCloudConfig.apt.<secret>.<secret>.<secret>",
        'bootstrap.extraCloudConfig.apt.<secret>["<secret>"].<secret>',
        "bootstrap.vendorCloudConfig.chef.<secret>.<secret>",
        "bootstrap.extraCloudConfig.users[0].<secret>",
        "bootstrap.extraCloudConfig.apt.sources.visible-mirror.<secret>",
      ]),
    );
    // A plain map with a secret value: the key is not secret, and stays in the path.
    expect(loggedOf("novaKeyPlain")).toContain(
      `openstack.metadata["tenant-7f3d-internal-${"z".repeat(240)}"]: Nova limits metadata keys`,
    );
    expect(result.logged.map((l) => l.resource).sort()).toEqual(names);
    const everything = JSON.stringify(result);
    for (const needle of [
      "203.0.113.999",
      "Needle_Host",
      "Europe/Needle",
      "Needle_Seed",
      "22.2",
      "21.2",
      "21.1",
      "19.4",
      "-97",
      "52:54:00:zz:00:01",
      "52:54:00:0a:0b:0c",
      "52:54:00:0d:0e:0f",
      "52:54:00:AB:CD:E1",
      "52:54:00:ab:cd:e1",
      "tenant-7f3a",
      "tenant-7f3b",
      "tenant 7f3c",
      "t7q",
      "xxxxxxxxxxxxxxxx",
      "tenant 7f3e",
      'extraConfig[\\"guestinfo.',
      'writes \\"guestinfo.',
      'properties[\\"user-data',
      'sets \\"user-data',
      'properties[\\"public-keys',
      'sets \\"public-keys',
      "corp-7f3h",
      "corp 7f3k",
      "q7m",
      "tenant-7f3i",
      "initial_attributes",
      "corp-7f3j",
      "plain_text_passwd",
      "Needle-Plain-7f3n",
      "key-7f3p",
    ]) {
      expect({ needle, found: everything.includes(needle) }).toEqual({ needle, found: false });
    }
  });

  it("words a problem the render finds in a spec known only later in the platform's terms", () => {
    // seedImage: the MACs of position-matched interfaces come from `seedImage.macAddresses`.
    const result = runScenario("async-seed-image-mac") as {
      outputError: { paths: string[]; reasons: string[] };
      failures: string[];
    };
    const reason =
      "has neither `name` nor `macAddress`, and the platform assigned no MAC address for NIC 0; set `macAddress` " +
      "(or `name`) on the interface, or give the MAC of the VM's NIC 0 in `seedImage.macAddresses[0]`";
    expect(result.outputError).toEqual({ paths: ["bootstrap.network.interfaces[0]"], reasons: [reason] });
    expect(result.failures.join("\n")).toContain(`bootstrap.network.interfaces[0]: ${reason}`);
  });

  it("refuses a bridge on a config drive for a spec known only later in the seedImage platform's terms, writing no seed", () => {
    const result = runScenario("async-seed-image-bridge") as {
      registered: string[];
      failures: string[];
      logged: Logged;
    };
    expect(result.registered).toEqual(["late-br", "late-br-cloud-init"]);
    const failures = result.failures.join("\n");
    expect(failures).toMatch(
      /bootstrap\.network\.bridges\[0\]: network_data\.json has no bridge link .*; use `format: "nocloud"` \(network config v2\), or remove the bridge/,
    );
    expect(failures).not.toContain("NoCloudSeedIso");
    expect(result.logged).toEqual([
      {
        resource: "late-br",
        message: expect.stringContaining("\n  bootstrap.network.bridges[0]: network_data.json"),
      },
    ]);
  });

  it("refuses a config drive's network options checked only later in the seedImage platform's terms, writing no seed", () => {
    const result = runScenario("async-seed-image-options") as {
      registered: string[];
      failures: string[];
      logged: Logged;
    };
    expect(result.registered).toEqual([
      "late-eni",
      "late-eni-cloud-init",
      "late-nonet",
      "late-nonet-cloud-init",
    ]);
    const failures = result.failures.join("\n");
    expect(failures).not.toContain("SeedIso");
    expect(result.logged).toEqual([
      {
        resource: "late-eni",
        message: expect.stringMatching(
          /\n {2}bootstrap\.network\.bonds\[0\]: the legacy network file .*; leave `legacyNetworkFile` off \(network_data\.json carries bonds and VLANs\)$/,
        ),
      },
      {
        resource: "late-nonet",
        message: expect.stringContaining(
          "\n  seedImage.networkDataJson: `false` with no legacy network file leaves the spec's network out",
        ),
      },
    ]);
  });

  it("reports an extraConfig collision known only later with its property path, and creates no VM", () => {
    const result = runScenario("async-extra-config-collision") as {
      registered: string[];
      failures: string[];
      logged: Logged;
    };
    expect(result.registered).not.toContain("clash-vm");
    expect(result.failures.length).toBeGreaterThan(0);
    expect(result.failures.join("\n")).toContain(
      'vsphere.extraConfig["guestinfo.userdata"]: the guestinfo transport',
    );
    expect(result.logged).toEqual([
      {
        resource: "clash",
        message: expect.stringContaining('\n  vsphere.extraConfig["guestinfo.userdata"]: '),
      },
    ]);
  });

  it("refuses vApp delivery of a network to cloud-init 20.4 when the spec is known only later, and creates no VM", () => {
    const result = runScenario("async-vapp-old-target") as {
      registered: string[];
      failures: string[];
      logged: Logged;
    };
    expect(result.registered).toContain("ovf");
    expect(result.registered).not.toContain("ovf-vm");
    expect(result.failures.join("\n")).toContain(
      'vsphere.transport: cloud-init\'s OVF datasource applies the vApp property "network-config" from 21.4 on',
    );
    expect(result.logged).toEqual([
      {
        resource: "ovf",
        message: expect.stringContaining("\n  vsphere.transport: cloud-init's OVF datasource"),
      },
    ]);
  });
});
