import * as pulumi from "@pulumi/pulumi";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { containsRpcSecret, installMocks, settle, unwrapSecrets, valueOf } from "../component/mock-harness";
import { configDriveSeedIsoInputs, noCloudSeedIsoInputs } from "../../src/seed-image/inputs";
import { plainSpec, sampleSpec } from "./sample-spec";
import { thrownInputPropertiesError } from "../helpers/input-properties-error";
import { runScenario } from "../component/scenario-runner";

const recorder = installMocks();
// Imported after the mocks are installed.
import { ConfigDriveSeedIso, NoCloudSeedIso } from "../../src/seed-image/resources";
import { pluginSeedIsoWriter } from "../../src/seed-image/seed-iso-file";
import { BondMode } from "../../src/spec/network-types";
import type { BootstrapSpec } from "../../src/spec/types";

const MAC = "52:54:00:aa:bb:01";
let dir: string;
beforeEach(() => {
  recorder.clear();
  dir = mkdtempSync(join(tmpdir(), "seed-iso-mocks-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("NoCloudSeedIso", () => {
  it("registers a dynamic resource whose inputs are the rendered NoCloud documents, secret when they hold a password", async () => {
    const path = join(dir, "nocloud.iso");
    const iso = new NoCloudSeedIso("web", { path, bootstrap: sampleSpec() });
    expect(await valueOf(iso.path)).toBe(path);
    await settle();
    const reg = recorder.byName("web");
    expect(reg.type).toBe("pulumi-nodejs:dynamic/bootstrapped-vm:NoCloudSeedIso");
    expect(reg.inputs.path).toBe(path);
    expect(reg.inputs.format).toBe("nocloud");
    expect(containsRpcSecret(reg.inputs.files)).toBe(true);
    expect(unwrapSecrets(reg.inputs.files)).toEqual(noCloudSeedIsoInputs(sampleSpec(), { path }).files);
    expect(typeof reg.inputs.__provider).toBe("string");
    expect(existsSync(path)).toBe(false); // only `pulumi up` writes; mocks (like preview) never call create
  });

  it("keeps the documents readable when the spec holds no secret, and resolves Inputs nested in the spec", async () => {
    const path = join(dir, "plain.iso");
    const spec = plainSpec();
    const hostname = pulumi.output(Promise.resolve("late-01"));
    new NoCloudSeedIso("plain", {
      path,
      bootstrap: pulumi.output({ ...spec, hostname }),
      assignedMacAddresses: [pulumi.output(MAC)],
    });
    await settle();
    const reg = recorder.byName("plain");
    expect(containsRpcSecret(reg.inputs.files)).toBe(false);
    expect(reg.inputs.files).toEqual(
      noCloudSeedIsoInputs({ ...spec, hostname: "late-01" }, { path, assignedMacAddresses: [MAC] }).files,
    );
  });
});

describe("seed ISO digests", () => {
  /** The resource's options as registered (through a transformation on the resource itself). */
  function created(
    name: string,
    bootstrap: pulumi.Input<import("../../src/spec/types").BootstrapSpec>,
  ): { iso: InstanceType<typeof NoCloudSeedIso>; opts: Promise<pulumi.CustomResourceOptions> } {
    let resolveOpts: (o: pulumi.CustomResourceOptions) => void = () => undefined;
    const opts = new Promise<pulumi.CustomResourceOptions>((r) => (resolveOpts = r));
    const iso = new NoCloudSeedIso(
      name,
      { path: join(dir, `${name}.iso`), bootstrap, assignedMacAddresses: [MAC] },
      {
        transformations: [
          (a) => {
            resolveOpts(a.opts as pulumi.CustomResourceOptions);
            return undefined;
          },
        ],
      },
    );
    return { iso, opts };
  }

  it("marks sha256 and documentsHash secret, in state and in the program, when the documents hold a password; path and size stay readable", async () => {
    const { iso, opts } = created("secret-digests", sampleSpec());
    expect((await opts).additionalSecretOutputs).toEqual(["sha256", "documentsHash"]);
    expect(await pulumi.isSecret(iso.sha256)).toBe(true);
    expect(await pulumi.isSecret(iso.documentsHash)).toBe(true);
    expect(await pulumi.isSecret(iso.path)).toBe(false);
    expect(await pulumi.isSecret(iso.size)).toBe(false);
  });

  it("marks the digests secret in state and in the program when a spec given as an Output holds a password", async () => {
    const { iso, opts } = created("late-secret", pulumi.output(sampleSpec()));
    expect((await opts).additionalSecretOutputs).toEqual(["sha256", "documentsHash"]);
    expect(await pulumi.isSecret(iso.sha256)).toBe(true);
    expect(await pulumi.isSecret(iso.path)).toBe(false);
  });

  it("stores the digests encrypted whenever the spec is still an Output at construction (secrets not known yet)", async () => {
    const { iso, opts } = created("late-plain", pulumi.output(plainSpec()));
    // Resource options cannot wait for the spec: the engine keeps the digests encrypted in any case.
    expect((await opts).additionalSecretOutputs).toEqual(["sha256", "documentsHash"]);
    expect(await pulumi.isSecret(iso.path)).toBe(false);
  });

  it("keeps every output readable when the spec holds no secret", async () => {
    const { iso, opts } = created("plain-digests", plainSpec());
    expect((await opts).additionalSecretOutputs).toBeUndefined();
    for (const out of [iso.sha256, iso.documentsHash, iso.path, iso.size] as pulumi.Output<unknown>[]) {
      expect(await pulumi.isSecret(out)).toBe(false);
    }
  });
});

describe("seed ISO resources with an invalid spec", () => {
  it("throw one InputPropertiesError listing every problem under bootstrap., before registering anything", async () => {
    const bootstrap = { hostname: "bad_host!", network: { interfaces: [{ addresses: ["10.0.0.300/24"] }] } };
    let error: unknown;
    try {
      new NoCloudSeedIso("bad", { path: join(dir, "bad.iso"), bootstrap });
    } catch (err) {
      error = err;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors?.map((e) => e.propertyPath)).toEqual([
      "bootstrap.hostname",
      "bootstrap.network.interfaces[0].addresses[0]",
    ]);
    expect(() => new ConfigDriveSeedIso("bad2", { path: join(dir, "bad2.iso"), bootstrap })).toThrow(
      /bootstrap\.hostname: /,
    );
    // Registrations reach the mocks later: wait for them before checking that none came.
    await settle();
    expect(recorder.registrations).toEqual([]);
  });

  it("throw an InputPropertiesError naming the interface when a position-matched interface gets no MAC address", () => {
    let error: unknown;
    try {
      new NoCloudSeedIso("nomac", { path: join(dir, "x.iso"), bootstrap: plainSpec() });
    } catch (err) {
      error = err;
    }
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertiesError).errors?.map((e) => [e.propertyPath, e.reason])).toEqual([
      [
        "bootstrap.network.interfaces[0]",
        "has neither `name` nor `macAddress`, and the platform assigned no MAC address for NIC 0; set " +
          "`macAddress` (or `name`) on the interface, or give the MAC of the VM's NIC 0 in `assignedMacAddresses[0]`",
      ],
    ]);
  });
});

describe("seed ISO resources' errors", () => {
  const bad = { hostname: "bad_host!" };
  const bridged = {
    hostname: "br-01",
    network: {
      interfaces: [{ name: "eth0", macAddress: "52:54:00:00:00:01" }],
      bridges: [{ name: "br0", interfaces: ["eth0"], dhcp4: true }],
    },
  };
  const heading = (fn: () => unknown) => thrownInputPropertiesError(fn).message.split("\n")[0];

  it("are headed with the resource's own name, for spec problems, render problems and a missing spec", async () => {
    const path = join(dir, "h.iso");
    expect(heading(() => new NoCloudSeedIso("h1", { path, bootstrap: bad }))).toBe(
      "Invalid NoCloudSeedIso arguments:",
    );
    expect(heading(() => new NoCloudSeedIso("h2", { path, bootstrap: plainSpec() }))).toBe(
      "Invalid NoCloudSeedIso arguments:",
    );
    expect(heading(() => new ConfigDriveSeedIso("h3", { path, bootstrap: bad }))).toBe(
      "Invalid ConfigDriveSeedIso arguments:",
    );
    expect(heading(() => new ConfigDriveSeedIso("h4", { path, bootstrap: bridged }))).toBe(
      "Invalid ConfigDriveSeedIso arguments:",
    );
    expect(
      heading(() => new ConfigDriveSeedIso("h5", { path, bootstrap: undefined as unknown as BootstrapSpec })),
    ).toBe("Invalid ConfigDriveSeedIso arguments:");
    // Registrations reach the mocks later: wait for them before checking that none came.
    await settle();
    expect(recorder.registrations).toEqual([]);
  });

  it("are headed BootstrappedVm inside the provider plugin, where the component's arguments were given", () => {
    const path = join(dir, "p.iso");
    expect(heading(() => pluginSeedIsoWriter.noCloud("p1", { path, bootstrap: bad }))).toBe(
      "Invalid BootstrappedVm arguments:",
    );
    expect(heading(() => pluginSeedIsoWriter.configDrive("p2", { path, bootstrap: bridged }))).toBe(
      "Invalid BootstrappedVm arguments:",
    );
  });

  it("leave the values of secret Inputs, the keys of a secret metadata map and those below secret cloud-config's top level out when found once the spec resolves, still naming the property", () => {
    // In a separate process: the failure reaches Pulumi's runtime as an unhandled rejection (scenario-runner.ts).
    const result = runScenario("async-seed-iso-secrets") as {
      registered: string[];
      failures: { inputProperties: boolean; message: string; paths: string[]; reasons: string[] }[];
      logged: { message: string }[];
    };
    expect(result.registered).toEqual([]);
    const heading = (subject: string) =>
      new RegExp(`^(error serializing property "files": )?Invalid ${subject} arguments:\\n`);
    expect(result.failures).toEqual([
      {
        inputProperties: true,
        message: expect.stringMatching(heading("ConfigDriveSeedIso")),
        paths: ["bootstrap.hostname"],
        reasons: [expect.stringMatching(/^"<secret>" is not an RFC 1123 host name/)],
      },
      {
        inputProperties: true,
        message: expect.stringMatching(heading("ConfigDriveSeedIso")),
        paths: ["bootstrap.vendorCloudConfig.chef.<secret>.<secret>"],
        reasons: ["NaN is not a cloud-config value (YAML would get `.nan`); give a finite number"],
      },
      {
        inputProperties: true,
        message: expect.stringMatching(heading("ConfigDriveSeedIso")),
        paths: ["legacyNetworkFile"],
        reasons: [expect.stringContaining('(bootstrap.cloudInit.minVersion is "<secret>")')],
      },
      {
        inputProperties: true,
        message: expect.stringMatching(heading("NoCloudSeedIso")),
        paths: ["bootstrap.extraCloudConfig.apt.<secret>.<secret>.<secret>"],
        reasons: ["NaN is not a cloud-config value (YAML would get `.nan`); give a finite number"],
      },
      {
        inputProperties: true,
        message: expect.stringMatching(heading("NoCloudSeedIso")),
        paths: ["bootstrap.hostname"],
        reasons: [expect.stringMatching(/^"<secret>" is not an RFC 1123 host name/)],
      },
      {
        inputProperties: true,
        message: expect.stringMatching(heading("NoCloudSeedIso")),
        paths: ['bootstrap.metadata["<secret>"]', "bootstrap.metadata.<secret>"],
        reasons: [
          expect.stringMatching(/^key must be 1-255 letters/),
          "value is 300 characters; OpenStack metadata allows at most 255",
        ],
      },
      {
        inputProperties: true,
        message: expect.stringMatching(heading("NoCloudSeedIso")),
        paths: ["bootstrap.network.interfaces[0].addresses[0]"],
        reasons: [expect.stringMatching(/^"<secret>" is not an IPv4 or IPv6 address in CIDR form/)],
      },
    ]);
    expect(result.logged).toHaveLength(7);
    const everything = JSON.stringify(result);
    for (const needle of [
      "Needle_Host",
      "203.0.113.999",
      "Needle_Drive",
      "25.1",
      "tenant 7f3g",
      "q7k",
      "corp-7f3q",
      "initial_attributes",
      "tenant-7f3r",
    ]) {
      expect({ needle, found: everything.includes(needle) }).toEqual({ needle, found: false });
    }
  });
});

describe("ConfigDriveSeedIso", () => {
  it("refuses a bridge, which network_data.json cannot carry, naming NoCloudSeedIso as the way out", async () => {
    const bootstrap = {
      hostname: "br-01",
      network: {
        interfaces: [{ name: "eth0", macAddress: "52:54:00:00:00:01" }],
        bridges: [{ name: "br0", interfaces: ["eth0"], dhcp4: true }],
      },
    };
    const error = thrownInputPropertiesError(
      () => new ConfigDriveSeedIso("br", { path: join(dir, "br.iso"), bootstrap }),
    );
    expect(error.errors.map((e) => [e.propertyPath, e.reason])).toEqual([
      [
        "bootstrap.network.bridges[0]",
        expect.stringMatching(
          /^network_data\.json has no bridge link .*; use `NoCloudSeedIso` \(network config v2\), or remove the bridge$/,
        ),
      ],
    ]);
    // Registrations reach the mocks later: wait for them before checking that none came.
    await settle();
    expect(recorder.registrations).toEqual([]);
  });

  it("registers the config-drive tree with the legacy network file on request", async () => {
    const path = join(dir, "config-drive.iso");
    new ConfigDriveSeedIso("drive", {
      path,
      bootstrap: plainSpec(),
      assignedMacAddresses: [MAC],
      legacyNetworkFile: true,
    });
    await settle();
    const reg = recorder.byName("drive");
    expect(reg.type).toBe("pulumi-nodejs:dynamic/bootstrapped-vm:ConfigDriveSeedIso");
    expect(reg.inputs.format).toBe("configDrive");
    expect(reg.inputs.files).toEqual(
      configDriveSeedIsoInputs(plainSpec(), { path, assignedMacAddresses: [MAC], legacyNetworkFile: true })
        .files,
    );
    const paths = (reg.inputs.files as { path: string }[]).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(["openstack/content/0000", "openstack/latest/network_data.json"]),
    );
  });

  it("leaves network_data.json out when networkDataJson is false, with the legacy file as the network", async () => {
    new ConfigDriveSeedIso("no-ndj", {
      path: join(dir, "x.iso"),
      bootstrap: plainSpec(),
      assignedMacAddresses: [MAC],
      networkDataJson: false,
      legacyNetworkFile: true,
    });
    await settle();
    const paths = (recorder.byName("no-ndj").inputs.files as { path: string }[]).map((f) => f.path);
    expect(paths.some((p) => p.endsWith("network_data.json"))).toBe(false);
    expect(paths).toEqual(
      expect.arrayContaining(["openstack/latest/meta_data.json", "openstack/content/0000"]),
    );
  });

  /** The registrations of the resource named `name`, once every queued registration has reached the mocks. */
  async function registrationsOf(name: string): Promise<string[]> {
    await settle();
    return recorder.registrations.filter((r) => r.name === name).map((r) => r.name);
  }

  const NO_NETWORK_DOCUMENT_REASON =
    /^`false` with no legacy network file leaves the spec's network out of the config drive .*; keep network_data\.json .*, add the legacy ENI file \(`legacyNetworkFile: true`\), or remove `network` from the spec$/;
  const ENI_ONLY_25_1_REASON =
    "a config drive with the legacy ENI file as its only network config is deprecated since cloud-init 24.3 " +
    '(bootstrap.cloudInit.minVersion is "25.1"); keep network_data.json (it is what cloud-init reads first) ' +
    "or target an older release";

  it("refuses networkDataJson: false without the legacy file for a spec with a network, at networkDataJson, registering nothing", async () => {
    const error = thrownInputPropertiesError(
      () =>
        new ConfigDriveSeedIso("no-net", {
          path: join(dir, "y.iso"),
          bootstrap: plainSpec(),
          assignedMacAddresses: [MAC],
          networkDataJson: false,
        }),
    );
    expect(error.message.split("\n")[0]).toBe("Invalid ConfigDriveSeedIso arguments:");
    expect(error.errors.map((e) => [e.propertyPath, e.reason])).toEqual([
      ["networkDataJson", expect.stringMatching(NO_NETWORK_DOCUMENT_REASON)],
    ]);
    expect(await registrationsOf("no-net")).toEqual([]);
  });

  it("refuses the legacy ENI file as the only network config for cloud-init 24.3 on, at legacyNetworkFile, registering nothing", async () => {
    // DataSourceConfigDrive.py 25.1.4:176-186 logs "Eni network configuration in ConfigDrive" DEPRECATED.
    const error = thrownInputPropertiesError(
      () =>
        new ConfigDriveSeedIso("eni-25", {
          path: join(dir, "eni-25.iso"),
          bootstrap: { ...plainSpec(), cloudInit: { minVersion: "25.1" } },
          assignedMacAddresses: [MAC],
          networkDataJson: false,
          legacyNetworkFile: true,
        }),
    );
    expect(error.message.split("\n")[0]).toBe("Invalid ConfigDriveSeedIso arguments:");
    expect(error.errors.map((e) => [e.propertyPath, e.reason])).toEqual([
      ["legacyNetworkFile", ENI_ONLY_25_1_REASON],
    ]);
    expect(await registrationsOf("eni-25")).toEqual([]);
  });

  it("reports what the legacy file cannot carry of the spec and the options' problem in one error", () => {
    const error = thrownInputPropertiesError(
      () =>
        new ConfigDriveSeedIso("bond-25", {
          path: join(dir, "bond-25.iso"),
          bootstrap: {
            hostname: "bond-25",
            cloudInit: { minVersion: "25.1" },
            network: {
              interfaces: [
                { name: "eth0", macAddress: "52:54:00:00:00:01" },
                { name: "eth1", macAddress: "52:54:00:00:00:02" },
              ],
              bonds: [
                { name: "bond0", interfaces: ["eth0", "eth1"], mode: BondMode.ActiveBackup, dhcp4: true },
              ],
            },
          },
          networkDataJson: false,
          legacyNetworkFile: true,
        }),
    );
    expect(error.errors.map((e) => e.propertyPath)).toEqual([
      "bootstrap.network.bonds[0]",
      "legacyNetworkFile",
    ]);
  });

  it("refuses the network options once an Output among them or the spec resolves, naming the argument, and writes no seed", () => {
    // In a separate process: the failure reaches Pulumi's runtime as an unhandled rejection (scenario-runner.ts).
    const result = runScenario("async-seed-iso-options") as {
      registered: string[];
      failures: { inputProperties: boolean; message: string; paths: string[]; reasons: string[] }[];
    };
    expect(result.registered).toEqual(["late-eni"]);
    const heading = /^(error serializing property "files": )?Invalid ConfigDriveSeedIso arguments:\n/;
    expect(result.failures).toEqual([
      {
        inputProperties: true,
        message: expect.stringMatching(heading),
        paths: ["bootstrap.hostname"],
        reasons: [expect.stringContaining("is not an RFC 1123 host name label")],
      },
      {
        inputProperties: true,
        message: expect.stringMatching(heading),
        paths: ["legacyNetworkFile"],
        reasons: [ENI_ONLY_25_1_REASON],
      },
      {
        inputProperties: true,
        message: expect.stringMatching(heading),
        paths: ["networkDataJson"],
        reasons: [expect.stringMatching(NO_NETWORK_DOCUMENT_REASON)],
      },
    ]);
  });
});
