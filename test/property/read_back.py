"""Reads every rendered document of many generated specs back with Debian cloud-init's own code.

Runs with the /usr/bin/python3 of a Debian release and that release's cloud-init and PyYAML: the host's
(22.4.2, test/property/documents.property.test.ts) or a generation's chroot (20.4.1, 22.4.2, 25.1.4,
test/generations/property-read-back.test.ts). Only APIs present in all of them are used; a reader a release
does not have is skipped for that release and counted in "skipped" (never silently).

Input (stdin, JSON): a list of cases {"id", "userData" (base64), "cloudConfig", "parts", "vendorData",
"vendorCloudConfig", "metaData", "metaDataExpected", "publicKeys", "guestinfo", "guestinfoMetadata",
"configDrive", "vappPublicKeys", "network", "eni", "timezone", "includeUrls"}.
Output (stdout, JSON): {"version": cloud-init's version, "checked": cases read, "values": values compared,
"skipped": {reader: cases it was skipped for}, "limits": {known limit: cases}, "failures": [{"id", "what", "detail"}, one per value that did
not read back exactly]}.

Readers used, as a guest runs them:
- user-data and vendor-data: cloudinit.user_data.UserDataProcessor (MIME sniffing, email parsing,
  base64, part types), then util.load_yaml for each cloud-config part;
- meta-data, network config v1/v2: util.load_yaml (DataSourceNoCloud's reader);
- public keys: sources.normalize_pubkey_data (how every datasource splits key text);
- guestinfo: DataSourceVMware.decode, load_json_or_yaml, process_metadata (DataSourceVMware is new in 21.3:
  skipped, and counted, on 20.4);
- config drive: util.load_json and sources.convert_vendordata;
- ENI: cloudinit.net.eni.convert_eni_data;
- time zone: the file cloud-init's Distro._find_tz_file links (/usr/share/zoneinfo/<name> of the cloud-config's
  name), and that it holds the zone of the spec's name where the release has that name too.
"""
import base64
import datetime
import json
import os
import sys
import tempfile
import zoneinfo

from cloudinit import helpers, sources, user_data, util, version
from cloudinit.net import eni
from cloudinit_parts import processed_parts

try:
    from cloudinit.sources import DataSourceVMware
except ImportError:  # new in 21.3 (20.4.1 has no such module)
    DataSourceVMware = None

INCLUDE_REQUESTS = []


class FakeResponse:
    code = 200
    contents = b""

    def ok(self, *args, **kwargs):
        return True


def fake_read_file_or_url(url, *args, **kwargs):
    INCLUDE_REQUESTS.append(url)
    return FakeResponse()


user_data.read_file_or_url = fake_read_file_or_url

failures = []
counts = {"values": 0}
skipped = {}


def fail(case, what, got, expected):
    failures.append(
        {"id": case["id"], "what": what, "detail": {"got": repr(got)[:400], "expected": repr(expected)[:400]}}
    )


def same(case, what, got, expected):
    """Compares one value read back with the value meant (counted); records a failure when they differ."""
    counts["values"] += 1
    if got != expected:
        fail(case, what, got, expected)
        return False
    return True


def skip(reader):
    skipped[reader] = skipped.get(reader, 0) + 1


limits = {}


def limit(what):
    limits[what] = limits.get(what, 0) + 1


TZDATA_NAMES = []
SAME_ZONE = {}


def same_clock_since_2010(a, b):
    """Whether zones a and b of the release's tzdata give the same UTC offset at 00:00 and 12:00 UTC of
    every day from 2010 through 2037 (computed once per pair)."""
    if (a, b) not in SAME_ZONE:
        za, zb = zoneinfo.ZoneInfo(a), zoneinfo.ZoneInfo(b)
        t = datetime.datetime(2010, 1, 1, tzinfo=datetime.timezone.utc)
        step = datetime.timedelta(hours=12)
        result = True
        while result and t.year < 2038:
            x, y = t.astimezone(za), t.astimezone(zb)
            result = x.utcoffset() == y.utcoffset()
            t += step
        SAME_ZONE[(a, b)] = result
    return SAME_ZONE[(a, b)]


def tzdata_names():
    """Every zone and link name of the release's tzdata (its tzdata.zi: `Z name ...`, `L target name`)."""
    if not TZDATA_NAMES:
        with open("/usr/share/zoneinfo/tzdata.zi", encoding="utf-8") as f:
            for line in f:
                fields = line.split()
                if fields[:1] == ["Z"]:
                    TZDATA_NAMES.append(fields[1])
                elif fields[:1] == ["L"]:
                    TZDATA_NAMES.append(fields[2])
    return TZDATA_NAMES


def process(paths, blob):
    """The parts cloud-init makes of user-data bytes: [(content type, file name, payload)]."""
    del INCLUDE_REQUESTS[:]
    parts = []
    for part, payload in processed_parts(paths, blob)[1]:
        if part.get_content_type() == "text/x-not-multipart" and payload == "" and INCLUDE_REQUESTS:
            continue  # what the (empty) answers to the include URLs became
        parts.append([part.get_content_type(), part.get_filename(), payload])
    return parts, list(INCLUDE_REQUESTS)


def check_user_data(case, paths, what, blob, expected_config, expected_parts, expected_urls):
    parts, urls = process(paths, blob)
    configs = [p for p in parts if p[0] == "text/cloud-config"]
    if not configs:
        return same(case, what + ": no cloud-config part", [p[0] for p in parts], "text/cloud-config")
    loaded = util.load_yaml(configs[0][2], default="<refused by load_yaml>")
    same(case, what + ": cloud-config", loaded, expected_config)
    others = [p for p in parts if p is not configs[0] and p[0] != "text/x-include-url"]
    if expected_parts is not None:
        same(case, what + ": parts", others, expected_parts)
    if expected_urls is not None:
        same(case, what + ": include URLs", urls, expected_urls)


def check_guestinfo(case):
    if DataSourceVMware is None:
        return skip("guestinfo: no DataSourceVMware before 21.3")
    gi = case["guestinfo"]
    raw = DataSourceVMware.decode("metadata", gi["guestinfo.metadata.encoding"], gi["guestinfo.metadata"])
    gmd = DataSourceVMware.process_metadata(DataSourceVMware.load_json_or_yaml(raw))
    gmd_subset = {k: gmd.get(k) for k in case["guestinfoMetadata"]}
    if gmd_subset != case["guestinfoMetadata"]:
        same(case, "guestinfo metadata", gmd, case["guestinfoMetadata"])
    else:
        same(case, "guestinfo metadata", gmd_subset, case["guestinfoMetadata"])
    keys = sources.normalize_pubkey_data(gmd.get("public-keys-data"))
    same(case, "guestinfo public-keys-data", keys, case["publicKeys"])
    ud = DataSourceVMware.decode("userdata", gi["guestinfo.userdata.encoding"], gi["guestinfo.userdata"])
    ud = ud.encode("utf-8") if isinstance(ud, str) else ud
    same(case, "guestinfo userdata", ud, base64.b64decode(case["userData"]))
    if "guestinfo.vendordata" in gi:
        vd = DataSourceVMware.decode("vendordata", gi["guestinfo.vendordata.encoding"], gi["guestinfo.vendordata"])
        same(case, "guestinfo vendordata", util.decode_binary(vd), case["vendorData"])


def check(case, paths):
    check_user_data(
        case, paths, "user-data", base64.b64decode(case["userData"]), case["cloudConfig"], case["parts"],
        case["includeUrls"],
    )
    if case["vendorData"] is not None:
        check_user_data(
            case, paths, "vendor-data", case["vendorData"].encode("utf-8"), case["vendorCloudConfig"], [], None
        )
    md = util.load_yaml(case["metaData"], default="<refused by load_yaml>")
    if same(case, "meta-data", md, case["metaDataExpected"]):
        same(case, "meta-data public-keys", sources.normalize_pubkey_data(md.get("public-keys")), case["publicKeys"])

    check_guestinfo(case)

    cd = case["configDrive"]
    meta = util.load_json(base64.b64decode(cd["meta_data.json"]))
    meta_subset = {k: meta.get(k) for k in cd["metaExpected"]}
    if meta_subset != cd["metaExpected"]:
        same(case, "meta_data.json", meta, cd["metaExpected"])
    else:
        same(case, "meta_data.json", meta_subset, cd["metaExpected"])
    vendor = sources.convert_vendordata(util.load_json(base64.b64decode(cd["vendor_data.json"])))
    same(case, "vendor_data.json", vendor, case["vendorData"])

    same(case, "vApp public-keys", sources.normalize_pubkey_data(case["vappPublicKeys"]), case["publicKeys"])

    net = case["network"]
    if net is not None:
        for v in ("v1", "v2"):
            same(case, "network config " + v, util.load_yaml(net[v + "Yaml"], default="<refused by load_yaml>"), net[v])
        converted = eni.convert_eni_data(case["eni"])
        names = sorted({c["name"].split(":")[0] for c in converted["config"] if c.get("type") == "physical"})
        same(case, "ENI interfaces", names, net["names"])
        search = sorted({d for c in converted["config"] for s in c.get("subnets", []) for d in s.get("dns_search", [])})
        same(case, "ENI dns-search", search, net["search"])

    tz = case["timezone"]
    if tz is not None:
        # The cloud-config's name must have a tzdata file (Distro._find_tz_file); where the spec's own name
        # has one too (a legacy link the cloud-config renders as the zone it names), the two give the same
        # clock from 2010 on (test/generations/time-zone-links.test.ts checks every such name in full: older
        # tzdata keeps a few, e.g. MET, as zones of their own with other abbreviations or history).
        name = case["cloudConfig"]["timezone"]
        path = os.path.join("/usr/share/zoneinfo", name)
        if not os.path.isfile(path) and name not in tzdata_names():
            # A zone newer than the release's tzdata (no file and no entry in its tzdata.zi): no document
            # can set it there (docs/cloud-init-versions.md, Known limits); counted, not compared.
            return limit("timezone newer than this release's tzdata: " + name)
        same(case, "timezone", path if os.path.isfile(path) else "no " + path, path)
        meant = os.path.join("/usr/share/zoneinfo", tz)
        if meant != path and os.path.isfile(meant) and os.path.isfile(path):
            same(case, "timezone " + tz + " as " + name, same_clock_since_2010(tz, name), True)


def main():
    cases = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as root:
        paths = helpers.Paths({"cloud_dir": os.path.join(root, "cloud"), "run_dir": os.path.join(root, "run")})
        for case in cases:
            try:
                check(case, paths)
            except Exception as e:  # one case's crash is that case's failure, reported with the rest
                fail(case, "exception", "%s: %s" % (type(e).__name__, e), "no exception")
    json.dump(
        {
            "version": version.version_string(),
            "checked": len(cases),
            "values": counts["values"],
            "skipped": skipped,
            "limits": limits,
            "failures": failures,
        },
        sys.stdout,
    )


main()
