/**
 * The boot proof: a real Debian 12 guest with Debian's cloud-init boots under QEMU from the seed images the
 * library's seed-image provider writes, and reports back from inside that every part of the spec took effect.
 * Run with `npm run test:vm` (needs root, debootstrap, e2fsprogs, qemu-system-x86, qemu-utils). See
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
} from "./expectations";
import { ProofBoot, ProofRuns, startProofRuns } from "./proof-runs";
import { BOOTCMD_LOG, FIRST_VARIANT, RUNCMD_LOG, SECOND_VARIANT } from "./proof-spec";
import { killAllGuests } from "./qemu";
import { EXPECTED_DATASOURCE, SeedKind } from "./seeds";

const CONCURRENCY = Number(process.env.BOOTPROOF_CONCURRENCY ?? "2");

let runs: ProofRuns;

beforeAll(() => {
  runs = startProofRuns(CONCURRENCY);
});

afterAll(async () => {
  // Let every boot finish or fail before the timings are printed; then make sure no QEMU is left.
  await Promise.allSettled([
    runs.noCloud,
    runs.configDriveNetworkData,
    runs.configDriveLegacyNetwork,
    runs.rerun,
  ]);
  killAllGuests();
  console.log(`boot-proof timings (concurrency ${CONCURRENCY}):\n  ${runs.timings.join("\n  ")}`);
});

function lines(text: string | undefined): string[] {
  return (text ?? "").split("\n").filter((l) => l.length > 0);
}

/** The assertions every first boot of `proofSpec(FIRST_VARIANT)` must pass, whatever the seed. */
function describeFirstBoot(kind: SeedKind, boot: () => Promise<ProofBoot>): void {
  it("finishes cloud-init with status done, from the expected datasource, with no errors or warnings", async () => {
    expectCloudInitDone((await boot()).report, EXPECTED_DATASOURCE[kind]);
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
    expectStaticNetwork((await boot()).report);
  });
}

describe("a NoCloud seed ISO (cidata) from the seed-image provider", () => {
  it("holds user-data, meta-data and network-config", async () => {
    expect((await runs.noCloud).seed.files).toEqual(["meta-data", "network-config", "user-data"]);
  });
  describeFirstBoot(SeedKind.NoCloud, () => runs.noCloud);
});

describe("a config-drive seed ISO (config-2) with network_data.json", () => {
  it("holds network_data.json and no legacy network file", async () => {
    const files = (await runs.configDriveNetworkData).seed.files;
    expect(files).toContain("openstack/latest/network_data.json");
    expect(files).not.toContain("openstack/content/0000");
  });
  describeFirstBoot(SeedKind.ConfigDriveNetworkData, () => runs.configDriveNetworkData);
});

describe("a config-drive seed ISO (config-2) with only the flat_injected legacy network file", () => {
  it("holds openstack/content/0000 and no network_data.json", async () => {
    const files = (await runs.configDriveLegacyNetwork).seed.files;
    expect(files).toContain("openstack/content/0000");
    expect(files.filter((f) => f.endsWith("network_data.json"))).toEqual([]);
  });
  describeFirstBoot(SeedKind.ConfigDriveLegacyNetwork, () => runs.configDriveLegacyNetwork);
});

describe("re-running on a changed spec (one disk, three boots)", () => {
  const boot = (i: 0 | 1 | 2) => async (): Promise<ProofBoot> => (await runs.rerun)[i];

  describe("first boot", () => {
    describeFirstBoot(SeedKind.NoCloud, boot(0));
  });

  describe("second boot, seed of the changed spec", () => {
    it("gets a new instance-id from the changed content hash", async () => {
      const [first, second] = await runs.rerun;
      expect(second.seed.documents.instanceId).not.toBe(first.seed.documents.instanceId);
      expectInstanceId(second.report, second.seed);
    });
    it("finishes cloud-init with status done and no errors or warnings", async () => {
      expectCloudInitDone((await boot(1)()).report, EXPECTED_DATASOURCE[SeedKind.NoCloud]);
    });
    it("runs the per-instance modules again with the new values", async () => {
      const b = await boot(1)();
      expectHostname(b.report, SECOND_VARIANT);
      expectSettingsFile(b.report, SECOND_VARIANT);
      expectTimezone(b.report, SECOND_VARIANT);
    });
    it("runs runcmd for the new instance, after the first instance's run", async () => {
      const [first, second] = await runs.rerun;
      expect(lines(second.report.inspectedContent(RUNCMD_LOG))).toEqual([
        `runcmd first ${first.seed.documents.instanceId}`,
        `runcmd second ${second.seed.documents.instanceId}`,
      ]);
    });
    it("gives the existing user the new password hash (rendered as `hashed_passwd`, which cloud-init sets for existing users too)", async () => {
      const b = await boot(1)();
      expect(SECOND_VARIANT.password).not.toBe(FIRST_VARIANT.password);
      expectProofUser(b.report, b.seed, SECOND_VARIANT);
    });
    it("keeps the static network", async () => {
      expectStaticNetwork((await boot(1)()).report);
    });
  });

  describe("third boot, the same seed again", () => {
    it("keeps the instance-id and finishes cloud-init with no errors or warnings", async () => {
      const [, second, third] = await runs.rerun;
      expect(third.report.line("instance-id")).toBe(second.seed.documents.instanceId);
      expectCloudInitDone(third.report, EXPECTED_DATASOURCE[SeedKind.NoCloud]);
    });
    it("does not run the per-instance modules again", async () => {
      const [, second, third] = await runs.rerun;
      expect(third.report.inspectedContent(RUNCMD_LOG)).toBe(second.report.inspectedContent(RUNCMD_LOG));
      const semaphores = third.report.semaphores();
      expect(semaphores.get("config_runcmd")).toBeDefined();
      expect(semaphores).toEqual(second.report.semaphores());
    });
    it("runs bootcmd on every boot", async () => {
      const [, , third] = await runs.rerun;
      const bootLines = lines(third.report.inspectedContent(BOOTCMD_LOG));
      expect(bootLines).toHaveLength(3);
      expect(new Set(bootLines).size).toBe(3);
    });
    it("keeps the second instance's values", async () => {
      const [, , third] = await runs.rerun;
      expectHostname(third.report, SECOND_VARIANT);
      expectSettingsFile(third.report, SECOND_VARIANT);
      expectTimezone(third.report, SECOND_VARIANT);
      expectStaticNetwork(third.report);
    });
  });
});
