"""`cloud-init devel net-convert` as it runs in a guest whose NICs exist (test/conformance/network-devices-check.ts).

Each `--nic NAME,MAC` before cloud-init's own arguments is a device the kernel named NAME: cloud-init's
get_interfaces_by_mac returns them, as it reads /sys/class/net in a guest. A chroot has none of these devices,
so without this net-convert never finds a device by MAC, and network_state keeps a MAC-only v2 entry under its
key where a 22.2+ guest names it after the device it finds (network_state.py 22.4.2:713-745, 26.2:728-761).
network_state imports the function by name from 22.2 on, so both places are replaced."""
import sys

import cloudinit.net as net
import cloudinit.net.network_state as network_state

args = sys.argv[1:]
nics = {}
while args[:1] == ["--nic"]:
    name, mac = args[1].split(",", 1)
    nics[mac.lower()] = name
    args = args[2:]


def interfaces_by_mac(*_args, **_kwargs):
    return dict(nics)


net.get_interfaces_by_mac = interfaces_by_mac
if hasattr(network_state, "get_interfaces_by_mac"):
    network_state.get_interfaces_by_mac = interfaces_by_mac

from cloudinit.cmd.main import main  # noqa: E402  (after the patch, as the command line would load it)

sys.argv = ["cloud-init"] + args
sys.exit(main())
