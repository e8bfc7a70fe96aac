/**
 * Secrets everywhere: a spec holding a plain password and a plain hash in every place a secret can go
 * (users, root, vendorCloudConfig, extraCloudConfig, a file marked secret), deployed on every platform
 * and transport. Nothing derived from them may be readable in Pulumi's state: every registered input,
 * every provider state and every component output is scanned (also inside base64 and gzip), and every
 * resource id. Files: a seed ISO must carry the guest's hashes (and whatever raw cloud-config or secret
 * file the user gave), so every file the providers write that holds them must be readable by its owner
 * only (mode 0600).
 */
import * as pulumi from "@pulumi/pulumi";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  installMocks,
  monitorStates,
  unwrapSecrets,
  valueOf,
  waitFor,
  type Registration,
} from "../component/mock-harness";
import { bytesHold, plainFindings, type Finding } from "./scan";
import type { BootstrapSpec } from "../../src/spec/types";

const recorder = installMocks("project", (args) => {
  const state: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>) };
  if (args.type === "openstack:networking/port:Port") state.macAddress ??= "fa:16:3e:00:00:01";
  return state;
});
// Imported after the mocks are installed.
import { BootstrappedVm, bootstrapSpec } from "../../src/component";
import type { BootstrappedVmArgs } from "../../src/component";
import { VsphereTransport } from "../../src/platforms/vsphere/args";
import { hashPassword } from "../../src/render/password";
import { seedIsoProvider } from "../../src/seed-image/provider";
import { SeedImageFormat, type SeedIsoInputs } from "../../src/seed-image/types";

const PASSWORD = "Plain-Pa55word-Needle";
const HASH = hashPassword("another-secret", "svc");
/** The plain password, the plain hash, and the hashes the renderer derives from the password. */
const NEEDLES = [PASSWORD, HASH, hashPassword(PASSWORD, "ops"), hashPassword(PASSWORD, "root")];

/**
 * A MAC no other component of this program has: the components share one program, and a spec MAC two
 * Proxmox VMs of one program both take is refused (docs/proxmox.md, "Network and MACs").
 */
let macs = 0x10;
const nextMac = (): string =>
  `52:54:00:00:${(macs++)
    .toString(16)
    .padStart(4, "0")
    .replace(/(..)(..)/, "$1:$2")}`;

/** The spec; `wrap` turns each secret value into an Input (itself, or `pulumi.secret(value)`). */
function secretSpec(wrap: (v: string) => string): BootstrapSpec {
  return bootstrapSpec({
    hostname: "vault-01",
    users: [
      { name: "ops", password: wrap(PASSWORD) },
      { name: "svc", passwordHash: wrap(HASH) },
    ],
    rootPassword: wrap(PASSWORD),
    vendorCloudConfig: {
      chpasswd: {
        expire: false,
        users: [
          { name: "vendor", password: wrap(HASH), type: "hash" },
          { name: "vendor2", password: wrap(HASH) },
        ],
      },
    },
    extraCloudConfig: {
      users: [{ name: "extra", hashed_passwd: wrap(HASH), lock_passwd: false }],
      chpasswd: { users: [{ name: "extra2", password: wrap(HASH) }] },
    },
    files: [
      {
        path: "/etc/app/secret.conf",
        content: pulumi.interpolate`password=${wrap(PASSWORD)}\nhash=${wrap(HASH)}\n` as unknown as string,
        secret: true,
      },
    ],
    network: {
      interfaces: [{ addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1", macAddress: nextMac() }],
    },
  });
}

const vsphereBase = { resourcePoolId: "rp", datastoreId: "ds", networkInterfaces: [{ networkId: "net" }] };

/** Every platform and transport, with its local files under `dir`. */
function platforms(dir: string): [string, Omit<BootstrappedVmArgs, "bootstrap">][] {
  return [
    ["guestinfo", { vsphere: vsphereBase }],
    ["vapp", { vsphere: { ...vsphereBase, transport: VsphereTransport.Vapp, clone: { templateUuid: "t" } } }],
    [
      "nocloudiso",
      {
        vsphere: {
          ...vsphereBase,
          transport: VsphereTransport.NocloudIso,
          nocloudIso: {
            datacenter: "dc1",
            datastore: "ds-iso",
            localPath: join(dir, "vsphere-seed.iso"),
            pathKey: pulumi.secret("a-path-key-of-32-characters-0000"),
          },
        },
      },
    ],
    [
      "openstack",
      { openstack: { flavorName: "m1", imageName: "img", networks: [{ networkId: "n", subnetId: "s" }] } },
    ],
    [
      "proxmox",
      {
        proxmox: {
          nodeName: "pve",
          snippetsDatastoreId: "local",
          clone: { vmId: 9000 },
          networkDevices: [{ bridge: "vmbr0" }],
        },
      },
    ],
    ["nocloud", { seedImage: { path: join(dir, "nocloud.iso") } }],
    ["configdrive", { seedImage: { format: SeedImageFormat.ConfigDrive, path: join(dir, "config-2.iso") } }],
  ];
}

/** The last child each platform registers (it depends on the others): the resource carrying the documents. */
const CARRIER: Record<string, string> = {
  guestinfo: "vm",
  vapp: "vm",
  nocloudiso: "vm",
  openstack: "instance",
  nocloud: "seed",
  configdrive: "seed",
};

/**
 * Waits (on a condition, not a fixed sleep) until the outputs of these components, named `${prefix}<platform>`,
 * reached the monitor, and their review records and the children carrying the documents were registered.
 */
async function allOutputsRegistered(prefix: string, vms: readonly BootstrappedVm[]): Promise<void> {
  for (const vm of vms) await valueOf(vm.deliveredTo);
  const expected = Object.entries(CARRIER).flatMap(([p, carrier]) => [
    `${prefix}${p}-${carrier}`,
    `${prefix}${p}-cloud-init`,
  ]);
  const outputs = () =>
    monitorStates().filter((s) => s.urn.includes(`BootstrappedVm::${prefix}`) && "deliveredTo" in s.state)
      .length;
  const names = () => new Set(monitorStates().map((s) => s.urn.split("::").pop()));
  await waitFor(
    () => outputs() >= vms.length && expected.every((n) => names().has(n)),
    `the outputs and children of ${vms.length} components`,
  );
}

/**
 * Findings in the inputs, the monitor state (provider state, component outputs) and the id of every
 * resource whose name starts with `prefix` (the components of one test and their children).
 */
function stateFindings(prefix: string, needles: readonly string[]): Finding[] {
  const mine = recorder.registrations.filter((r) => r.name.startsWith(prefix));
  const inputs = mine.flatMap((r) => plainFindings(r.inputs, needles, `${r.name} inputs`));
  const states = monitorStates()
    .map(({ urn, state }) => ({ name: urn.split("::").pop() ?? urn, state }))
    .filter(({ name }) => name.startsWith(prefix))
    .flatMap(({ name, state }) => plainFindings(state, needles, `${name} state`));
  const ids = mine.flatMap((r) => plainFindings(`${r.name}-id`, needles, `${r.name} id`));
  return [...inputs, ...states, ...ids];
}

/** Runs the seed-image provider's `create` on these registered seed ISOs, as `pulumi up` would. */
async function writeSeedIsos(registrations: readonly Registration[]): Promise<void> {
  for (const reg of registrations) {
    const inputs = unwrapSecrets(reg.inputs) as SeedIsoInputs & Record<string, unknown>;
    const { path, format, files, fileMode } = inputs;
    await seedIsoProvider.create!({ path, format, files, ...(fileMode !== undefined ? { fileMode } : {}) });
  }
}

let dir: string;
beforeEach(() => {
  recorder.clear();
  dir = mkdtempSync(join(tmpdir(), "bvm-secrets-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ["plain values", "p", (v: string) => v],
  ["secret Inputs", "s", (v: string) => pulumi.secret(v) as unknown as string],
])("a spec holding a password and a hash everywhere (%s)", (_label, prefix, wrap) => {
  it("leaves neither readable in any input, output or id of any resource on any platform", async () => {
    const vms = platforms(dir).map(
      ([name, args]) =>
        new BootstrappedVm(`${prefix}-state-${name}`, { bootstrap: secretSpec(wrap), ...args }),
    );
    await allOutputsRegistered(`${prefix}-state-`, vms);
    expect(stateFindings(`${prefix}-state-`, NEEDLES)).toEqual([]);
  });

  it("writes every seed ISO that holds them readable by its owner only (0600)", async () => {
    for (const [name, args] of platforms(dir)) {
      new BootstrappedVm(`${prefix}-file-${name}`, { bootstrap: secretSpec(wrap), ...args });
    }
    const seeds = () => seedRegistrations(`${prefix}-file-`);
    await waitFor(() => seeds().length >= 3, "three seed ISO registrations");
    expect(seeds()).toHaveLength(3);
    await writeSeedIsos(seeds());
    const written = readdirSync(dir).map((f) => join(dir, f));
    expect(written).toHaveLength(3);
    for (const file of written) {
      const bytes = readFileSync(file);
      expect({ file, holdsHash: NEEDLES.some((n) => bytesHold(bytes, n)) }).toEqual({
        file,
        holdsHash: true,
      });
      expect({ file, mode: (statSync(file).mode & 0o777).toString(8) }).toEqual({ file, mode: "600" });
    }
  });
});

/** The seed ISOs registered by components whose names start with `prefix`. */
function seedRegistrations(prefix: string): Registration[] {
  return recorder.registrations.filter((r) => r.type.includes("SeedIso") && r.name.startsWith(prefix));
}

describe("a secret network address", () => {
  it("stays secret in every resource, the OpenStack ports' fixed IPs included", async () => {
    const address = "192.0.2.77";
    const vms = platforms(dir).map(
      ([name, args]) =>
        new BootstrappedVm(`a-${name}`, {
          bootstrap: bootstrapSpec({
            hostname: "addr-01",
            network: {
              interfaces: [
                {
                  addresses: [pulumi.secret(`${address}/24`)],
                  gateway4: "192.0.2.1",
                  macAddress: "52:54:00:00:00:77",
                },
              ],
            },
          }),
          ...args,
        }),
    );
    await allOutputsRegistered("a-", vms);
    expect(stateFindings("a-", [address])).toEqual([]);
  });
});

describe("a secret nested inside a Promise or inside the value an Output gives", () => {
  // `pulumi.output` looks into both, and so must the component (before: it saw no secret there, and every
  // document derived from it was plain).
  const NESTED = "Nested-Secret-Needle";
  // A network for Proxmox (which needs one), with a MAC no other component of the program has.
  const dhcp = () => ({ interfaces: [{ dhcp4: true, macAddress: nextMac() }] });
  const cases: [string, () => BootstrapSpec][] = [
    [
      "runcmd from a Promise",
      () =>
        bootstrapSpec({
          hostname: "n-01",
          network: dhcp(),
          runcmd: Promise.resolve([pulumi.secret(`echo ${NESTED}`)]),
        }),
    ],
    [
      "runcmd from an apply",
      () =>
        bootstrapSpec({
          hostname: "n-01",
          network: dhcp(),
          runcmd: pulumi.output("x").apply(() => [pulumi.secret(`echo ${NESTED}`)]),
        }),
    ],
    [
      "a host name from a Promise",
      () =>
        bootstrapSpec({
          // Beyond the types (JavaScript, or a cast): a Promise of a secret Output.
          hostname: Promise.resolve(pulumi.secret("nested-secret-needle")) as unknown as string,
          network: dhcp(),
        }),
    ],
    [
      "an address from a Promise",
      () =>
        bootstrapSpec({
          hostname: "n-01",
          network: Promise.resolve({
            interfaces: [
              { addresses: [pulumi.secret("192.0.2.88/24")], gateway4: "192.0.2.1", macAddress: nextMac() },
            ],
          }),
        }),
    ],
  ];
  it.each(cases)("%s stays secret in every resource on every platform", async (label, spec) => {
    const prefix = `nest-${cases.findIndex(([l]) => l === label)}-`;
    const vms = platforms(dir).map(
      ([name, args]) => new BootstrappedVm(`${prefix}${name}`, { bootstrap: spec(), ...args }),
    );
    await allOutputsRegistered(prefix, vms);
    expect(stateFindings(prefix, [NESTED, "nested-secret-needle", "192.0.2.88"])).toEqual([]);
  });
});
