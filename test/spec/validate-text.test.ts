/** Text no guest can receive is refused with its property path and the reason. */
import { validateSpec } from "../../src/render/validate-spec";

const base = { hostname: "host-01" };
const VALIDATE_SPEC = "../../src/render/validate-spec";
type ValidateSpecModule = typeof import("../../src/render/validate-spec");
const problemsOf = (spec: unknown): string[] => validateSpec(spec).map((p) => `${p.path}: ${p.message}`);

describe("validateSpec refuses text no document can carry", () => {
  it.each([
    [
      "a lone high surrogate in a command",
      { runcmd: ["echo \ud800"] },
      "runcmd[0]: the text holds a lone UTF-16 surrogate (U+D800 at character 6)",
    ],
    [
      "a lone low surrogate in a gecos",
      { users: [{ name: "a", gecos: "\udc00x" }] },
      "users[0].gecos: the text holds a lone UTF-16 surrogate (U+DC00 at character 1)",
    ],
    [
      "a lone surrogate in an extraCloudConfig key",
      { extraCloudConfig: { "k\ud83d": 1 } },
      'extraCloudConfig["k\\ud83d"]: the key holds a lone UTF-16 surrogate (U+D83D at character 2)',
    ],
    [
      "a lone surrogate deep in vendorCloudConfig",
      { vendorCloudConfig: { a: [{ b: "\udfff" }] } },
      "vendorCloudConfig.a[0].b: the text holds a lone UTF-16 surrogate",
    ],
    [
      "an SSH key comment with U+2028 (Python's splitlines would make two keys)",
      { defaultUserSshAuthorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ0ZXN0a2V5 a\u2028b"] },
      "defaultUserSshAuthorizedKeys[0]: contains a line break",
    ],
    [
      "an include URL with NEL",
      { includeUrls: ["https://h.example/a\x85b"] },
      'includeUrls[0]: "https://h.example/a\x85b" is not an http(s) URL',
    ],
    [
      "an interface name with `:` (an ENI alias)",
      { network: { interfaces: [{ name: "eth0:1", dhcp4: true }] } },
      'network.interfaces[0].name: "eth0:1" is not a Linux interface name',
    ],
    [
      // The allowed characters the message lists are the ones the check allows: not `:`.
      "a bond name with `:`",
      {
        network: {
          interfaces: [{ name: "eth0" }, { name: "eth1" }],
          bonds: [{ name: "bond.0:x", interfaces: ["eth0", "eth1"], mode: "active-backup", dhcp4: true }],
        },
      },
      'network.bonds[0].name: "bond.0:x" is not a Linux interface name (1-15 letters, digits, `_`, `.` or `-`); ',
    ],
    [
      "a time zone of the right shape that does not exist",
      { timezone: "Europe/Atlantis" },
      'timezone: "Europe/Atlantis" is not a time zone of the IANA database',
    ],
    [
      "a time zone in the wrong case",
      { timezone: "europe/berlin" },
      'timezone: "europe/berlin" is not a time zone',
    ],
    ["a time zone as an offset", { timezone: "+01:00" }, 'timezone: "+01:00" is not a time zone'],
  ])("%s", (_name, fields, expected) => {
    expect(problemsOf({ ...base, ...fields })).toEqual([expect.stringContaining(expected)]);
  });

  it("keeps a surrogate pair (an emoji) and accepts zones, links and Etc names of tzdata", () => {
    for (const timezone of ["UTC", "Etc/UTC", "Etc/GMT+5", "Asia/Kolkata", "US/Pacific", "Europe/Berlin"]) {
      expect(problemsOf({ ...base, timezone, runcmd: ["echo \ud83d\ude00"] })).toEqual([]);
    }
  });

  // The runtime's ICU was the list before: Node 22.0's tzdata 2024a lacks America/Coyhaique (2025b), so the same
  // spec was valid on one machine and refused on another; its zone list also cost 2-4 ms of a command's start.
  it("decides from tzdata's names, not the runtime's ICU: the same answer whatever zones Node knows", () => {
    const known = Intl.supportedValuesOf("timeZone").filter((z) => z !== "America/Coyhaique");
    const list = jest.spyOn(Intl, "supportedValuesOf").mockReturnValue(known);
    const RealFormat = Intl.DateTimeFormat;
    const build = jest.spyOn(Intl, "DateTimeFormat").mockImplementation((locale, options) => {
      if (options?.timeZone === "America/Coyhaique") throw new RangeError("Invalid time zone specified");
      return new RealFormat(locale, options);
    });
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const fresh = require(VALIDATE_SPEC) as ValidateSpecModule;
        for (const timezone of ["America/Coyhaique", "US/Pacific", "Etc/GMT-14", "Europe/Kyiv"]) {
          expect(fresh.validateSpec({ ...base, timezone })).toEqual([]);
        }
        for (const timezone of ["Factory", "US/Atlantis", "Etc/GMT+15", "localtime", "posixrules"]) {
          expect(fresh.validateSpec({ ...base, timezone }).map((p) => p.path)).toEqual(["timezone"]);
        }
      });
      expect(build).not.toHaveBeenCalled();
      expect(list).not.toHaveBeenCalled();
    } finally {
      build.mockRestore();
      list.mockRestore();
    }
  });

  it("accepts every zone the runtime's ICU lists (an independent list of the same database)", () => {
    const refused = Intl.supportedValuesOf("timeZone").filter(
      (timezone) => problemsOf({ ...base, timezone }).length,
    );
    expect(refused).toEqual([]);
  });
});
