"""
Runs one cloud-init generation's own DataSourceOpenStack (network stage) or DataSourceOpenStackLocal (local
stage, its ephemeral DHCP replaced: the chroot has no NIC) against `serve --mode openstack` on loopback.

The datasource is pointed at the server with its own setting `datasource: OpenStack: metadata_urls`
(DataSourceOpenStack.wait_for_metadata_service). Two things only are done to the network, in urllib3's
`create_connection` (every requests connection goes through it): the socket is bound to SOURCE_ADDRESS (the
address the server knows the VM by, from its lease table), and a connection for 169.254.169.254:80 goes to
EC2_TARGET (what QEMU's guestfwd does for a guest): MetadataReader reads the EC2 tree from
http://169.254.169.254 whatever metadata_urls says. Environment: SERVER_URL, SOURCE_ADDRESS, EC2_TARGET
("host:port", or "" to leave 169.254.169.254 alone), STAGE ("net" or "local"), TIMEOUT and RETRIES (ds
settings, only when set). Output (last stdout line, JSON).
"""
# CAPTURE: log_capture.py, prepended by the test.
import copy
import json
import os
import shutil
import tempfile
import time

import urllib3.util.connection as urllib3_connection

SOURCE = os.environ["SOURCE_ADDRESS"]
EC2_TARGET = os.environ.get("EC2_TARGET", "")
original = urllib3_connection.create_connection


def create_connection(address, *args, **kwargs):
    host, port = address
    if (host, port) == ("169.254.169.254", 80) and EC2_TARGET:
        target_host, target_port = EC2_TARGET.rsplit(":", 1)
        host, port = target_host, int(target_port)
    kwargs["source_address"] = (SOURCE, 0)
    return original((host, port), *args, **kwargs)


urllib3_connection.create_connection = create_connection

from cloudinit import distros, dmi, helpers  # noqa: E402
from cloudinit.sources import DataSourceOpenStack as ds_openstack  # noqa: E402



def read_dmi_data(key):
    # What Nova's SMBIOS says (the chroot has no /sys): ds-identify and detect_openstack/ds_detect read it.
    return {"system-product-name": "OpenStack Nova"}.get(key)


dmi.read_dmi_data = read_dmi_data


class NoDhcp:
    """DataSourceOpenStackLocal's EphemeralDHCPv4: the chroot has no NIC to take a lease on."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


ds_openstack.EphemeralDHCPv4 = NoDhcp

crawled = {}
real_read = ds_openstack.read_metadata_service


def read_metadata_service(base_url, **kwargs):
    # What the datasource asks the service (its crawl), and what it got back.
    crawled["base_url"] = base_url
    crawled["kwargs"] = {k: v for k, v in kwargs.items() if k != "ssl_details"}
    result = real_read(base_url, **kwargs)
    # A copy: the datasource's network_config (convert_net_json) rewrites the network_data it was given.
    crawled["result"] = copy.deepcopy(result)
    return result


ds_openstack.read_metadata_service = read_metadata_service

ds_cfg = {"metadata_urls": [os.environ["SERVER_URL"]]}
for name in ("timeout", "retries"):
    if os.environ.get(name.upper()):
        ds_cfg[name] = int(os.environ[name.upper()])
sys_cfg = {"datasource_list": ["OpenStack", "None"], "datasource": {"OpenStack": ds_cfg}}
tmp = tempfile.mkdtemp()
paths = helpers.Paths({"cloud_dir": tmp, "run_dir": tmp})
distro = distros.fetch("debian")("debian", {}, paths)
# The guest's NIC: distro.fallback_interface would look in /sys/class/net, which the chroot lacks.
distro._fallback_interface = "eth0"
# DataSourceOpenStackLocal (22.4.2) asks where to run dhclient from; that reads `mount`, which the chroot lacks.
distro.get_tmp_exec_path = lambda: tmp
cls = ds_openstack.DataSourceOpenStackLocal if os.environ["STAGE"] == "local" else ds_openstack.DataSourceOpenStack
ds = cls(sys_cfg, distro, paths)
# The same for 20.4.1's and 22.4.2's DataSourceOpenStackLocal, which asks the datasource (its
# fallback_interface property looks in /sys/class/net and logs a WARNING when it finds no NIC).
ds._fallback_interface = "eth0"
started = time.monotonic()
claimed = bool(ds.get_data())
seconds = time.monotonic() - started


def text(value):
    return value.decode() if isinstance(value, bytes) else value


result = crawled.get("result") or {}
print(json.dumps({
    "claimed": claimed,
    "seconds": seconds,
    "metadataAddress": ds.metadata_address,
    "crawl": {"baseUrl": crawled.get("base_url"), "kwargs": crawled.get("kwargs")},
    "read": {k: text(v) for k, v in result.items() if k != "files"},
    "files": {k: text(v) for k, v in (result.get("files") or {}).items()},
    "dsmode": ds.dsmode,
    "version": ds.version,
    "metadata": ds.metadata,
    "userdata": text(ds.userdata_raw),
    "vendordata": text(ds.vendordata_raw),
    "vendordata2": text(getattr(ds, "vendordata2_raw", None)),
    "ec2": ds.ec2_metadata,
    "networkConfig": ds.network_config if claimed else None,
    "logged": CAPTURE.lines + capture_lost(),
}, default=repr))
shutil.rmtree(tmp)
