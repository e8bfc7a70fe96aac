import * as pulumi from "@pulumi/pulumi";
import { gunzipSync } from "node:zlib";
import {
  containsRpcSecret,
  drained,
  isRpcSecret,
  settle,
  unwrapSecrets,
  valueOf,
} from "../component/mock-harness";
import { installOpenstackMocks, neutronMac } from "./mocks";
import type { BootstrapSpec } from "../../src/spec/types";

const recorder = installOpenstackMocks();
// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component/bootstrapped-vm";
import { OnChange } from "../../src/component/args";
import { renderAll } from "../../src/render/render-all";
import { thrownInputPropertiesError as thrown } from "../helpers/input-properties-error";
import { type Logged, runScenario } from "../component/scenario-runner";

const PORT = "openstack:networking/port:Port";
const SERVER = "openstack:compute/instance:Instance";

function staticSpec(extra: Partial<BootstrapSpec> = {}): BootstrapSpec {
  return {
    hostname: "web-01",
    runcmd: ["echo up"],
    network: {
      interfaces: [
        {
          addresses: ["192.0.2.10/24", "2001:db8:10::10/64"],
          gateway4: "192.0.2.1",
          gateway6: "2001:db8:10::1",
        },
      ],
    },
    ...extra,
  };
}

const server = {
  flavorName: "m1.small",
  imageName: "debian-12",
  keyPair: "ops",
  availabilityZone: "az-1",
  securityGroups: ["default"],
};
const net0 = { networkId: "net-a", subnetId: "subnet-a4", ipv6SubnetId: "subnet-a6" };

beforeEach(() => recorder.clear());

describe("openstack platform: static addresses without DHCP", () => {
  it("creates a port with the spec's IPv4 and IPv6 addresses as fixed IPs and attaches the server to it", async () => {
    const vm = new BootstrappedVm("web", {
      bootstrap: staticSpec(),
      openstack: { ...server, networks: [net0] },
    });
    await valueOf(vm.deliveredTo);
    await settle();
    expect(recorder.byType(PORT)).toEqual([
      {
        type: PORT,
        name: "web-port-0",
        custom: true,
        inputs: {
          networkId: "net-a",
          fixedIps: [
            { subnetId: "subnet-a4", ipAddress: "192.0.2.10" },
            { subnetId: "subnet-a6", ipAddress: "2001:db8:10::10" },
          ],
        },
      },
    ]);
    const docs = renderAll(staticSpec(), { assignedMacAddresses: [neutronMac("web-port-0")] });
    const inst = recorder.byName("web-instance");
    expect(inst.type).toBe(SERVER);
    expect(inst.inputs).toEqual({
      name: "web",
      configDrive: true,
      userData: docs.userData,
      metadata: { "bootstrapped-vm-content-hash": docs.contentHash },
      networks: [{ port: "web-port-0-id" }],
      // The ports outlive the server: detached before it is deleted (see the replacement-order tests).
      vendorOptions: { detachPortsBeforeDestroy: true },
      ...server,
    });
    expect(await valueOf(vm.contentHash)).toBe(docs.contentHash);
    expect(await valueOf(vm.networkConfig)).toContain(`macaddress: ${neutronMac("web-port-0")}`);
    expect(await valueOf(vm.deliveredTo)).toBe(
      'OpenStack server web: config drive (openstack/latest/user_data; meta_data.json meta["bootstrapped-vm-content-hash"]); network_data.json written by Nova from 1 port(s)',
    );
  });

  it("keeps the spec's MAC on the port and orders several ports like the interfaces (a DHCP one without fixed IPs)", async () => {
    const spec: BootstrapSpec = {
      hostname: "two-nics",
      network: {
        interfaces: [
          { macAddress: "fa:16:3e:00:00:01", addresses: ["192.0.2.11/24"] },
          { name: "eth1", dhcp4: true },
        ],
      },
    };
    const vm = new BootstrappedVm("two", {
      bootstrap: spec,
      openstack: {
        flavorId: "flavor-1",
        imageId: "image-1",
        networks: [
          { networkId: "net-a", subnetId: "subnet-a4", securityGroupIds: ["sg-1"] },
          { networkId: "net-b", portSecurityEnabled: false },
        ],
      },
    });
    await valueOf(vm.deliveredTo);
    await settle();
    const ports = [...recorder.byType(PORT)].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(ports).toEqual([
      {
        type: PORT,
        name: "two-port-0",
        custom: true,
        inputs: {
          networkId: "net-a",
          fixedIps: [{ subnetId: "subnet-a4", ipAddress: "192.0.2.11" }],
          macAddress: "fa:16:3e:00:00:01",
          securityGroupIds: ["sg-1"],
        },
      },
      {
        type: PORT,
        name: "two-port-1",
        custom: true,
        inputs: { networkId: "net-b", portSecurityEnabled: false },
      },
    ]);
    expect(recorder.byName("two-instance").inputs.networks).toEqual([
      { port: "two-port-0-id" },
      { port: "two-port-1-id" },
    ]);
  });

  it("attaches no ports when no networks are given and the spec has no network", async () => {
    const vm = new BootstrappedVm("nonet", { bootstrap: { hostname: "nonet" }, openstack: server });
    await valueOf(vm.deliveredTo);
    await settle();
    expect(recorder.byType(PORT)).toEqual([]);
    expect(recorder.byName("nonet-instance").inputs.networks).toBeUndefined();
    expect(recorder.byName("nonet-instance").inputs.configDrive).toBe(true);
  });
});

describe("openstack platform: user-data and metadata", () => {
  it("makes user-data and the metadata (it carries the content hash) secret when user-data holds a password hash, and only then", async () => {
    new BootstrappedVm("pw", {
      bootstrap: { ...staticSpec(), users: [{ name: "ops", password: "s3cret-pass" }] },
      openstack: { ...server, networks: [net0] },
    });
    new BootstrappedVm("nopw", { bootstrap: staticSpec(), openstack: { ...server, networks: [net0] } });
    await drained();
    const secret = recorder.byName("pw-instance").inputs;
    expect(isRpcSecret(secret.userData)).toBe(true);
    expect(unwrapSecrets(secret.userData)).toMatch(/\bhashed_passwd: \$6\$/);
    expect(isRpcSecret(secret.metadata)).toBe(true);
    const hash = (unwrapSecrets(secret.metadata) as Record<string, string>)["bootstrapped-vm-content-hash"];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(containsRpcSecret(recorder.byName("nopw-instance").inputs)).toBe(false);
  });

  it("sends gzip-compressed user-data as the base64 of the gzip bytes when the spec asks for it", async () => {
    const spec = staticSpec({ userDataCompression: "gzip" as BootstrapSpec["userDataCompression"] });
    new BootstrappedVm("gz", { bootstrap: spec, openstack: { ...server, networks: [net0] } });
    await drained();
    const userData = recorder.byName("gz-instance").inputs.userData as string;
    const bytes = Buffer.from(userData, "base64");
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gunzipSync(bytes).toString("utf8")).toBe(
      renderAll(spec, { assignedMacAddresses: [neutronMac("gz-port-0")] }).userData,
    );
  });

  it("merges the spec's metadata, the platform's metadata and the content hash, keys sorted", async () => {
    const spec = staticSpec({ metadata: { role: "web" } });
    new BootstrappedVm("md", {
      bootstrap: spec,
      openstack: { ...server, networks: [net0], metadata: { team: "platform" } },
    });
    await drained();
    const hash = renderAll(spec, { assignedMacAddresses: [neutronMac("md-port-0")] }).contentHash;
    expect(recorder.byName("md-instance").inputs.metadata).toEqual({
      "bootstrapped-vm-content-hash": hash,
      role: "web",
      team: "platform",
    });
  });
});

describe("openstack platform: errors at preview, with property paths", () => {
  it("requires a subnet for each family of static addresses", () => {
    const err = thrown(
      () =>
        new BootstrappedVm("nosub", {
          bootstrap: staticSpec(),
          openstack: { ...server, networks: [{ networkId: "net-a" }] },
        }),
    );
    expect(err.errors?.map((e) => e.propertyPath)).toEqual([
      "openstack.networks[0].subnetId",
      "openstack.networks[0].ipv6SubnetId",
    ]);
    expect(err.message).toContain(
      'openstack.networks[0].subnetId: bootstrap.network.interfaces[0] has the static IPv4 address "192.0.2.10/24": name the Neutron IPv4 subnet (with DHCP disabled)',
    );
    expect(recorder.registrations.filter((r) => r.type !== "bootstrapped-vm:index:BootstrappedVm")).toEqual(
      [],
    );
  });

  it("rejects two static addresses of one family on one interface, which Nova could not deliver", () => {
    const spec = staticSpec();
    spec.network!.interfaces[0]!.addresses = ["192.0.2.10/24", "192.0.2.11/24", "2001:db8:10::10/64"];
    const err = thrown(
      () => new BootstrappedVm("two4", { bootstrap: spec, openstack: { ...server, networks: [net0] } }),
    );
    expect(err.errors?.map((e) => e.propertyPath)).toEqual(["bootstrap.network.interfaces[0].addresses"]);
    expect(err.message).toContain("Nova writes one address per family and port into network_data.json");
  });

  it("requires one networks entry per spec interface", () => {
    const err = thrown(() => new BootstrappedVm("count", { bootstrap: staticSpec(), openstack: server }));
    expect(err.errors?.map((e) => e.propertyPath)).toEqual(["openstack.networks"]);
  });

  it("rejects user-data beyond Nova's 65535 bytes of base64, suggesting gzip", () => {
    const big = { path: "/opt/blob.txt", content: "x".repeat(60000) };
    const err = thrown(
      () =>
        new BootstrappedVm("big", {
          bootstrap: staticSpec({ files: [big] }),
          openstack: { ...server, networks: [net0] },
        }),
    );
    expect(err.errors?.map((e) => e.propertyPath)).toEqual(["bootstrap"]);
    expect(err.message).toMatch(
      /user-data is \d+ bytes after base64; Nova accepts at most 65535 .*userDataCompression: gzip/,
    );
  });

  it("accepts the same large but compressible user-data once gzip-compressed", async () => {
    const big = { path: "/opt/blob.txt", content: "x".repeat(60000) };
    const vm = new BootstrappedVm("biggz", {
      bootstrap: staticSpec({
        files: [big],
        userDataCompression: "gzip" as BootstrapSpec["userDataCompression"],
      }),
      openstack: { ...server, networks: [net0] },
    });
    await valueOf(vm.deliveredTo);
    await settle();
    expect((recorder.byName("biggz-instance").inputs.userData as string).length).toBeLessThan(65535);
  });

  it("requires exactly one flavor and an image or block devices", () => {
    const both = thrown(
      () =>
        new BootstrappedVm("f2", {
          bootstrap: { hostname: "f2" },
          openstack: { flavorName: "a", flavorId: "b", imageName: "i" },
        }),
    );
    expect(both.errors?.map((e) => [e.propertyPath, e.reason])).toEqual([
      ["openstack.flavorId", "Only one of `flavorName` or `flavorId` can be set."],
    ]);
    const none = thrown(() => new BootstrappedVm("f0", { bootstrap: { hostname: "f0" }, openstack: {} }));
    expect(none.errors?.map((e) => e.propertyPath)).toEqual(["openstack.flavorName", "openstack.imageName"]);
  });

  it("rejects platform metadata that collides with the spec's or the content-hash key", () => {
    const err = thrown(
      () =>
        new BootstrappedVm("coll", {
          bootstrap: { hostname: "coll", metadata: { role: "web" } },
          openstack: { ...server, metadata: { role: "db", "bootstrapped-vm-content-hash": "x" } },
        }),
    );
    expect(err.errors?.map((e) => e.propertyPath)).toEqual([
      'openstack.metadata["role"]',
      'openstack.metadata["bootstrapped-vm-content-hash"]',
    ]);
  });
});

describe("openstack platform: onChange", () => {
  function serverOptions(
    onChange: OnChange | undefined,
    bootstrap: BootstrapSpec = staticSpec(),
    name = `oc-${onChange ?? "default"}`,
  ): Promise<pulumi.CustomResourceOptions> {
    return new Promise((resolve) => {
      new BootstrappedVm(
        name,
        { bootstrap, onChange, openstack: { ...server, networks: [net0] } },
        {
          transformations: [
            (a) => {
              if (a.type === SERVER) resolve(a.opts as pulumi.CustomResourceOptions);
              return undefined;
            },
          ],
        },
      );
    });
  }

  it("replaces the server when the content hash changes under `replace`", async () => {
    expect((await serverOptions(OnChange.Replace)).replaceOnChanges).toEqual([
      'metadata["bootstrapped-vm-content-hash"]',
    ]);
  });

  it("keeps replacing on the content-hash key when the metadata is a secret (a password in the spec)", async () => {
    const withPassword = staticSpec({ users: [{ name: "ops", password: "s3cret-pass" }] });
    expect((await serverOptions(OnChange.Replace, withPassword, "oc-secret")).replaceOnChanges).toEqual([
      'metadata["bootstrapped-vm-content-hash"]',
    ]);
    await settle();
    expect(isRpcSecret(recorder.byName("oc-secret-instance").inputs.metadata)).toBe(true);
  });

  it("leaves metadata-only changes as in-place updates under `rerun` (the default)", async () => {
    expect((await serverOptions(undefined)).replaceOnChanges).toBeUndefined();
  });
});

describe("openstack platform: a spec known only during the deployment", () => {
  // Run apart: Pulumi's runtime reports the failed child registrations as unhandled rejections.
  type Outcome = { registered: string[]; failures: string[]; logged: Logged };
  let outcome: Outcome | undefined;
  const result = () => (outcome ??= runScenario("async-openstack-late-spec") as Outcome);

  it("refuses a bridge when the spec resolves, registering neither the port nor the server", () => {
    const { registered, failures } = result();
    expect(registered).toContain("late-br");
    expect(registered).not.toContain("late-br-port-0");
    expect(registered).not.toContain("late-br-instance");
    expect(failures.join("\n")).toContain(
      "bootstrap.network.bridges[0]: network_data.json has no bridge link (Nova's doc/api_schemas/network_data.json); remove the bridge, or configure it from a NoCloud seed",
    );
  });

  it("refuses an invalid address when it resolves, registering no port with it", () => {
    const { registered, failures } = result();
    expect(registered).not.toContain("late-ip-port-0");
    expect(registered).not.toContain("late-ip-instance");
    expect(failures.join("\n")).toContain(
      'bootstrap.network.interfaces[0].addresses[0]: "10.0.0.300/24" is not an IPv4 or IPv6 address in CIDR form',
    );
  });

  it("refuses user-data over Nova's limit when the spec resolves, registering no port (before: the port was created)", () => {
    const { registered, failures } = result();
    expect(registered).toContain("late-big");
    expect(registered).not.toContain("late-big-port-0");
    expect(registered).not.toContain("late-big-instance");
    expect(failures.join("\n")).toMatch(
      /bootstrap: user-data is \d+ bytes after base64; Nova accepts at most 65535/,
    );
  });

  it("refuses platform metadata known only later that collides with the spec's, registering no port", () => {
    const { registered, failures } = result();
    expect(registered).not.toContain("late-meta-port-0");
    expect(registered).not.toContain("late-meta-instance");
    expect(failures.join("\n")).toContain(
      'openstack.metadata["role"]: `role` is also in the spec\'s `metadata`; set it in one place.',
    );
  });

  it("logs each component's failure once against it", () => {
    // In the order the values resolve: sorted by component.
    const logged = [...result().logged].sort((a, b) => (a.resource ?? "").localeCompare(b.resource ?? ""));
    expect(logged).toEqual([
      { resource: "late-big", message: expect.stringContaining("\n  bootstrap: user-data is ") },
      { resource: "late-br", message: expect.stringContaining("\n  bootstrap.network.bridges[0]: ") },
      {
        resource: "late-ip",
        message: expect.stringContaining("\n  bootstrap.network.interfaces[0].addresses[0]: "),
      },
      { resource: "late-meta", message: expect.stringContaining('\n  openstack.metadata["role"]: ') },
    ]);
  });
});
