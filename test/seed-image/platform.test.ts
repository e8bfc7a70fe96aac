import * as pulumi from "@pulumi/pulumi";
import { containsRpcSecret, installMocks, settle, unwrapSecrets, valueOf } from "../component/mock-harness";
import { configDriveSeedIsoInputs, noCloudSeedIsoInputs } from "../../src/seed-image/inputs";
import { SeedImageFormat } from "../../src/seed-image/types";
import { BondMode } from "../../src/spec/network-types";
import { plainSpec, sampleSpec } from "./sample-spec";

const recorder = installMocks();
// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component/bootstrapped-vm";
import { thrownInputPropertiesError as thrown } from "../helpers/input-properties-error";

const MAC = "52:54:00:aa:bb:01";
beforeEach(() => recorder.clear());

describe("seedImage platform", () => {
  it("writes a NoCloud seed ISO as a child, with the VM's MACs filling position-matched interfaces", async () => {
    const vm = new BootstrappedVm("kvm", {
      bootstrap: plainSpec(),
      seedImage: { path: "out/kvm-seed.iso", macAddresses: [MAC] },
    });
    expect(await valueOf(vm.deliveredTo)).toBe("nocloud seed ISO (volume label cidata) at out/kvm-seed.iso");
    await settle();
    const seed = recorder.byName("kvm-seed");
    expect(seed.type).toBe("pulumi-nodejs:dynamic/bootstrapped-vm:NoCloudSeedIso");
    expect(seed.inputs.path).toBe("out/kvm-seed.iso");
    expect(seed.inputs.files).toEqual(
      noCloudSeedIsoInputs(plainSpec(), { path: "out/kvm-seed.iso", assignedMacAddresses: [MAC] }).files,
    );
    expect(await valueOf(vm.networkConfig)).toContain(`macaddress: ${MAC}`);
  });

  it("writes a config-drive ISO with the legacy network file on request, secret when the spec holds a password", async () => {
    const vm = new BootstrappedVm("ovirt", {
      bootstrap: sampleSpec(),
      seedImage: { format: SeedImageFormat.ConfigDrive, path: "out/ovirt.iso", legacyNetworkFile: true },
    });
    expect(await valueOf(vm.deliveredTo)).toBe(
      "configDrive seed ISO (volume label config-2) at out/ovirt.iso",
    );
    await settle();
    const seed = recorder.byName("ovirt-seed");
    expect(seed.type).toBe("pulumi-nodejs:dynamic/bootstrapped-vm:ConfigDriveSeedIso");
    expect(containsRpcSecret(seed.inputs.files)).toBe(true);
    expect(unwrapSecrets(seed.inputs.files)).toEqual(
      configDriveSeedIsoInputs(sampleSpec(), { path: "out/ovirt.iso", legacyNetworkFile: true }).files,
    );
  });

  it("reports a position-matched interface without a MAC, and configDrive options on a NoCloud seed", () => {
    const err = thrown(
      () =>
        new BootstrappedVm("bad", {
          bootstrap: plainSpec(),
          seedImage: { path: "out/bad.iso", legacyNetworkFile: true, macAddresses: [] },
        }),
    );
    expect(err.errors?.map((e) => e.propertyPath)).toEqual([
      "seedImage.legacyNetworkFile",
      "seedImage.macAddresses[0]",
    ]);
    expect(err.message).toContain("bootstrap.network.interfaces[0] is matched by position");
  });

  it("refuses a bridge and a bond's name on a config drive, naming this platform's other format as the way out", () => {
    const err = thrown(
      () =>
        new BootstrappedVm("cd-br", {
          bootstrap: {
            hostname: "cd-br",
            network: {
              interfaces: [
                { name: "eth0", macAddress: MAC },
                { name: "eth1", macAddress: "52:54:00:aa:bb:02" },
              ],
              bonds: [{ name: "uplink", interfaces: ["eth0", "eth1"], mode: BondMode.ActiveBackup }],
              bridges: [{ name: "br0", interfaces: ["uplink"], dhcp4: true }],
            },
          },
          seedImage: { format: SeedImageFormat.ConfigDrive, path: "out/cd-br.iso" },
        }),
    );
    // Guestinfo and vApp are vSphere's: not offered to a seed image.
    expect(err.errors?.map((e) => [e.propertyPath, e.reason])).toEqual([
      [
        "bootstrap.network.bonds[0].name",
        expect.stringMatching(/; name this bond `bond0`, or use `format: "nocloud"` \(network config v2\)$/),
      ],
      [
        "bootstrap.network.bridges[0]",
        expect.stringMatching(/; use `format: "nocloud"` \(network config v2\), or remove the bridge$/),
      ],
    ]);
  });

  it("refuses a config drive that would hold no network config for a spec with a network, registering no child", async () => {
    const err = thrown(
      () =>
        new BootstrappedVm("cd-nonet", {
          bootstrap: plainSpec(),
          seedImage: {
            format: SeedImageFormat.ConfigDrive,
            path: "out/cd-nonet.iso",
            networkDataJson: false,
            macAddresses: [MAC],
          },
        }),
    );
    expect(err.errors?.map((e) => [e.propertyPath, e.reason])).toEqual([
      [
        "seedImage.networkDataJson",
        expect.stringMatching(
          /^`false` with no legacy network file leaves the spec's network out of the config drive .*; keep network_data\.json .*, add the legacy ENI file \(`legacyNetworkFile: true`\), or remove `network` from the spec$/,
        ),
      ],
    ]);
    // The component itself is registered before its arguments are checked; none of its children may be.
    await settle();
    expect(recorder.registrations.filter((r) => r.name.startsWith("cd-nonet-"))).toEqual([]);
    // Without a network in the spec there is nothing to lose, and with the legacy file the network is there.
    new BootstrappedVm("cd-nonet-ok", {
      bootstrap: { hostname: "cd-nonet-ok" },
      seedImage: { format: SeedImageFormat.ConfigDrive, path: "out/ok.iso", networkDataJson: false },
    });
    new BootstrappedVm("cd-eni", {
      bootstrap: plainSpec(),
      seedImage: {
        format: SeedImageFormat.ConfigDrive,
        path: "out/eni.iso",
        networkDataJson: false,
        legacyNetworkFile: true,
        macAddresses: [MAC],
      },
    });
  });

  it("refuses at construction a config drive whose only network config is the legacy ENI file for 24.3 on, as its renderer does", async () => {
    // DataSourceConfigDrive.py 25.1.4:176-186 logs "Eni network configuration in ConfigDrive" DEPRECATED.
    const err = thrown(
      () =>
        new BootstrappedVm("cd-eni-25", {
          bootstrap: { ...plainSpec(), cloudInit: { minVersion: "25.1" } },
          seedImage: {
            format: SeedImageFormat.ConfigDrive,
            path: "out/eni-25.iso",
            networkDataJson: false,
            legacyNetworkFile: true,
            macAddresses: [MAC],
          },
        }),
    );
    expect(err.errors?.map((e) => [e.propertyPath, e.reason])).toEqual([
      [
        "seedImage.legacyNetworkFile",
        "a config drive with the legacy ENI file as its only network config is deprecated since cloud-init 24.3 " +
          '(bootstrap.cloudInit.minVersion is "25.1"); keep network_data.json (it is what cloud-init reads first) ' +
          "or target an older release",
      ],
    ]);
    await settle();
    expect(recorder.registrations.filter((r) => r.name.startsWith("cd-eni-25-"))).toEqual([]);
  });

  it("checks a config drive's network against the documents its options resolve to write", async () => {
    // A NIC with DNS of its own and no addressing: the legacy ENI file carries its DNS, network_data.json
    // cannot (refused when that file is written), so `networkDataJson` decides.
    const spec = {
      hostname: "late-opts",
      network: { interfaces: [{ name: "eth0", macAddress: MAC, nameservers: ["10.1.1.53"] }] },
    };
    new BootstrappedVm("late-opts", {
      bootstrap: spec,
      seedImage: {
        format: SeedImageFormat.ConfigDrive,
        path: "out/late-opts.iso",
        networkDataJson: pulumi.output(false),
        legacyNetworkFile: true,
      },
    });
    await settle();
    const paths = (recorder.byName("late-opts-seed").inputs.files as { path: string }[]).map((f) => f.path);
    expect(paths).toContain("openstack/content/0000");
    expect(paths.filter((p) => p.endsWith("network_data.json"))).toEqual([]);
  });

  it("rejects a malformed MAC address and an empty path", () => {
    const err = thrown(
      () =>
        new BootstrappedVm("mac", {
          bootstrap: plainSpec(),
          seedImage: { path: " ", macAddresses: ["52:54:00"] },
        }),
    );
    expect(err.errors?.map((e) => e.propertyPath)).toEqual(["seedImage.path", "seedImage.macAddresses[0]"]);
  });

  it("writes the seed readable by its owner only when it holds a password, unless `fileMode` says otherwise", async () => {
    new BootstrappedVm("mode-default", { bootstrap: sampleSpec(), seedImage: { path: "out/a.iso" } });
    new BootstrappedVm("mode-asked", {
      bootstrap: sampleSpec(),
      seedImage: { path: "out/b.iso", fileMode: 0o644 },
    });
    await settle();
    expect(recorder.byName("mode-default-seed").inputs.fileMode).toBe(0o600);
    expect(recorder.byName("mode-asked-seed").inputs.fileMode).toBe(0o644);
  });

  it("rejects a `fileMode` that is not permission bits", () => {
    const err = thrown(
      () =>
        new BootstrappedVm("mode-bad", {
          bootstrap: sampleSpec(),
          seedImage: { path: "out/c.iso", fileMode: 644 },
        }),
    );
    expect(err.errors?.map((e) => e.propertyPath)).toEqual(["seedImage.fileMode"]);
    expect(err.message).toContain("give permission bits such as 0o600 (384) or 0o644 (420)");
  });
});
