/**
 * The legacy time zone names the cloud-config renders as the zone they link to (src/render/time-zone.ts),
 * checked against each generation's own tzdata: on trixie (Debian 13) exactly these names of its tzdata.zi
 * have no file under /usr/share/zoneinfo (they are in tzdata-legacy, not installed), and every zone they
 * map to has one on every generation; on bullseye and bookworm, which still ship the names, each name and
 * its zone give the same UTC offset every 12 hours from 2010 through 2037, and the same offset and
 * abbreviation from 1970 except for the few names their older tzdata still keeps as zones of their own.
 */
import { debianOf, GENERATIONS, runPythonIn } from "../helpers/chroots";
import { LEGACY_TIME_ZONE_LINKS } from "../../src/render/time-zone";
import { IANA_TZDATA_VERSION, ianaTimeZoneNames } from "../../src/spec/iana-time-zones";

const CHECK = `
import datetime, json, os, sys, zoneinfo
links = json.load(sys.stdin)
zi = "/usr/share/zoneinfo"
names = []
for line in open(os.path.join(zi, "tzdata.zi"), encoding="utf-8"):
    f = line.split()
    if f[:1] == ["Z"]:
        names.append(f[1])
    elif f[:1] == ["L"]:
        names.append(f[2])
def same(a, b, since=1970, names=True):
    za, zb = zoneinfo.ZoneInfo(a), zoneinfo.ZoneInfo(b)
    t = datetime.datetime(since, 1, 1, tzinfo=datetime.timezone.utc)
    while t.year < 2038:
        x, y = t.astimezone(za), t.astimezone(zb)
        if x.utcoffset() != y.utcoffset() or (names and x.tzname() != y.tzname()):
            return t.isoformat()
        t += datetime.timedelta(hours=12)
    return None
isfile = lambda n: os.path.isfile(os.path.join(zi, n))
print(json.dumps({
    "missingFiles": sorted(n for n in names if not isfile(n)),
    "zonesWithoutFile": sorted(z for z in set(links.values()) if not isfile(z)),
    "differ": sorted(n for n, z in links.items() if isfile(n) and isfile(z) and same(n, z)),
    "differSince2010": {n: same(n, z, 2010, False) for n, z in links.items()
                        if isfile(n) and isfile(z) and same(n, z, 2010, False)},
    "namesWithFile": sum(1 for n in links if isfile(n)),
}))
`;

describe.each(GENERATIONS.map((g) => [g.suite] as const))("tzdata of %s", (suite) => {
  it("has a file for every zone a legacy name is rendered as, and the name means that zone", () => {
    const r = runPythonIn(suite, CHECK, { input: JSON.stringify(LEGACY_TIME_ZONE_LINKS) });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as {
      missingFiles: string[];
      zonesWithoutFile: string[];
      differ: string[];
      differSince2010: Record<string, string>;
      namesWithFile: number;
    };
    expect(out.zonesWithoutFile).toEqual([]);
    const legacy = Object.keys(LEGACY_TIME_ZONE_LINKS).sort();
    if (debianOf(suite) >= 13) {
      expect(out.missingFiles).toEqual(legacy);
      expect(out.namesWithFile).toBe(0);
    } else {
      expect(out.missingFiles).toEqual([]);
      expect(out.namesWithFile).toBe(legacy.length);
      // The clock is the same from 2010 on.
      expect(out.differSince2010).toEqual({});
      // Their tzdata still keeps a few names as zones of their own, which tzdata 2024b made links: other
      // history (EET before 1981, WET 1992-1996, Asia/Choibalsan before 2008) or abbreviations (MET/MEST
      // where Europe/Brussels says CET/CEST). docs/cloud-init-versions.md (Known limits).
      expect(out.differ).toEqual(
        suite === "bullseye" ? ["Asia/Choibalsan", "EET", "MET", "WET"] : ["EET", "MET", "WET"],
      );
    }
  });
});

// The names validation accepts (src/spec/iana-time-zones.ts) are exactly trixie's tzdata.zi zones and links,
// except `Factory`; a newer tzdata in the chroot names what the table lacks or has too many.
describe("the time zone names validation accepts", () => {
  it("are the zones and links of trixie's tzdata.zi, of the tzdata release the table names", () => {
    const script = `
import json
names, version = [], None
for line in open("/usr/share/zoneinfo/tzdata.zi", encoding="utf-8"):
    f = line.split()
    if line.startswith("# version "):
        version = f[2]
    elif f[:1] == ["Z"]:
        names.append(f[1])
    elif f[:1] == ["L"]:
        names.append(f[2])
print(json.dumps({"version": version, "names": sorted(set(names) - {"Factory"})}))
`;
    const r = runPythonIn("trixie", script);
    expect(r.stderr).toBe("");
    const tzdata = JSON.parse(r.stdout) as { version: string; names: string[] };
    const table = [...ianaTimeZoneNames()].sort();
    expect({
      version: IANA_TZDATA_VERSION,
      onlyInTable: table.filter((n) => !tzdata.names.includes(n)),
    }).toEqual({
      version: tzdata.version,
      onlyInTable: [],
    });
    expect(tzdata.names.filter((n) => !table.includes(n))).toEqual([]);
    expect(table).toHaveLength(597);
  });
});
