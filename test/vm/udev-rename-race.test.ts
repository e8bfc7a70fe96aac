/**
 * `udevRenameRaces` and the tolerance `expectCloudInitDone` gives them, on the report of the forky bond boot
 * whose rename of the second NIC lost udev's race (fresh CI of 0643d01, 3 December 2026; trimmed to the
 * status files, the log's warning and rename lines and the kernel's rename lines: test/vm/fixtures/udev-rename-race).
 * And on 22.4's form of the warning (no "Failed to apply network config names: " wrapper, in the log only, two
 * NICs in one warning): test/vm/fixtures/udev-rename-race-bookworm is the report of the bookworm bond boot of
 * the fresh CI of 1100878 (which lost no race; its kernel log shows udev's `eth1`->`ens5`, `eth2`->`ens6` and
 * cloud-init's renames to `nic1`, `nic2`), trimmed like the forky one, with a cloud-init.log made of the record
 * bookworm's own cloud-init 22.4.2 writes when its renames of `eth1` and `eth2` find no device
 * (`stages.Init._apply_netcfg_names` run in the chroot in a network namespace without those devices, as
 * test/generations/nic-rename-race.test.ts does) and the next record of that boot's log.
 * And on the report of the forky NoCloud bond boot of 4 December 2026 (test/vm/fixtures/udev-rename-race-forky-four,
 * trimmed the same way; its log keeps every record above INFO whole), where udev renamed all four NICs while
 * cloud-init's local stage renamed them: one warning with four failed renames.
 * Runs with `npm run test:vm` and needs no guest (BOOTPROOF_SUITES does not apply).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cloudInitLogWarnings } from "../helpers/rename-race";
import { expectCloudInitDone, udevRenameRaces } from "./expectations";
import { GuestReport } from "./guest-report";
import { Suite, SUITES } from "./suites";

const FIXTURE = join(__dirname, "fixtures", "udev-rename-race");
const BOOKWORM_FIXTURE = join(__dirname, "fixtures", "udev-rename-race-bookworm");
/** The forky NoCloud bond boot of 4 December 2026 (four NICs), where every NIC's first rename lost the race. */
const FOUR_FIXTURE = join(__dirname, "fixtures", "udev-rename-race-forky-four");
/**
 * Boot-proof's forky vApp (guestinfo.ovfEnv) boot of the fresh CI of 6573823, 4 December 2026 (trimmed to the
 * status files, the log's warnings and the rename lines of the journal): udev renamed `eth0` to `ens4` while
 * cloud-init listed the NICs, so the NIC was "not present" and the rename failed in planning; the network stage
 * renamed it to `eth0`.
 */
const NOT_PRESENT_FIXTURE = join(__dirname, "fixtures", "udev-rename-race-forky-not-present");
/**
 * The bond boot's forky config-drive case in the fresh CI of 7285b5a (4 December 2026, trimmed to the status
 * files, the log's warnings and interface lines, the journal's rename and bond lines): the local stage renamed
 * `ens4` to `uplink0` (the kernel's `eth0`, renamed by udev first); the network stage found no NIC with its MAC
 * ("[nic not present] ... to uplink0") while networkd logged uplink0 renamed to `eth0`, `ens4` and back, renames
 * the kernel log does not show; uplink0 ends enslaved to bond0 with its own MAC as `permaddr`.
 */
const BOND_NOT_PRESENT_FIXTURE = join(__dirname, "fixtures", "udev-rename-race-forky-bond-not-present");
const FORKY = SUITES[Suite.Forky];
const BOOKWORM = SUITES[Suite.Bookworm];
const work: string[] = [];

/** A copy of a fixture with each edit applied to its file. */
function variant(
  file: string,
  edit: (text: string) => string,
  more: Record<string, (text: string) => string> = {},
  fixture = FIXTURE,
): GuestReport {
  const dir = mkdtempSync(join(tmpdir(), "bvm-rename-race-"));
  work.push(dir);
  cpSync(fixture, dir, { recursive: true });
  for (const [name, change] of Object.entries({ [file]: edit, ...more }))
    writeFileSync(join(dir, name), change(readFileSync(join(dir, name), "utf8")));
  return new GuestReport(dir);
}

/** The forky fixture's warning with its first NIC's rename (`eth0` to `nic0`, udev: `ens4`) lost as well. */
const FIRST_LOST =
  "[unknown] Error performing rename('eth0', 'nic0') for 52:54:00:b0:0d:01, nic0: Unexpected error while " +
  "running command.\nCommand: ['ip', 'link', 'set', 'eth0', 'name', 'nic0']\nExit code: 1\nReason: -\n" +
  'Stdout: \nStderr: Cannot find device "eth0"\n';

/** Every recoverable WARNING of a status JSON, with `FIRST_LOST` put before its first error. */
function bothLostStatus(text: string): string {
  return JSON.stringify(
    JSON.parse(text, (key, value: unknown) =>
      key === "WARNING" && Array.isArray(value)
        ? value.map((w: string) => w.replace("names: [unknown]", `names: ${FIRST_LOST}[unknown]`))
        : value,
    ),
  );
}

/** The log's warning record with `FIRST_LOST` put before its first error (its lines follow the header). */
function bothLostLog(text: string): string {
  return text.replace("names: [unknown]", `names: ${FIRST_LOST}[unknown]`);
}

afterAll(() => {
  for (const dir of work) rmSync(dir, { recursive: true, force: true });
});

describe("a first-boot NIC rename that lost udev's race", () => {
  const report = new GuestReport(FIXTURE);

  it("is recognised from the warning, the kernel's rename of the old name and the NIC's final name", () => {
    const races = udevRenameRaces(report, FORKY);
    // cloud-init's status lists the one warning once per stage that reported it: 4 times here.
    expect(races).toHaveLength(4);
    expect(new Set(races).size).toBe(1);
    expect(races[0]).toMatch(/^Failed to rename devices: .*rename\('eth1', 'nic1'\) for 52:54:00:b0:0d:02/);
  });

  it("is tolerated exactly: degraded status with only that warning passes, without the tolerance it fails", () => {
    expectCloudInitDone(report, "DataSourceNoCloud", FORKY, udevRenameRaces(report, FORKY));
    expect(() => expectCloudInitDone(report, "DataSourceNoCloud", FORKY)).toThrow();
  });

  it("is not recognised when udev did not rename the device away, or the NIC did not end up renamed", () => {
    expect(
      udevRenameRaces(
        variant("journal.txt", (t) => t.replace(/ens5: renamed from eth1/, "ens5: up")),
        FORKY,
      ),
    ).toEqual([]);
    expect(
      udevRenameRaces(
        variant("ip-d-link.json", (t) => t.replace(/"nic1"/g, '"ens5"')),
        FORKY,
      ),
    ).toEqual([]);
  });

  it("does not excuse another warning beside it", () => {
    const extra = variant(
      "cloud-init.log",
      (t) => `${t}2026-12-03 08:39:30,000 - util.py[WARNING]: something else went wrong\n`,
    );
    expect(() =>
      expectCloudInitDone(extra, "DataSourceNoCloud", FORKY, udevRenameRaces(extra, FORKY)),
    ).toThrow();
  });

  it("is recognised when one warning carries two NICs that lost the race, each proven", () => {
    // cloud-init joins one error per failed rename with newlines (_rename_interfaces).
    const both = variant("cloud-init-status.json", bothLostStatus, { "cloud-init.log": bothLostLog });
    const races = udevRenameRaces(both, FORKY);
    expect(races).toHaveLength(4);
    expect(races[0]).toContain("rename('eth0', 'nic0')");
    expect(races[0]).toContain("rename('eth1', 'nic1')");
    expectCloudInitDone(both, "DataSourceNoCloud", FORKY, races);
    // Not when one of the two is not proven: udev never renamed eth0 away.
    const unproven = variant("cloud-init-status.json", bothLostStatus, {
      "cloud-init.log": bothLostLog,
      "journal.txt": (t) => t.replace(/ens4: renamed from eth0/, "ens4: up"),
    });
    expect(udevRenameRaces(unproven, FORKY)).toEqual([]);
  });

  it("is recognised on a real boot where all four NICs lost it, in one warning", () => {
    // udev renamed eth0-eth3 114.9-115.5 s into the boot, while cloud-init's local stage renamed from those names.
    const four = new GuestReport(FOUR_FIXTURE);
    const races = udevRenameRaces(four, FORKY);
    expect(races.length).toBeGreaterThan(0);
    for (const race of races)
      expect([...race.matchAll(/rename\('(eth\d)', '(nic\d)'\)/g)].map((m) => `${m[1]}>${m[2]}`)).toEqual([
        "eth0>nic0",
        "eth1>nic1",
        "eth2>nic2",
        "eth3>nic3",
      ]);
    expectCloudInitDone(four, "DataSourceNoCloud", FORKY, races);
    expect(() => expectCloudInitDone(four, "DataSourceNoCloud", FORKY)).toThrow();
  });

  it("is read from the log on 22.4 (no recoverable errors, no wrapper), two NICs in one warning", () => {
    const bookworm = new GuestReport(BOOKWORM_FIXTURE);
    const races = udevRenameRaces(bookworm, BOOKWORM);
    expect(races).toHaveLength(1);
    expect(races[0]).toMatch(
      /^Failed to rename devices: \[unknown\] Error performing rename\('eth1', 'nic1'\)/,
    );
    expect(races[0]).toMatch(
      /\n\[unknown\] Error performing rename\('eth2', 'nic2'\) for 52:54:00:b0:0d:03, nic2: [^]*Stderr: Cannot find device "eth2"$/,
    );
    // 22.4's status exits 0 with the warning (it has no recoverable errors): tolerated, and only with the tolerance.
    expectCloudInitDone(bookworm, "DataSourceNoCloud", BOOKWORM, races);
    expect(() => expectCloudInitDone(bookworm, "DataSourceNoCloud", BOOKWORM)).toThrow();
    const renamedByUdevOnlyOnce = variant(
      "journal.txt",
      (t) => t.replace(/ens6: renamed from eth2/, "ens6: up"),
      {},
      BOOKWORM_FIXTURE,
    );
    expect(udevRenameRaces(renamedByUdevOnlyOnce, BOOKWORM)).toEqual([]);
  });

  it("on 20.4 reads no status JSON (its `cloud-init status --format json` is empty)", () => {
    // The fresh CI of 4841962 (stop 45): bullseye's bond boots failed on JSON.parse of the empty status file.
    const bullseye = variant("cloud-init-status.json", () => "", {}, BOOKWORM_FIXTURE);
    expect(udevRenameRaces(bullseye, SUITES[Suite.Bullseye])).toHaveLength(1);
  });
});

describe("cloudInitLogWarnings", () => {
  const at = (level: string, message: string): string =>
    `2026-12-04 00:10:18,118 - stages.py[${level}]: ${message}`;

  it("ends each WARNING record before the next header, without the blank lines between them", () => {
    const log = [
      at("WARNING", "first line"),
      "second line",
      "",
      "",
      at("DEBUG", "not a warning"),
      at("WARNING", "last"),
      "",
    ].join("\n");
    expect(cloudInitLogWarnings(log)).toEqual(["first line\nsecond line", "last"]);
  });
});

describe("a first-boot NIC rename whose NIC was not present (udev renaming it while cloud-init listed the NICs)", () => {
  const report = new GuestReport(NOT_PRESENT_FIXTURE);

  it("is recognised in both warnings, proven by udev's rename away from the asked name and the final name", () => {
    const races = udevRenameRaces(report, FORKY);
    expect(races).toHaveLength(8);
    expect(new Set(races)).toEqual(
      new Set([
        "Failed to rename devices: Failed to apply network config names: [nic not present] Cannot rename " +
          "mac=52:54:00:12:34:56 to eth0, not available.",
        "Unable to rename interfaces: [['52:54:00:12:34:56', 'eth0', 'virtio_net', '0x0001']] due to errors: " +
          "['[nic not present] Cannot rename mac=52:54:00:12:34:56 to eth0, not available.']",
      ]),
    );
  });

  it("is tolerated exactly by the first boot's check, which fails without the tolerance", () => {
    expectCloudInitDone(report, "DataSourceOVF", FORKY, udevRenameRaces(report, FORKY));
    expect(() => expectCloudInitDone(report, "DataSourceOVF", FORKY)).toThrow();
  });

  it("is not recognised when udev did not rename the NIC away, or it did not end up with the asked name", () => {
    const dir = mkdtempSync(join(tmpdir(), "bvm-not-present-"));
    work.push(dir);
    cpSync(NOT_PRESENT_FIXTURE, dir, { recursive: true });
    const journal = join(dir, "journal.txt");
    writeFileSync(journal, readFileSync(journal, "utf8").replace("ens4: renamed from eth0", "ens4: up"));
    expect(udevRenameRaces(new GuestReport(dir), FORKY)).toEqual([]);
    const links = join(dir, "ip-d-link.json");
    cpSync(join(NOT_PRESENT_FIXTURE, "journal.txt"), journal);
    writeFileSync(links, readFileSync(links, "utf8").replace('"ifname":"eth0"', '"ifname":"ens4"'));
    expect(udevRenameRaces(new GuestReport(dir), FORKY)).toEqual([]);
  });
});

describe("a NIC not present in the network stage's list, proven by udev's rename of the same device", () => {
  const report = new GuestReport(BOND_NOT_PRESENT_FIXTURE);

  it("is recognised and tolerated exactly: the kernel shows virtio2 renamed by udev and by cloud-init to uplink0", () => {
    const races = udevRenameRaces(report, FORKY);
    expect(races).toHaveLength(4);
    expect(
      races.every((r) => r.includes("Cannot rename mac=52:54:00:b0:0d:01 to uplink0, not available.")),
    ).toBe(true);
    expectCloudInitDone(report, "DataSourceConfigDrive", FORKY, races);
    expect(() => expectCloudInitDone(report, "DataSourceConfigDrive", FORKY)).toThrow();
  });

  it("is not recognised without udev's rename of that device, or when the NIC did not end as uplink0", () => {
    // virtio3's udev rename (eth1 to ens5) stays: another device's rename does not prove this one's.
    const noUdevRename = (t: string): string =>
      t.replace("virtio2 ens4: renamed from eth0", "virtio2 ens4: up");
    expect(
      udevRenameRaces(variant("journal.txt", noUdevRename, {}, BOND_NOT_PRESENT_FIXTURE), FORKY),
    ).toEqual([]);
    const otherName = (t: string): string => t.replace('"ifname": "uplink0"', '"ifname": "ens4"');
    expect(
      udevRenameRaces(variant("ip-d-link.json", otherName, {}, BOND_NOT_PRESENT_FIXTURE), FORKY),
    ).toEqual([]);
  });
});
