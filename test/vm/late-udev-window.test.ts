/**
 * `lateUdevWindow`, the check that a late-udev boot hit the window the failing CI boot hit, on the journal of
 * boot-proof's forky late-udev NoCloud (v1) boot of 7 December 2026 (57f5a6d, run on the development machine;
 * trimmed to systemd's lines for cloud-init's local and network stages and the kernel's rename lines:
 * test/vm/fixtures/late-udev-window-forky). udev renamed `eth0` to `ens4` 0.09 s after the local stage ended,
 * and the network stage named the device `eth0` again 3.5 s later.
 * Runs with `npm run test:vm` and needs no guest (BOOTPROOF_SUITES does not apply).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lateUdevWindow } from "./expectations";
import { GuestReport } from "./guest-report";

const FIXTURE = join(__dirname, "fixtures", "late-udev-window-forky");
const work: string[] = [];

/** The fixture with its journal edited. */
function withJournal(edit: (journal: string) => string): GuestReport {
  const dir = mkdtempSync(join(tmpdir(), "bvm-late-udev-"));
  work.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  const path = join(dir, "journal.txt");
  writeFileSync(path, edit(readFileSync(path, "utf8")));
  return new GuestReport(dir);
}

afterAll(() => {
  for (const dir of work) rmSync(dir, { recursive: true, force: true });
});

describe("the late-udev window", () => {
  it("is read from the journal: the local stage's end, udev's rename after it, the rename back after that", () => {
    const report = new GuestReport(FIXTURE);
    expect(report.finishedAt("cloud-init-local.service")).toBe(62.94654);
    expect(report.finishedAt("cloud-init-network.service")).toBe(69.570628);
    expect(report.finishedAt("cloud-init.service")).toBeUndefined();
    expect(lateUdevWindow(report, "eth0", "ens4")).toEqual({
      localDone: 62.94654,
      byUdev: { at: 63.041506, device: "virtio2", name: "ens4", from: "eth0" },
      back: { at: 66.526907, device: "virtio2", name: "eth0", from: "ens4" },
    });
  });

  it("is missed when udev renamed the NIC before the local stage ended", () => {
    const early = withJournal((j) => j.replace("[   63.041506]", "[   62.046540]"));
    expect(() => lateUdevWindow(early, "eth0", "ens4")).toThrow(
      "udev renamed eth0 to ens4 at 62.04654, before the local stage ended (62.94654)",
    );
  });

  it("is missed when the name came back on another device, or never did", () => {
    const other = withJournal((j) =>
      j.replace("virtio2 eth0: renamed from ens4", "virtio3 eth0: renamed from ens4"),
    );
    expect(() => lateUdevWindow(other, "eth0", "ens4")).toThrow(
      "the kernel logged no rename of virtio2 back to eth0 after udev's (63.041506)",
    );
    const never = withJournal((j) => j.replace(/^.*eth0: renamed from ens4\n/m, ""));
    expect(() => lateUdevWindow(never, "eth0", "ens4")).toThrow("no rename of virtio2 back to eth0");
  });

  it("is missed when the journal shows no end of the local stage or no rename by udev", () => {
    const noLocal = withJournal((j) => j.replace(/^.*Finished cloud-init-local.*\n/m, ""));
    expect(() => lateUdevWindow(noLocal, "eth0", "ens4")).toThrow(
      "the journal has no end of cloud-init-local.service",
    );
    expect(() => lateUdevWindow(new GuestReport(FIXTURE), "eth1", "ens5")).toThrow(
      "the kernel logged no rename from eth1 to ens5",
    );
  });
});
