"""Reads NoCloud seeds with Debian cloud-init's own DataSourceNoCloud.

Input (stdin, JSON): [{"name", "dir"}], each dir holding user-data, meta-data and optionally
network-config and vendor-data, exactly as a `cidata` volume would.
Each seed is read twice: as the seed directory cloud-init checks first (<cloud_dir>/seed/nocloud/), and
through `seedfrom: file://<dir>/` (util.read_seeded), the path a `ds=nocloud;s=...` seed takes.
Output (stdout, JSON): {name: {"seedDir": {...}, "seedFrom": {...}}} with what the datasource holds.
"""
import base64
import json
import os
import shutil
import sys
import tempfile

from cloudinit import helpers
from cloudinit.sources.DataSourceNoCloud import DataSourceNoCloud


def b64(raw):
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    return base64.b64encode(raw).decode("ascii")


def read(seed_dir, root, seedfrom):
    cloud_dir = os.path.join(root, "cloud")
    paths = helpers.Paths({"cloud_dir": cloud_dir, "run_dir": os.path.join(root, "run")})
    ds_cfg = {"fs_label": None}  # no block-device scan on the test machine
    if seedfrom:
        ds_cfg["seedfrom"] = "file://%s/" % seed_dir
    else:
        shutil.copytree(seed_dir, os.path.join(paths.seed_dir, "nocloud"))
    ds = DataSourceNoCloud({"datasource": {"NoCloud": ds_cfg}}, None, paths)
    if not ds.get_data():
        raise RuntimeError("DataSourceNoCloud did not claim the seed at %s" % seed_dir)
    return {
        "seed": ds.seed,
        "instanceId": ds.get_instance_id(),
        "hostname": ds.get_hostname().hostname,
        "metadata": ds.metadata,
        "publicKeys": ds.get_public_ssh_keys(),
        "userdataRaw": b64(ds.userdata_raw),
        "vendordataRaw": b64(ds.vendordata_raw) if ds.vendordata_raw else None,
        "networkConfig": ds.network_config,
    }


def main():
    out = {}
    for entry in json.load(sys.stdin):
        result = {}
        for mode, seedfrom in (("seedDir", False), ("seedFrom", True)):
            with tempfile.TemporaryDirectory() as root:
                result[mode] = read(entry["dir"], root, seedfrom)
        out[entry["name"]] = result
    json.dump(out, sys.stdout, default=repr)


main()
