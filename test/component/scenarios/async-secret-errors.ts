/**
 * Specs whose secret inputs are invalid (known only during the deployment): prints each component output's
 * error message, the failures Pulumi's runtime reported and the lines logged, for the test to check that
 * none quotes a secret value.
 */
import * as pulumi from "@pulumi/pulumi";
import { installScenarioMocks, printWhen } from "./scenario-mocks";

const { failures, logged } = installScenarioMocks();

/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm, bootstrapSpec } =
  require("../../../src/component") as typeof import("../../../src/component");
const { SeedImageFormat } =
  require("../../../src/seed-image/types") as typeof import("../../../src/seed-image/types");
const { VsphereTransport } =
  require("../../../src/platforms/vsphere/args") as typeof import("../../../src/platforms/vsphere/args");
/* eslint-enable @typescript-eslint/no-require-imports */

const vsphere = { resourcePoolId: "rp", datastoreId: "ds", networkInterfaces: [{ networkId: "n" }] };
const specs = {
  address: bootstrapSpec({
    hostname: "a",
    network: {
      interfaces: [{ addresses: [pulumi.secret("203.0.113.999/24")], macAddress: "52:54:00:00:00:01" }],
    },
  }),
  hostname: bootstrapSpec({ hostname: pulumi.secret("Needle_Host!") }),
  conflict: bootstrapSpec({
    hostname: "c",
    timezone: "UTC",
    extraCloudConfig: { timezone: pulumi.secret("Europe/Needle") },
  }),
  // Short secrets (under the 6 characters bare text is redacted from), quoted by the refusals of a target:
  // a feature's (22.3 for a yescrypt root hash), guestinfo's (21.3), a vApp network's (21.4) and the oldest
  // known release's (20.4). None is a version the messages name themselves.
  version: bootstrapSpec({
    hostname: "v",
    cloudInit: { minVersion: pulumi.secret("22.2") },
    rootPasswordHash: "$y$j9T$salt$abcdefgh",
  }),
  guestinfo: bootstrapSpec({ hostname: "g", cloudInit: { minVersion: pulumi.secret("21.2") } }),
  vappNetwork: bootstrapSpec({
    hostname: "n",
    cloudInit: { minVersion: pulumi.secret("21.1") },
    network: { interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }] },
  }),
  tooOld: bootstrapSpec({ hostname: "o", cloudInit: { minVersion: pulumi.secret("19.4") } }),
  // A secret number, which its problem prints bare (`-97 is not a usable uid`).
  uid: bootstrapSpec({ hostname: "u", users: [{ name: "ops", uid: pulumi.secret(-97) }] }),
};
/** The vSphere arguments of each spec: a cloned VM on the `vapp` transport for the one with a vApp network. */
const vsphereOf = (name: string) =>
  name === "vappNetwork"
    ? { ...vsphere, transport: VsphereTransport.Vapp, clone: { templateUuid: "4217c5a0-template" } }
    : vsphere;
const messages: Record<string, string> = {};
for (const [name, bootstrap] of Object.entries(specs)) {
  const vm = new BootstrappedVm(name, { bootstrap, vsphere: vsphereOf(name) });
  (vm.userData as unknown as { promise(): Promise<string> }).promise().then(
    () => (messages[name] = "(no error)"),
    (err: unknown) => (messages[name] = String((err as Error).message)),
  );
}
// The seed image renders on its own too: it must get the component's (redacted) failure.
const seed = new BootstrappedVm("seed", {
  bootstrap: bootstrapSpec({ hostname: pulumi.secret("Needle_Seed!") }),
  seedImage: { format: SeedImageFormat.NoCloud, path: "out/never.iso" },
});
(seed.userData as unknown as { promise(): Promise<string> }).promise().then(
  () => (messages.seed = "(no error)"),
  (err: unknown) => (messages.seed = String((err as Error).message)),
);

// Secret values in the platform's args, quoted by the checks made when they resolve: the seed image's MAC for
// a NIC (the render's), and a vSphere NIC's MAC outside VMware's range (the NIC plan's), with a spec known at
// construction and with one known only later.
const positional = { hostname: "p", network: { interfaces: [{ addresses: ["192.0.2.10/24"] }] } };
const platformArgs = {
  seedMac: {
    bootstrap: positional,
    seedImage: {
      format: SeedImageFormat.NoCloud,
      path: "out/never.iso",
      macAddresses: [pulumi.secret("52:54:00:zz:00:01")],
    },
  },
  vsphereMac: {
    bootstrap: positional,
    vsphere: {
      ...vsphere,
      networkInterfaces: [{ networkId: "n", macAddress: pulumi.secret("52:54:00:0a:0b:0c") }],
    },
  },
  vsphereMacLate: {
    bootstrap: bootstrapSpec({ ...positional, hostname: pulumi.output("q") }),
    vsphere: {
      ...vsphere,
      networkInterfaces: [{ networkId: "n", macAddress: pulumi.secret("52:54:00:0d:0e:0f") }],
    },
  },
};
// A secret MAC of the spec that two interfaces share, in upper case, quoted in lower case by Proxmox's check of
// the NICs' MACs, which reads each interface's name and MAC on its own (ctx.specValue; the host name resolves
// later).
const sharedMac = pulumi.secret("52:54:00:AB:CD:E1");
const proxmoxArgs = {
  proxmoxMacClash: {
    bootstrap: bootstrapSpec({
      hostname: pulumi.output(new Promise<string>((resolve) => setImmediate(() => resolve("x")))),
      network: {
        interfaces: [
          { macAddress: sharedMac, dhcp4: true },
          { macAddress: sharedMac, dhcp4: true },
        ],
      },
    }),
    proxmox: {
      nodeName: "pve",
      snippetsDatastoreId: "local",
      clone: { vmId: 9000 },
      networkDevices: [{ bridge: "vmbr0" }, { bridge: "vmbr0" }],
    },
  },
};
// Keys of secret free-form maps, quoted by the problems they cause (a key over Nova's limit, a key the transport
// writes itself, a key the spec's metadata refuses): a secret map's keys are as secret as its values. Each platform
// map with a spec known at construction and with one known only later; the spec's metadata map as a secret field
// (one key invalid, one short key over a long value) and inside a secret whole spec, whose field names stay in the
// paths. Last, a plain map with one secret value: its key is not secret and stays in the path.
const openstack = { flavorName: "m1.small", imageName: "debian-12" };
/** A metadata key over Nova's 255 characters, told apart by `tag`. */
const novaKey = (tag: string) => `tenant-${tag}-internal-${"z".repeat(240)}`;
const vapp = { ...vsphere, transport: VsphereTransport.Vapp, clone: { templateUuid: "4217c5a0-template" } };
const knownSpec = { hostname: "k" };
const lateSpec = () => bootstrapSpec({ hostname: pulumi.output("k") });
const mapKeyArgs = {
  novaKey: {
    bootstrap: knownSpec,
    openstack: { ...openstack, metadata: pulumi.secret({ [novaKey("7f3a")]: "v" }) },
  },
  novaKeyLate: {
    bootstrap: lateSpec(),
    openstack: { ...openstack, metadata: pulumi.secret({ [novaKey("7f3b")]: "v" }) },
  },
  extraConfigKey: {
    bootstrap: knownSpec,
    vsphere: { ...vsphere, extraConfig: pulumi.secret({ "guestinfo.userdata": "x" }) },
  },
  extraConfigKeyLate: {
    bootstrap: lateSpec(),
    vsphere: { ...vsphere, extraConfig: pulumi.secret({ "guestinfo.vendordata": "x" }) },
  },
  vappKey: {
    bootstrap: knownSpec,
    vsphere: { ...vapp, vapp: { properties: pulumi.secret({ "user-data": "x" }) } },
  },
  vappKeyLate: {
    bootstrap: lateSpec(),
    vsphere: { ...vapp, vapp: { properties: pulumi.secret({ "public-keys": "x" }) } },
  },
  specMetadataKey: {
    bootstrap: bootstrapSpec({
      hostname: "k",
      metadata: pulumi.secret({ "tenant 7f3c/internal": "v", t7q: "x".repeat(300) }),
    }),
    vsphere,
  },
  wholeSpecMetadataKey: {
    bootstrap: pulumi.secret({ hostname: "k", metadata: { "tenant 7f3e/internal": "v" } }),
    vsphere,
  },
  novaKeyPlain: {
    bootstrap: knownSpec,
    openstack: { ...openstack, metadata: { [novaKey("7f3d")]: pulumi.secret("v") } },
  },
};
// Keys below the top level of a secret extraCloudConfig or vendorCloudConfig (an apt source's name, a chef
// attribute, a user entry's key), printed in the paths of the problems found in them: the user's own names,
// as secret as the values. Top-level keys (cloud-config's module names) stay. A number YAML cannot hold (NaN,
// Infinity) is the problem here (yamlValueProblems), so the message quotes no secret value of its own.
// cloudConfigKey: a secret extraCloudConfig, long, quoted and short keys; vendorKey: a secret vendorCloudConfig;
// wholeSpecCloudConfigKey: extraCloudConfig inside a secret whole spec; cloudConfigUsers: a secret users list
// whose plain password is refused (the fix text names cloud-config's own `hashed_passwd`, which stays);
// cloudConfigValue: a plain extraCloudConfig with one secret value (the keys above it stay, those inside go).
const cloudConfigKeyArgs = {
  cloudConfigKey: {
    bootstrap: bootstrapSpec({
      hostname: "k",
      extraCloudConfig: pulumi.secret({
        apt: {
          sources: {
            "corp-7f3h-mirror": { keyid: Number.NaN },
            "corp 7f3k/internal": { keyid: Number.POSITIVE_INFINITY },
            q7m: { keyid: Number.NEGATIVE_INFINITY },
          },
        },
      }),
    }),
    vsphere,
  },
  vendorKey: {
    bootstrap: bootstrapSpec({
      hostname: "k",
      vendorCloudConfig: pulumi.secret({ chef: { initial_attributes: { "tenant-7f3i-db": Number.NaN } } }),
    }),
    vsphere,
  },
  wholeSpecCloudConfigKey: {
    bootstrap: pulumi.secret({
      hostname: "k",
      extraCloudConfig: { users: [{ name: "ops", "corp-7f3j-flag": Number.NaN }] },
    }),
    vsphere,
  },
  cloudConfigUsers: {
    bootstrap: bootstrapSpec({
      hostname: "k",
      extraCloudConfig: pulumi.secret({
        users: [{ name: "deploy", lock_passwd: false, plain_text_passwd: "Needle-Plain-7f3n" }],
      }),
    }),
    vsphere,
  },
  cloudConfigValue: {
    bootstrap: bootstrapSpec({
      hostname: "k",
      extraCloudConfig: {
        apt: { sources: { "visible-mirror": pulumi.secret({ "key-7f3p-hidden": Number.NaN }) } },
      },
    }),
    vsphere,
  },
};
/** The property paths of every failure, as the engine prints them (the documents', the children's). */
const paths = new Set<string>();
const pathsOf = (err: unknown) => {
  if (pulumi.InputPropertiesError.isInstance(err)) for (const e of err.errors) paths.add(e.propertyPath);
};
process.on("unhandledRejection", pathsOf);
for (const [name, args] of [
  ...Object.entries(platformArgs),
  ...Object.entries(proxmoxArgs),
  ...Object.entries(mapKeyArgs),
  ...Object.entries(cloudConfigKeyArgs),
]) {
  const vm = new BootstrappedVm(name, args);
  (vm.userData as unknown as { promise(): Promise<string> }).promise().then(
    () => (messages[name] = "(no error)"),
    (err: unknown) => {
      pathsOf(err);
      messages[name] = String((err as Error).message);
    },
  );
}

const count = 13 + Object.keys(mapKeyArgs).length + Object.keys(cloudConfigKeyArgs).length;
printWhen(
  () => Object.keys(messages).length === count && logged.length >= count && failures.length > 0,
  () => ({ messages, paths: [...paths].sort(), failures, logged }),
);
