"""
Has this chroot's cloud-init rename NICs that are gone: what its local stage does when udev renamed a NIC
(`eth1` to `ens5`) after cloud-init read the names. Run in a new network namespace (only `lo`), so every
`ip link set <name> name <new>` is real and finds no device, and nothing of the host's is touched.

stdin: JSON {"seen": {name: mac}, "log": path}. The names cloud-init "read" are given to its real
`_rename_interfaces` in place of the machine's (`_get_current_rename_info`, which reads /sys); the network
config names each NIC `nic<i>` by MAC (`set-name`), and the real `stages.Init._apply_netcfg_names` logs what
goes wrong. Logging is set up the way cloud-init sets it up from the chroot's own 05_logging.cfg (the first
`log_cfgs` entry, `logging.config.fileConfig`), with the file handler's path moved to `log`; fileConfig drops
the root's other handlers, so log_capture.py's CAPTURE (prepended to this script) is added again after it.
stdout: JSON {"lines": CAPTURE.lines, "problems": capture_lost()}.
"""
import io
import json
import logging.config
import sys
import types

from cloudinit import distros, helpers, net, stages, util

job = json.load(sys.stdin)
conf = util.read_conf("/etc/cloud/cloud.cfg.d/05_logging.cfg")
first = conf["log_cfgs"][0]
text = "\n".join(first) if isinstance(first, list) else first
assert "'/var/log/cloud-init.log'" in text, text
logging.config.fileConfig(io.StringIO(text.replace("'/var/log/cloud-init.log'", repr(job["log"]))))
root = logging.getLogger()
files = [h for h in root.handlers if isinstance(h, logging.FileHandler)]
root.handlers = files + [CAPTURE]  # noqa: F821 (log_capture.py)


def seen_info(check_downable=True):
    return {
        name: {"downable": None, "device_id": None, "driver": None, "mac": mac, "name": name, "up": False}
        for name, mac in job["seen"].items()
    }


net._get_current_rename_info = seen_info
cfg = {"version": 2, "ethernets": {}}
for i, (name, mac) in enumerate(sorted(job["seen"].items()), start=1):
    cfg["ethernets"]["nic%d" % i] = {"match": {"macaddress": mac}, "set-name": "nic%d" % i}
distro = distros.fetch("debian")("debian", {}, helpers.Paths({}))
stages.Init._apply_netcfg_names(types.SimpleNamespace(distro=distro), cfg)
for handler in files:  # the log file is complete; capture_lost's sentinel must not reach it
    root.removeHandler(handler)
    handler.close()
lines = list(CAPTURE.lines)  # noqa: F821
print(json.dumps({"lines": lines, "problems": capture_lost()}))  # noqa: F821
