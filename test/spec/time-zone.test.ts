/**
 * The time-zone rule (cloud-init links /etc/localtime to /usr/share/zoneinfo/<name>, so the name must be
 * spelled as tzdata spells it: cloudinit/distros/__init__.py `Distro._find_tz_file`, 22.4), checked
 * without building ICU's list of every zone when the name resolves to itself.
 */
import { isIanaTimeZone } from "../../src/spec/validate-identity";

describe("isIanaTimeZone", () => {
  afterEach(() => jest.restoreAllMocks());

  it("accepts every zone the runtime lists, spelled as listed, and refuses its case variants", () => {
    for (const zone of Intl.supportedValuesOf("timeZone")) {
      expect([zone, isIanaTimeZone(zone)]).toEqual([zone, true]);
      for (const variant of [zone.toLowerCase(), zone.toUpperCase()].filter((v) => v !== zone)) {
        expect([variant, isIanaTimeZone(variant)]).toEqual([variant, false]);
      }
    }
  });

  it("accepts links ICU resolves to another zone and refuses names ICU does not know", () => {
    expect(["US/Pacific", "Asia/Kolkata", "Etc/UTC", "UTC", "Etc/GMT+5"].map(isIanaTimeZone)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["Europe/Atlantis", "US/Atlantis", "+01:00", "Europe/berlin"].map(isIanaTimeZone)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("does not build the list of every zone for a zone spelled as the database spells it", () => {
    const list = jest.spyOn(Intl, "supportedValuesOf");
    jest.isolateModules(() => {
      const fresh =
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module: no list built yet
        require("../../src/spec/validate-identity") as typeof import("../../src/spec/validate-identity");
      expect(fresh.isIanaTimeZone("Europe/Berlin")).toBe(true);
      expect(fresh.isIanaTimeZone("America/New_York")).toBe(true);
    });
    expect(list).not.toHaveBeenCalled();
  });
});
