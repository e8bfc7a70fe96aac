/**
 * `udevRenameRaces` and the tolerance `expectCloudInitDone` gives them, on the report of the forky bond boot
 * whose rename of the second NIC lost udev's race (fresh CI of 0643d01, 3 December 2026; trimmed to the
 * status files, the log's warning and rename lines and the kernel's rename lines: test/vm/fixtures/udev-rename-race).
 * Part of `npm test` (no guest needed).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectCloudInitDone, udevRenameRaces } from "./expectations";
import { GuestReport } from "./guest-report";
import { Suite, SUITES } from "./suites";

const FIXTURE = join(__dirname, "fixtures", "udev-rename-race");
const FORKY = SUITES[Suite.Forky];
const work: string[] = [];

/** A copy of the fixture with `edit` applied to one file. */
function variant(file: string, edit: (text: string) => string): GuestReport {
  const dir = mkdtempSync(join(tmpdir(), "bvm-rename-race-"));
  work.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), "utf8")));
  return new GuestReport(dir);
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

  it("is not looked for where cloud-init has no recoverable errors (20.4's status JSON is empty, 22.4's has none)", () => {
    // The fresh CI of 4841962 (stop 45): bullseye's bond boots failed on JSON.parse of the empty status file.
    const bullseye = variant("cloud-init-status.json", () => "");
    expect(udevRenameRaces(bullseye, SUITES[Suite.Bullseye])).toEqual([]);
    expect(udevRenameRaces(report, SUITES[Suite.Bookworm])).toEqual([]);
  });
});
