/**
 * Time zone names that Debian 13 (trixie, cloud-init 25.1.4) moved out of its `tzdata` package into
 * `tzdata-legacy`, which its images do not install (Debian 13 release notes, "Timezones split off into
 * tzdata-legacy package"): cloud-init links /etc/localtime to /usr/share/zoneinfo/<name> and fails with
 * "Invalid timezone US/Pacific, no file found" when the file is missing (cloudinit/distros/__init__.py
 * 25.1.4:376-382 `_find_tz_file`). Found by test/generations/property-read-back.test.ts in the trixie chroot.
 * The cloud-config carries the zone the name links to, which every release's tzdata has.
 */
import { renderSpecCloudConfig } from "../../src/render/cloud-config";
import { renderValidSpec } from "../../src/render/render-all";
import { validateSpec } from "../../src/render/validate-spec";
import type { BootstrapSpec } from "../../src/spec/types";

const base: BootstrapSpec = { hostname: "host-01" };

describe("timezone in the cloud-config", () => {
  it.each([
    ["US/Pacific", "America/Los_Angeles"],
    ["Asia/Katmandu", "Asia/Kathmandu"],
    ["America/Buenos_Aires", "America/Argentina/Buenos_Aires"],
    ["Asia/Calcutta", "Asia/Kolkata"],
    ["Europe/Kiev", "Europe/Kyiv"],
    ["EST", "America/Panama"],
  ])("renders the legacy link %s as the zone it names, %s, on every target", (name, zone) => {
    for (const minVersion of ["20.4", "22.4", "25.1"]) {
      expect(renderSpecCloudConfig({ ...base, timezone: name, cloudInit: { minVersion } }).timezone).toBe(
        zone,
      );
    }
  });

  it.each(["Europe/Berlin", "UTC", "Etc/UTC", "Etc/GMT+5", "Asia/Kolkata", "America/Los_Angeles"])(
    "keeps the zone %s as written",
    (name) => {
      expect(renderSpecCloudConfig({ ...base, timezone: name }).timezone).toBe(name);
    },
  );
});

describe("timezone in extraCloudConfig too", () => {
  it("is no conflict when it is the legacy name the spec's zone was rendered from", () => {
    const spec: BootstrapSpec = {
      ...base,
      timezone: "US/Pacific",
      extraCloudConfig: { timezone: "US/Pacific" },
    };
    expect(validateSpec(spec)).toEqual([]);
    expect(renderValidSpec(spec).cloudConfig.timezone).toBe("America/Los_Angeles");
    expect(validateSpec({ ...spec, extraCloudConfig: { timezone: "Europe/Berlin" } })).toHaveLength(1);
  });

  it("is rendered by the same rule when the spec has no timezone of its own", () => {
    const spec: BootstrapSpec = { ...base, extraCloudConfig: { timezone: "Asia/Calcutta" } };
    expect(validateSpec(spec)).toEqual([]);
    expect(renderValidSpec(spec).cloudConfig.timezone).toBe("Asia/Kolkata");
    const zone = { ...base, extraCloudConfig: { timezone: "Europe/Berlin" } };
    expect(renderValidSpec(zone).cloudConfig.timezone).toBe("Europe/Berlin");
  });
});
