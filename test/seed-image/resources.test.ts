import * as pulumi from "@pulumi/pulumi";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { containsRpcSecret, installMocks, settle, unwrapSecrets, valueOf } from "../component/mock-harness";
import { configDriveSeedIsoInputs, noCloudSeedIsoInputs } from "../../src/seed-image/inputs";
import { plainSpec, sampleSpec } from "./sample-spec";
import { thrownInputPropertiesError } from "../helpers/input-properties-error";

const recorder = installMocks();
// Imported after the mocks are installed.
import { ConfigDriveSeedIso, NoCloudSeedIso } from "../../src/seed-image/resources";
import { pluginSeedIsoWriter } from "../../src/seed-image/seed-iso-file";
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
  it("throw one InputPropertiesError listing every problem under bootstrap., before registering anything", () => {
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

  it("are headed with the resource's own name, for spec problems, render problems and a missing spec", () => {
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
});

describe("ConfigDriveSeedIso", () => {
  it("refuses a bridge, which network_data.json cannot carry, naming NoCloudSeedIso as the way out", () => {
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

  it("refuses networkDataJson: false without the legacy file for a spec with a network, registering nothing", () => {
    expect(
      () =>
        new ConfigDriveSeedIso("no-net", {
          path: join(dir, "y.iso"),
          bootstrap: plainSpec(),
          assignedMacAddresses: [MAC],
          networkDataJson: false,
        }),
    ).toThrow(/^networkDataJson: `false` with no legacy network file leaves the spec's network out/);
    expect(recorder.registrations).toEqual([]);
  });
});
