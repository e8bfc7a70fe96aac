/**
 * The warning of a first-boot NIC rename that lost udev's race, as each bond-boot generation's own cloud-init
 * writes it (Debian's 20.4.1, 22.4.2 and 26.2 in chroots; trixie's chroot has no `ip`, and no bond boot runs
 * on it): nic_rename_race.py has the chroot's real `_apply_netcfg_names` rename one or two NICs that are gone,
 * in a new network namespace, logging as the chroot's 05_logging.cfg sets cloud-init up. The reader the bond
 * boot uses (test/helpers/rename-race.ts) must find each warning in the log file and each failed rename in
 * it: 20.4 and 22.4 write no "Failed to apply network config names: " (their `_rename_interfaces` raises a
 * plain Exception, which the RuntimeError wrapper lets through), and one warning carries every NIC that lost.
 * The reader that wanted the wrapper and one NIC found none of 20.4's and 22.4's warnings and no warning of
 * two NICs, so such a lost race failed a bond boot's first check instead of being tolerated when proven.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chrootWorkdir, GENERATIONS, runPythonIn } from "../helpers/chroots";
import { cloudInitLogWarnings, FailedRename, renameRaceErrors } from "../helpers/rename-race";

/** nic_rename_race.py after the log capture it reports from (log_capture.py). */
const SCRIPT = ["log_capture.py", "nic_rename_race.py"]
  .map((f) => readFileSync(join(__dirname, f), "utf8"))
  .join("\n");
const BOND_BOOT_SUITES = GENERATIONS.filter((g) => g.suite !== "trixie");
const ONE_NIC = { eth1: "52:54:00:b0:0d:02" };

interface Raced {
  /** What cloud-init logged at WARNING or above (or about a deprecation), as `LEVEL: message`. */
  lines: string[];
  /** capture_lost(): not empty when the capture no longer saw cloud-init's records. */
  problems: string[];
  log: string;
}

const races = new Map<string, Raced>();

/** The chroot's cloud-init renaming the NICs it read as `seen` (name -> MAC), none of which exists (run once). */
function race(suite: (typeof GENERATIONS)[number]["suite"], seen: Record<string, string>): Raced {
  const key = `${suite} ${JSON.stringify(seen)}`;
  const known = races.get(key);
  if (known) return known;
  const work = chrootWorkdir(suite);
  try {
    const r = runPythonIn(suite, SCRIPT, {
      input: JSON.stringify({ seen, log: `${work.inside}/cloud-init.log` }),
      netns: true,
    });
    if (r.status !== 0) throw new Error(`nic_rename_race.py failed in ${suite}: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as Omit<Raced, "log">;
    const result = { ...out, log: readFileSync(join(work.host, "cloud-init.log"), "utf8") };
    races.set(key, result);
    return result;
  } finally {
    work.remove();
  }
}

/** The one message the race logged: its only line must be a WARNING. */
function onlyWarning({ lines, problems }: Raced): string {
  expect(problems).toEqual([]);
  expect(lines).toHaveLength(1);
  const [line = ""] = lines;
  expect(line.startsWith("WARNING: ")).toBe(true);
  return line.slice("WARNING: ".length);
}

describe.each(BOND_BOOT_SUITES)("cloud-init $cloudInit ($suite): a NIC rename that found no device", (g) => {
  const cases: [string, Record<string, string>, FailedRename[]][] = [
    ["one NIC", ONE_NIC, [{ from: "eth1", to: "nic1", mac: "52:54:00:b0:0d:02" }]],
    [
      "two NICs",
      { eth1: "52:54:00:b0:0d:02", eth2: "52:54:00:b0:0d:03" },
      [
        { from: "eth1", to: "nic1", mac: "52:54:00:b0:0d:02" },
        { from: "eth2", to: "nic2", mac: "52:54:00:b0:0d:03" },
      ],
    ],
  ];

  it.each(cases)(
    "%s: one warning, read whole from the log, naming every failed rename",
    (_, seen, renames) => {
      const raced = race(g.suite, seen);
      const message = onlyWarning(raced);
      expect(message).toMatch(/^Failed to rename devices: /);
      expect(message.includes("Failed to apply network config names: ")).toBe(g.suite === "forky");
      // The log file holds the message as the status's recoverable errors (23.4+) do: the record's whole message.
      expect(cloudInitLogWarnings(raced.log)).toEqual([message]);
      expect(renameRaceErrors(message)).toEqual(renames);
    },
  );

  it("any other warning is not read as one", () => {
    const message = onlyWarning(race(g.suite, ONE_NIC));
    expect(renameRaceErrors(message.replace('Cannot find device "eth1"', "Device or resource busy"))).toBe(
      undefined,
    );
    expect(renameRaceErrors(`${message}\nsomething else`)).toBe(undefined);
  });
});
