/**
 * The boot proof: real Debian guests (bullseye, bookworm, trixie: cloud-init 20.4, 22.4, 25.1) with Debian's
 * own cloud-init boot under QEMU from what the library emits (seed ISOs from the seed-image provider, vSphere
 * guestinfo keys and vApp properties), and report back from inside that every part of the spec took effect.
 * Run with `npm run test:vm` (needs root, debootstrap, e2fsprogs, qemu-system-x86, qemu-utils, xorriso). See
 * docs/vm-tests.md.
 */
import {
  expectCloudInitDone,
  expectHostname,
  expectInstanceId,
  expectProofUser,
  expectSettingsFile,
  expectStaticNetwork,
  expectTimezone,
  lateUdevWindow,
  NetworkExpectation,
  udevRenameRaces,
} from "./expectations";
import {
  CONCURRENCY,
  guestRecipe,
  LATE_UDEV_FLAVOUR,
  NETPLAN_FLAVOUR,
  NETWORK_MANAGER_FLAVOUR,
  resetRuns,
  SEEDER_FLAVOUR,
  timings,
} from "./harness";
import { renderConfigDriveSeedIso } from "../../src/seed-image";
import {
  LAST_LEGACY_ENI_TARGET,
  LATE_UDEV_CASES,
  FlavourCase,
  ProofBoot,
  startLateUdevBoot,
  startNetplanBoot,
  NETPLAN_CASE,
  NETWORK_MANAGER_CASES,
  startNetworkManagerBoot,
  startSuiteRuns,
  SuiteRuns,
} from "./proof-runs";
import {
  BOOTCMD_LOG,
  DUAL_STACK,
  FIRST_VARIANT,
  NETWORK,
  ProofNetwork,
  RUNCMD_LOG,
  SECOND_VARIANT,
  suiteSpec,
} from "./proof-spec";
import { parse } from "yaml";
import { networkdValues } from "../conformance/network-expected";
import { GUEST_MAC, killAllGuests } from "./qemu";
import { EXPECTED_DATASOURCE, SeedKind } from "./seeds";
import { NetworkRenderer, selectedSuites, Suite, SUITES } from "./suites";
import { INFO_SET_LOG } from "./vmware";
import { vappNetworkIgnoredReason } from "../../src/render/vapp";
import { VsphereTransport } from "../../src/platforms/vsphere/args";
import { vappTargetProblem } from "../../src/platforms/vsphere/vapp-values";
import {
  guestinfoNetwork,
  OvfTransport,
  startGuestinfoBoot,
  startVappBoot,
  VsphereBoot,
} from "./vsphere-runs";

const suites = selectedSuites();
const runs = new Map<Suite, SuiteRuns>();
const vsphere: Promise<VsphereBoot>[] = [];
let guestinfoBoots = new Map<Suite, Promise<VsphereBoot>>();
let vappBoots = new Map<string, Promise<VsphereBoot>>();
/**
 * Whether the suite's guest image has `flavour` (harness.ts `guestRecipe`: late-udev is forky's, netplan bookworm's,
 * network-manager trixie's).
 */
const hasFlavour = (suite: Suite, flavour: string): boolean =>
  guestRecipe(suite).flavours?.[flavour] !== undefined;
const lateUdevBoots = new Map<string, Promise<ProofBoot>>();
const flavourKey = (suite: Suite, c: FlavourCase) => `${suite}/${c.name}`;
const netplanBoots = new Map<Suite, Promise<ProofBoot>>();
const networkManagerBoots = new Map<string, Promise<ProofBoot>>();

/**
 * The vApp boots per suite: both OVF transports where cloud-init applies the `network-config` property
 * (21.4+), and on bullseye (20.4, which ignores it) the ISO transport alone, to show why the library refuses
 * that case (src/render/vapp.ts `VAPP_NETWORK_SINCE`).
 */
const VAPP_TRANSPORTS: Record<Suite, readonly OvfTransport[]> = {
  [Suite.Bullseye]: [OvfTransport.Iso],
  [Suite.Bookworm]: [OvfTransport.Iso, OvfTransport.Guestinfo],
  [Suite.Trixie]: [OvfTransport.Iso, OvfTransport.Guestinfo],
  [Suite.Forky]: [OvfTransport.Iso, OvfTransport.Guestinfo],
};
const vappKey = (suite: Suite, transport: OvfTransport) => `${suite}/${transport}`;

beforeAll(() => {
  resetRuns(suites);
  for (const suite of suites) runs.set(suite, startSuiteRuns(suite));
  for (const suite of suites.filter((s) => hasFlavour(s, LATE_UDEV_FLAVOUR)))
    for (const c of LATE_UDEV_CASES) lateUdevBoots.set(flavourKey(suite, c), startLateUdevBoot(suite, c));
  for (const suite of suites.filter((s) => hasFlavour(s, NETPLAN_FLAVOUR)))
    netplanBoots.set(suite, startNetplanBoot(suite));
  for (const suite of suites.filter((s) => hasFlavour(s, NETWORK_MANAGER_FLAVOUR)))
    for (const c of NETWORK_MANAGER_CASES)
      networkManagerBoots.set(flavourKey(suite, c), startNetworkManagerBoot(suite, c));
  guestinfoBoots = new Map(
    suites.map((suite) => [
      suite,
      startGuestinfoBoot(suite, SUITES[suite].vmwareDatasource ? undefined : SEEDER_FLAVOUR),
    ]),
  );
  vappBoots = new Map(
    suites.flatMap((suite) =>
      VAPP_TRANSPORTS[suite].map((t) => [vappKey(suite, t), startVappBoot(suite, t)] as const),
    ),
  );
  vsphere.push(...guestinfoBoots.values(), ...vappBoots.values());
});

afterAll(async () => {
  // Let every boot finish or fail before the timings are printed; then make sure no QEMU is left.
  await Promise.allSettled([
    ...[...runs.values()].flatMap((r) => [
      r.noCloud,
      r.configDriveNetworkData,
      r.configDriveLegacyNetwork,
      r.rerun,
    ]),
    ...lateUdevBoots.values(),
    ...netplanBoots.values(),
    ...vsphere,
  ]);
  killAllGuests();
  console.log(`boot-proof timings (concurrency ${CONCURRENCY}):\n  ${timings.join("\n  ")}`);
});

function lines(text: string | undefined): string[] {
  return (text ?? "").split("\n").filter((l) => l.length > 0);
}

function seedNetwork(suite: Suite): NetworkExpectation {
  return { renderer: SUITES[suite].renderer, routerAdvertisements: true, staticIpv6: true };
}

/** The VMware-shaped guests run on a network without router advertisements (see vmware.ts). */
function vmwareNetwork(suite: Suite, net: ProofNetwork = DUAL_STACK): NetworkExpectation {
  return { renderer: SUITES[suite].renderer, routerAdvertisements: false, staticIpv6: net.staticIpv6 };
}

/** The assertions every first boot of `proofSpec(FIRST_VARIANT)` must pass, whatever the transport. */
function describeFirstBoot(
  suite: Suite,
  datasource: string,
  network: NetworkExpectation,
  boot: () => Promise<ProofBoot>,
): void {
  it("finishes cloud-init with status done, from the expected datasource, with no errors, warnings or deprecations", async () => {
    const { report } = await boot();
    // A first-boot NIC rename that lost udev's race is tolerated only when the guest proves it (expectations.ts).
    expectCloudInitDone(report, datasource, SUITES[suite], udevRenameRaces(report, SUITES[suite]));
  });
  it("runs with the instance-id the library rendered", async () => {
    const b = await boot();
    expectInstanceId(b.report, b.seed);
  });
  it("sets the host name and the FQDN", async () => {
    expectHostname((await boot()).report, FIRST_VARIANT);
  });
  it("creates the sudo user with its SSH key and exactly the library's password hash", async () => {
    const b = await boot();
    expectProofUser(b.report, b.seed, FIRST_VARIANT);
  });
  it("writes the file with its content, owner and mode", async () => {
    expectSettingsFile((await boot()).report, FIRST_VARIANT);
  });
  it("sets the time zone", async () => {
    expectTimezone((await boot()).report, FIRST_VARIANT);
  });
  it("runs bootcmd once for the boot and runcmd once for the instance", async () => {
    const b = await boot();
    expect(lines(b.report.inspectedContent(BOOTCMD_LOG))).toHaveLength(1);
    expect(lines(b.report.inspectedContent(RUNCMD_LOG))).toEqual([
      `runcmd first ${b.seed.documents.instanceId}`,
    ]);
  });
  it("configures the fixed-MAC NIC with the static IPv4 and IPv6 addresses, default routes and DNS", async () => {
    expectStaticNetwork((await boot()).report, network);
  });
}

function describeSuite(suite: Suite): void {
  const r = (): SuiteRuns => runs.get(suite) as SuiteRuns;
  const net = seedNetwork(suite);

  describe("a NoCloud seed ISO (cidata) from the seed-image provider", () => {
    it("holds user-data, meta-data and network-config", async () => {
      expect((await r().noCloud).seed.files).toEqual(["meta-data", "network-config", "user-data"]);
    });
    describeFirstBoot(suite, EXPECTED_DATASOURCE[SeedKind.NoCloud], net, () => r().noCloud);
  });

  describe("a config-drive seed ISO (config-2) with network_data.json", () => {
    it("holds network_data.json and no legacy network file", async () => {
      const files = (await r().configDriveNetworkData).seed.files;
      expect(files).toContain("openstack/latest/network_data.json");
      expect(files).not.toContain("openstack/content/0000");
    });
    describeFirstBoot(
      suite,
      EXPECTED_DATASOURCE[SeedKind.ConfigDriveNetworkData],
      net,
      () => r().configDriveNetworkData,
    );
  });

  const lateUdevTitles: Record<FlavourCase["document"], string> = {
    "network_data.json": "a config-drive seed ISO (config-2) with network_data.json",
    v1: "a NoCloud seed ISO (cidata, network config v1)",
    v2: "a NoCloud seed ISO (cidata, network config v2, IPv4 only)",
  };
  for (const c of hasFlavour(suite, LATE_UDEV_FLAVOUR) ? LATE_UDEV_CASES : []) {
    describe(`${lateUdevTitles[c.document]}, udev renaming the NIC between cloud-init's local and network stages (late-udev flavour)`, () => {
      const late = (): Promise<ProofBoot> => lateUdevBoots.get(flavourKey(suite, c)) as Promise<ProofBoot>;
      it("boots in the window the failing CI boot hit: udev renames the NIC after the local stage, and the network stage names it back", async () => {
        const { report } = await late();
        lateUdevWindow(report, "eth0", "ens4");
        // The local stage rendered the network for the name the document gives the NIC, not one it read.
        const applied = report
          .text("cloud-init.log")
          .split("\n")
          .filter((l) => l.includes("Applying network configuration from ds"));
        expect(applied).toHaveLength(1);
        expect(applied[0]).toMatch(new RegExp(`'version': ${c.document === "v2" ? 2 : 1}[,}]`));
        expect(applied[0]).toContain(c.document === "v2" ? "'set-name': 'eth0'" : "'name': 'eth0'");
        expect(applied[0]).not.toContain("'ens4'");
      });
      describeFirstBoot(suite, EXPECTED_DATASOURCE[c.kind], { ...net, staticIpv6: c.net.staticIpv6 }, late);
    });
  }

  if (hasFlavour(suite, NETPLAN_FLAVOUR))
    describe("a NoCloud seed ISO (cidata, network config v2, IPv4 only) on the netplan flavour: one NIC known by MAC only, named by set-name", () => {
      const boot = (): Promise<ProofBoot> => netplanBoots.get(suite) as Promise<ProofBoot>;
      it("hands netplan the NIC matched by MAC with set-name eth0, which netplan gives networkd and the guest the NIC", async () => {
        const { report } = await boot();
        const netplan = parse(report.text("netplan/50-cloud-init.yaml")) as {
          network?: { ethernets?: Record<string, { match?: { macaddress?: string }; "set-name"?: string }> };
        };
        expect(netplan.network?.ethernets?.eth0).toMatchObject({
          match: { macaddress: GUEST_MAC },
          "set-name": "eth0",
        });
        expect(Object.keys(netplan.network?.ethernets ?? {})).toEqual(["eth0"]);
        // netplan 0.106 renames by a systemd .link file that matches the permanent MAC (as in the bond boot).
        const link = report.text("networkd-run/10-netplan-eth0.link");
        expect(networkdValues(link, "Match")).toEqual({ PermanentMACAddress: [GUEST_MAC] });
        expect(networkdValues(link, "Link")).toMatchObject({ Name: ["eth0"] });
        expect(report.linkByMac(GUEST_MAC).ifname).toBe("eth0");
      });
      describeFirstBoot(
        suite,
        EXPECTED_DATASOURCE[NETPLAN_CASE.kind],
        {
          renderer: NetworkRenderer.Netplan,
          routerAdvertisements: true,
          staticIpv6: NETPLAN_CASE.net.staticIpv6,
        },
        boot,
      );
    });

  const networkManagerTitles: Partial<Record<FlavourCase["document"], string>> = {
    v1: "a NoCloud seed ISO (cidata, network config v1)",
    "network_data.json": "a config-drive seed ISO (config-2) with network_data.json",
  };
  for (const c of hasFlavour(suite, NETWORK_MANAGER_FLAVOUR) ? NETWORK_MANAGER_CASES : []) {
    describe(`${networkManagerTitles[c.document] ?? c.document} on the network-manager flavour: cloud-init renders NetworkManager keyfiles`, () => {
      const boot = (): Promise<ProofBoot> =>
        networkManagerBoots.get(flavourKey(suite, c)) as Promise<ProofBoot>;
      it("is configured by NetworkManager alone, from cloud-init's keyfile", async () => {
        const { report } = await boot();
        expect(report.text("cloud-init.log")).toMatch(/Selected renderer 'network-manager'/);
        // systemd-networkd is off in this image: it wrote no files and managed no link.
        expect(report.has("networkctl-list.txt")).toBe(false);
        expect(report.files("networkd")).toEqual([]);
      });
      describeFirstBoot(
        suite,
        EXPECTED_DATASOURCE[c.kind],
        {
          renderer: NetworkRenderer.NetworkManager,
          routerAdvertisements: true,
          staticIpv6: c.net.staticIpv6,
        },
        boot,
      );
    });
  }

  describe("a config-drive seed ISO (config-2) with only the flat_injected legacy network file", () => {
    it("holds openstack/content/0000 and no network_data.json", async () => {
      const files = (await r().configDriveLegacyNetwork).seed.files;
      expect(files).toContain("openstack/content/0000");
      expect(files.filter((f) => f.endsWith("network_data.json"))).toEqual([]);
    });
    if (!SUITES[suite].legacyEniConfigDriveDeprecated) {
      describeFirstBoot(
        suite,
        EXPECTED_DATASOURCE[SeedKind.ConfigDriveLegacyNetwork],
        net,
        () => r().configDriveLegacyNetwork,
      );
    } else {
      it(`is refused for cloud-init ${SUITES[suite].cloudInit} at render time, naming legacyNetworkFile and the fix`, () => {
        expect(() =>
          renderConfigDriveSeedIso(suiteSpec(suite, FIRST_VARIANT), {
            path: "unused.iso",
            networkDataJson: false,
            legacyNetworkFile: true,
          }),
        ).toThrow(/legacyNetworkFile: .*deprecated since cloud-init 24\.3.*keep network_data\.json/);
      });
      it(`shows why: rendered for ${LAST_LEGACY_ENI_TARGET}, the guest comes up configured, but cloud-init logs the deprecation and its status is degraded (exit 2)`, async () => {
        // 25.1.4 DataSourceConfigDrive.py:176-186 (lifecycle.deprecate, deprecated_version 24.3); Debian keeps
        // DEPRECATION_INFO_BOUNDARY = "devel" (features.py:101), so it is logged as DEPRECATED and counted as a
        // recoverable error, which makes `cloud-init status` exit 2: a Packer `cloud-init status --wait` fails.
        const b = await r().configDriveLegacyNetwork;
        expect(b.report.line("cloud-init-status.rc")).toBe("2");
        const json = b.report.json<{
          extended_status?: string;
          recoverable_errors?: Record<string, string[]>;
        }>("cloud-init-status.json");
        expect(json.extended_status).toBe("degraded done");
        expect(json.recoverable_errors?.DEPRECATED?.join("\n")).toMatch(
          /Eni network configuration in ConfigDrive/,
        );
        expectHostname(b.report, FIRST_VARIANT);
        expectStaticNetwork(b.report, net);
      });
    }
  });

  describe("re-running on a changed spec (one disk, three boots)", () => {
    const boot = (i: 0 | 1 | 2) => async (): Promise<ProofBoot> => (await r().rerun)[i];
    const noCloud = EXPECTED_DATASOURCE[SeedKind.NoCloud];

    describe("first boot", () => {
      describeFirstBoot(suite, noCloud, net, boot(0));
    });

    describe("second boot, seed of the changed spec", () => {
      it("gets a new instance-id from the changed content hash", async () => {
        const [first, second] = await r().rerun;
        expect(second.seed.documents.instanceId).not.toBe(first.seed.documents.instanceId);
        expectInstanceId(second.report, second.seed);
      });
      it("finishes cloud-init with status done and no errors, warnings or deprecations", async () => {
        const { report } = await boot(1)();
        expectCloudInitDone(report, noCloud, SUITES[suite], udevRenameRaces(report, SUITES[suite]));
      });
      it("runs the per-instance modules again with the new values", async () => {
        const b = await boot(1)();
        expectHostname(b.report, SECOND_VARIANT);
        expectSettingsFile(b.report, SECOND_VARIANT);
        expectTimezone(b.report, SECOND_VARIANT);
      });
      it("runs runcmd for the new instance, after the first instance's run", async () => {
        const [first, second] = await r().rerun;
        expect(lines(second.report.inspectedContent(RUNCMD_LOG))).toEqual([
          `runcmd first ${first.seed.documents.instanceId}`,
          `runcmd second ${second.seed.documents.instanceId}`,
        ]);
      });
      it("gives the existing user the new password hash", async () => {
        const b = await boot(1)();
        expect(SECOND_VARIANT.password).not.toBe(FIRST_VARIANT.password);
        expectProofUser(b.report, b.seed, SECOND_VARIANT);
      });
      it("keeps the static network", async () => {
        expectStaticNetwork((await boot(1)()).report, net);
      });
    });

    describe("third boot, the same seed again", () => {
      it("keeps the instance-id and finishes cloud-init with no errors, warnings or deprecations", async () => {
        const [, second, third] = await r().rerun;
        expect(third.report.line("instance-id")).toBe(second.seed.documents.instanceId);
        expectCloudInitDone(
          third.report,
          noCloud,
          SUITES[suite],
          udevRenameRaces(third.report, SUITES[suite]),
        );
      });
      it("does not run the per-instance modules again", async () => {
        const [, second, third] = await r().rerun;
        expect(third.report.inspectedContent(RUNCMD_LOG)).toBe(second.report.inspectedContent(RUNCMD_LOG));
        const semaphores = third.report.semaphores();
        expect(semaphores.get("config_runcmd")).toBeDefined();
        expect(semaphores).toEqual(second.report.semaphores());
      });
      it("runs bootcmd on every boot", async () => {
        const [, , third] = await r().rerun;
        const bootLines = lines(third.report.inspectedContent(BOOTCMD_LOG));
        expect(bootLines).toHaveLength(3);
        expect(new Set(bootLines).size).toBe(3);
      });
      it("keeps the second instance's values", async () => {
        const [, , third] = await r().rerun;
        expectHostname(third.report, SECOND_VARIANT);
        expectSettingsFile(third.report, SECOND_VARIANT);
        expectTimezone(third.report, SECOND_VARIANT);
        expectStaticNetwork(third.report, net);
      });
    });
  });

  if (SUITES[suite].vmwareDatasource) {
    describe("vSphere guestinfo in a VMware-shaped guest (DataSourceVMware)", () => {
      const boot = (): Promise<VsphereBoot> => guestinfoBoots.get(suite) as Promise<VsphereBoot>;
      it("gives the VM guestinfo metadata and userdata, each with its encoding", async () => {
        expect(Object.keys((await boot()).guestinfo).sort()).toEqual([
          "guestinfo.metadata",
          "guestinfo.metadata.encoding",
          "guestinfo.userdata",
          "guestinfo.userdata.encoding",
        ]);
      });
      describeFirstBoot(suite, "DataSourceVMware", vmwareNetwork(suite, guestinfoNetwork(suite)), boot);
      it("redacts the user-data: blanks guestinfo.userdata and its encoding, and sets nothing else but the advertised addresses", async () => {
        // DataSourceVMware.guestinfo_redact_keys (22.4 DataSourceVMware.py:485-505): each key in metadata
        // `redact` is set to "---" and its `.encoding` to "", which guestinfo_set_value sends as a single space
        // (a guestinfo key cannot be set to an empty string: 22.4 :442-453, 25.1 :634-645). Its setup() then
        // advertises the addresses of the NICs that hold the default routes as guestinfo.local-ipv4/-ipv6
        // (advertise_local_ip_addrs, 22.4 DataSourceVMware.py:210-225, 335-354), as on vSphere. It looks once,
        // without waiting (no `wait-on-network` in the metadata: 25.1 wait_on_network :1005-1045), and takes the
        // address from the interface of the default route (get_default_ip_addrs :764-): when the static
        // default route is not installed yet, there is nothing to advertise (one trixie boot in a fresh-clone
        // run on 30 November 2026 logged host-info with the address but no `local-ipv4`, and set nothing).
        // So the calls must be exactly what the logged host-info holds, and only this NIC's own addresses.
        const report = (await boot()).report;
        const calls = lines(report.inspectedContent(INFO_SET_LOG));
        expect(calls.filter((c) => c.startsWith("info-set guestinfo.userdata"))).toEqual([
          "info-set guestinfo.userdata ---",
          "info-set guestinfo.userdata.encoding  ",
        ]);
        const hostInfo = report
          .text("cloud-init.log")
          .split("\n")
          .find((l) => l.includes("DataSourceVMware.py[INFO]: got host-info: "));
        expect(hostInfo).toBeDefined();
        const advertised = (family: "ipv4" | "ipv6") =>
          new RegExp(`'local-${family}': '([^']+)'`).exec(hostInfo ?? "")?.[1];
        const expected = (["ipv4", "ipv6"] as const).flatMap((family) => {
          const address = advertised(family);
          return address === undefined ? [] : [`info-set guestinfo.local-${family} ${address}`];
        });
        // This NIC's own addresses: the static IPv4 and IPv6, or (bookworm, where the NIC's only IPv6 when it
        // looked was its link-local one) its fe80:: address with the zone.
        const ownAddress = (c: string) =>
          c === `info-set guestinfo.local-ipv4 ${NETWORK.ipv4}` ||
          c === `info-set guestinfo.local-ipv6 ${NETWORK.ipv6}` ||
          /^info-set guestinfo\.local-ipv6 fe80::[0-9a-f:]+%\S+$/.test(c);
        expect(expected.every(ownAddress)).toBe(true);
        // From 25.2 it also publishes the update events it supports and has enabled: the datasource's own,
        // as the user-data sets no `updates` (hotplug is on by default for VMware).
        const updateEvents = SUITES[suite].vmwareAdvertisesUpdateEvents
          ? [
              "info-set guestinfo.cloudinit.updates.enabled network=boot-new-instance;hotplug",
              "info-set guestinfo.cloudinit.updates.supported network=boot;boot-new-instance;hotplug",
            ]
          : [];
        expect(calls.filter((c) => !c.startsWith("info-set guestinfo.userdata")).sort()).toEqual(
          [...expected, ...updateEvents].sort(),
        );
      });
    });
  } else {
    describe("vSphere guestinfo read by seed 000's seeder (no VMware datasource before 21.3)", () => {
      const boot = (): Promise<VsphereBoot> => guestinfoBoots.get(suite) as Promise<VsphereBoot>;
      describeFirstBoot(suite, "DataSourceNoCloud", vmwareNetwork(suite), boot);
      it("comes up from the NoCloud seed directory the seeder wrote", async () => {
        expect((await boot()).report.text("cloud-init-status.txt")).toContain(
          "/var/lib/cloud/seed/nocloud-net",
        );
      });
      it("blanks guestinfo.userdata after reading it, as metadata `redact` asks", async () => {
        expect(lines((await boot()).report.inspectedContent(INFO_SET_LOG))).toEqual([
          "info-set guestinfo.userdata ---",
        ]);
      });
    });
  }

  for (const transport of VAPP_TRANSPORTS[suite]) {
    const where = transport === OvfTransport.Iso ? "on a CD-ROM labelled OVF ENV" : "in guestinfo.ovfEnv";
    describe(`vApp properties as an OVF environment ${where} (DataSourceOVF)`, () => {
      const boot = (): Promise<VsphereBoot> =>
        vappBoots.get(vappKey(suite, transport)) as Promise<VsphereBoot>;
      const spec = suiteSpec(suite, FIRST_VARIANT);
      if (vappNetworkIgnoredReason(spec) === undefined) {
        describeFirstBoot(suite, "DataSourceOVF", vmwareNetwork(suite), boot);
        return;
      }
      it(`is refused for cloud-init ${SUITES[suite].cloudInit} by the vapp transport, naming the fix`, () => {
        expect(vappTargetProblem(VsphereTransport.Vapp, spec)?.message).toMatch(
          /applies the vApp property "network-config" from 21\.4 on .* use transport "nocloudIso"/,
        );
      });
      it("shows why: delivered anyway, the user-data takes effect and cloud-init says done without a word, but the network is its fallback DHCP", async () => {
        // 20.4.1 DataSourceOVF.py read_ovf_environment (436-454) reads no network-config; stages.py then applies
        // the distro's fallback config (DHCP on the first NIC).
        const b = await boot();
        expectCloudInitDone(
          b.report,
          "DataSourceOVF",
          SUITES[suite],
          udevRenameRaces(b.report, SUITES[suite]),
        );
        expectHostname(b.report, FIRST_VARIANT);
        expect(b.report.text("cloud-init.log")).toMatch(/Applying network configuration from fallback/);
        expect(b.report.text("cloud-init.log")).not.toMatch(/Applying network configuration from ds/);
        const eni = b.report.text("eni/50-cloud-init");
        expect(eni).toMatch(/^iface \S+ inet dhcp$/m);
        expect(eni).not.toContain(NETWORK.ipv6);
        expect(eni).not.toContain("inet static");
        const addresses = b.report
          .json<{ addr_info: { local: string }[] }[]>("ip-addr.json")
          .flatMap((link) => link.addr_info.map((a) => a.local));
        expect(addresses).not.toContain(NETWORK.ipv6);
      });
    });
  }
}

for (const suite of suites) {
  describe(`${suite} (cloud-init ${SUITES[suite].cloudInit})`, () => describeSuite(suite));
}
