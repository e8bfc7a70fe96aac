"""Reads every rendered document of many generated specs back with Debian cloud-init's own code (22.4).

Input (stdin, JSON): a list of cases {"id", "userData" (base64), "cloudConfig", "parts", "vendorData",
"vendorCloudConfig", "metaData", "metaDataExpected", "publicKeys", "guestinfo", "guestinfoMetadata",
"configDrive", "vappPublicKeys", "network", "eni", "timezone", "includeUrls"}.
Output (stdout, JSON): a list of {"id", "what", "detail"}, one per value that did not read back exactly.

Readers used, as a guest runs them:
- user-data and vendor-data: cloudinit.user_data.UserDataProcessor (MIME sniffing, email parsing,
  base64, part types), then util.load_yaml for each cloud-config part;
- meta-data, network config v1/v2: util.load_yaml (DataSourceNoCloud's reader);
- public keys: sources.normalize_pubkey_data (how every datasource splits key text);
- guestinfo: DataSourceVMware.decode, load_json_or_yaml, process_metadata;
- config drive: util.load_json and sources.convert_vendordata;
- ENI: cloudinit.net.eni.convert_eni_data;
- time zone: the file cloud-init's Distro._find_tz_file links (/usr/share/zoneinfo/<name>).
"""
import base64
import json
import os
import sys
import tempfile

from cloudinit import helpers, sources, user_data, util
from cloudinit.net import eni
from cloudinit.sources import DataSourceVMware
from cloudinit_parts import processed_parts

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


def fail(case, what, got, expected):
    failures.append(
        {"id": case["id"], "what": what, "detail": {"got": repr(got)[:400], "expected": repr(expected)[:400]}}
    )


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
        return fail(case, what + ": no cloud-config part", [p[0] for p in parts], "text/cloud-config")
    loaded = util.load_yaml(configs[0][2], default="<refused by load_yaml>")
    if loaded != expected_config:
        fail(case, what + ": cloud-config", loaded, expected_config)
    others = [p for p in parts if p is not configs[0] and p[0] != "text/x-include-url"]
    if expected_parts is not None and others != expected_parts:
        fail(case, what + ": parts", others, expected_parts)
    if expected_urls is not None and urls != expected_urls:
        fail(case, what + ": include URLs", urls, expected_urls)


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
    if md != case["metaDataExpected"]:
        fail(case, "meta-data", md, case["metaDataExpected"])
    elif sources.normalize_pubkey_data(md.get("public-keys")) != case["publicKeys"]:
        fail(case, "meta-data public-keys", sources.normalize_pubkey_data(md.get("public-keys")), case["publicKeys"])

    gi = case["guestinfo"]
    raw = DataSourceVMware.decode("metadata", gi["guestinfo.metadata.encoding"], gi["guestinfo.metadata"])
    gmd = DataSourceVMware.process_metadata(DataSourceVMware.load_json_or_yaml(raw))
    gmd_subset = {k: gmd.get(k) for k in case["guestinfoMetadata"]}
    if gmd_subset != case["guestinfoMetadata"]:
        fail(case, "guestinfo metadata", gmd, case["guestinfoMetadata"])
    keys = sources.normalize_pubkey_data(gmd.get("public-keys-data"))
    if keys != case["publicKeys"]:
        fail(case, "guestinfo public-keys-data", keys, case["publicKeys"])
    ud = DataSourceVMware.decode("userdata", gi["guestinfo.userdata.encoding"], gi["guestinfo.userdata"])
    if (ud.encode("utf-8") if isinstance(ud, str) else ud) != base64.b64decode(case["userData"]):
        fail(case, "guestinfo userdata", ud, "the user-data bytes")
    if "guestinfo.vendordata" in gi:
        vd = DataSourceVMware.decode("vendordata", gi["guestinfo.vendordata.encoding"], gi["guestinfo.vendordata"])
        if util.decode_binary(vd) != case["vendorData"]:
            fail(case, "guestinfo vendordata", vd, case["vendorData"])

    cd = case["configDrive"]
    meta = util.load_json(base64.b64decode(cd["meta_data.json"]))
    if {k: meta.get(k) for k in cd["metaExpected"]} != cd["metaExpected"]:
        fail(case, "meta_data.json", meta, cd["metaExpected"])
    vendor = sources.convert_vendordata(util.load_json(base64.b64decode(cd["vendor_data.json"])))
    if vendor != case["vendorData"]:
        fail(case, "vendor_data.json", vendor, case["vendorData"])

    ovf_keys = sources.normalize_pubkey_data(case["vappPublicKeys"])
    if ovf_keys != case["publicKeys"]:
        fail(case, "vApp public-keys", ovf_keys, case["publicKeys"])

    net = case["network"]
    if net is not None:
        for version in ("v1", "v2"):
            loaded = util.load_yaml(net[version + "Yaml"], default="<refused by load_yaml>")
            if loaded != net[version]:
                fail(case, "network config " + version, loaded, net[version])
        converted = eni.convert_eni_data(case["eni"])
        names = sorted({c["name"].split(":")[0] for c in converted["config"] if c.get("type") == "physical"})
        if names != net["names"]:
            fail(case, "ENI interfaces", names, net["names"])
        search = sorted({d for c in converted["config"] for s in c.get("subnets", []) for d in s.get("dns_search", [])})
        if search != net["search"]:
            fail(case, "ENI dns-search", search, net["search"])

    tz = case["timezone"]
    if tz is not None and not os.path.isfile(os.path.join("/usr/share/zoneinfo", tz)):
        fail(case, "timezone", "no /usr/share/zoneinfo/" + tz, "an existing tzdata file")


def main():
    cases = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as root:
        paths = helpers.Paths({"cloud_dir": os.path.join(root, "cloud"), "run_dir": os.path.join(root, "run")})
        for case in cases:
            try:
                check(case, paths)
            except Exception as e:  # one case's crash is that case's failure, reported with the rest
                fail(case, "exception", "%s: %s" % (type(e).__name__, e), "no exception")
    json.dump({"checked": len(cases), "failures": failures}, sys.stdout)


main()
