"""Reads generated network documents with one cloud-init generation's own network code, in one process.

Runs inside a Debian chroot with that generation's /usr/bin/python3 and cloud-init (20.4.1, 22.4.2, 25.1.4,
26.2); only APIs present in all four are used. Input (stdin, JSON): a list of jobs {"id", "source" ("v1",
"v2", "network_data.json"), "text", "knownMacs" (network_data.json), "spot" (addresses and gateways every
renderer's output must name)}. Each document is parsed into cloud-init's
NetworkState (network_data.json first through convert_net_json, as DataSourceConfigDrive does) with no
renderer, which is what the ENI, networkd and sysconfig renderers get, and that state is normalized per
device; then it is rendered as `devel net-convert` does (parse_net_config_data with the renderer, which
makes v2 a passthrough for netplan) to ENI, netplan, networkd (not in 20.4) and NetworkManager keyfiles (22.3 on). Output (last stdout line,
JSON): {"version", "results": {id: {"state", "problems", "spot", "eni" (the ENI output), "renderErrors" (renderer:
traceback)}}}, where a problem is an exception,
a log record at WARNING or above, or any record mentioning a deprecation.
"""
import ipaddress
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import traceback

import yaml


# CAPTURE: log_capture.py, prepended by the test.

from cloudinit import distros, version  # noqa: E402
from cloudinit.net import eni, netplan, network_state  # noqa: E402
from cloudinit.sources.helpers import openstack  # noqa: E402

try:
    from cloudinit.net import networkd
except ImportError:  # networkd renderer is new in 21.2
    networkd = None
try:
    from cloudinit.net import network_manager
except ImportError:  # the NetworkManager renderer is new in 22.3
    network_manager = None


def prefix_of(netmask):
    return bin(int(ipaddress.ip_address(netmask))).count("1")


def cidr(address, prefix=None, netmask=None):
    if "/" in str(address):
        return str(ipaddress.ip_interface(address))
    if prefix is None and netmask:
        prefix = prefix_of(netmask) if ":" in str(netmask) or "." in str(netmask) else netmask
    if prefix is None:
        prefix = 128 if ":" in address else 32
    return str(ipaddress.ip_interface("%s/%s" % (address, prefix)))


def route_key(route):
    net = route.get("network") or route.get("destination") or ""
    if net in ("default", ""):
        net = "::" if ":" in str(route.get("gateway", "")) else "0.0.0.0"
    if "/" in net:
        network = ipaddress.ip_network(net, strict=False)
    else:
        prefix = route.get("prefix")
        if prefix is None and route.get("netmask"):
            prefix = prefix_of(route["netmask"])
        if prefix is None:
            prefix = 128 if ":" in net else 32
        network = ipaddress.ip_network("%s/%s" % (net, prefix), strict=False)
    via = str(ipaddress.ip_address(route["gateway"])) if route.get("gateway") else None
    return network, via, route.get("metric")


def add_route(dev, route):
    network, via, metric = route_key(route)
    if network.prefixlen == 0:
        dev["gateways"].append(via)
    else:
        text = "%s via %s" % (network, via)
        if metric is not None:
            text += " metric %s" % int(metric)
        dev["routes"].append(text)


def normalize(ns):
    devices = []
    for iface in ns.iter_interfaces():
        mtu = iface.get("mtu")
        dev = {
            "name": iface.get("name"),
            "type": iface.get("type"),
            "mac": (iface.get("mac_address") or "").lower() or None,
            "mtu": int(mtu) if mtu not in (None, "") else None,
            "addresses": [],
            "dhcp4": False,
            "dhcp6": False,
            "slaac": bool(iface.get("accept-ra")),
            "gateways": [],
            "routes": [],
            "nameservers": [],
            "search": [],
            "bondMaster": iface.get("bond-master"),
            "bondMode": iface.get("bond-mode") or iface.get("bond_mode") or (iface.get("params") or {}).get("bond-mode"),
            "vlanId": iface.get("vlan_id"),
            "vlanLink": iface.get("vlan-raw-device") or iface.get("vlan_link"),
            "bridgePorts": iface.get("bridge_ports"),
            "subnets": [],
            # Per subnet, in order: its family as cloud-init's ENI renderer tells it (subnet_is_ipv6, 26.2
            # net/__init__.py 1295-1306) and its DNS keys as they are (None when absent).
            "subnetDns": [],
        }
        for subnet in iface.get("subnets") or []:
            kind = subnet.get("type")
            dev["subnets"].append(kind)
            if kind in ("static", "static6"):
                dev["addresses"].append(cidr(subnet["address"], subnet.get("prefix"), subnet.get("netmask")))
            elif kind in ("dhcp", "dhcp4"):
                dev["dhcp4"] = True
            elif kind in ("dhcp6", "ipv6_dhcpv6-stateful"):
                dev["dhcp6"] = True
            elif kind in ("ipv6_slaac", "ipv6_dhcpv6-stateless"):
                dev["slaac"] = True
            if subnet.get("gateway"):
                dev["gateways"].append(str(ipaddress.ip_address(subnet["gateway"])))
            for route in subnet.get("routes") or []:
                add_route(dev, route)
            dev["subnetDns"].append({
                "ipv6": kind.endswith("6") or kind in ("ipv6_slaac", "ipv6_dhcpv6-stateless", "ipv6_dhcpv6-stateful")
                or (kind == "static" and ":" in str(subnet.get("address", ""))),
                "nameservers": subnet.get("dns_nameservers") if "dns_nameservers" in subnet else None,
                "search": subnet.get("dns_search") if "dns_search" in subnet else None,
            })
            dev["nameservers"] += subnet.get("dns_nameservers") or []
            dev["search"] += subnet.get("dns_search") or []
        own = iface.get("dns") or {}
        dev["nameservers"] += own.get("nameservers") or own.get("addresses") or []
        dev["search"] += own.get("search") or []
        devices.append(dev)
    global_routes = []
    for route in ns.iter_routes():
        network, via, metric = route_key(route)
        global_routes.append("%s via %s%s" % (network, via, "" if metric is None else " metric %s" % metric))
    return {
        "devices": devices,
        "nameservers": list(ns.dns_nameservers or []),
        "search": list(ns.dns_searchdomains or []),
        "routes": global_routes,
    }


IP_TOKEN = re.compile(r"[0-9a-fA-F:.]*[:.][0-9a-fA-F:.]*")


def ips_in(text):
    out = set()
    for token in IP_TOKEN.findall(text):
        try:
            out.add(str(ipaddress.ip_address(token.strip(".:") if token.count(":") < 2 else token)))
        except ValueError:
            pass
    return out


def renderers():
    debian = distros.fetch("debian")
    configs = debian.renderer_configs
    out = [("eni", eni.Renderer, dict(configs.get("eni", {})))]
    netplan_config = dict(configs.get("netplan", {}))
    netplan_config["postcmds"] = False
    netplan_config["netplan_path"] = netplan_config.get("netplan_path", "/etc/netplan/50-cloud-init.yaml")[1:]
    out.append(("netplan", netplan.Renderer, netplan_config))
    if networkd is not None:
        out.append(("networkd", networkd.Renderer, dict(configs.get("networkd", {}) or {})))
    if network_manager is not None:
        out.append(("network-manager", network_manager.Renderer, {}))
    return out


RENDERERS = renderers()


def parse(cfg, renderer=None):
    if renderer is None:
        return network_state.parse_net_config_data(cfg)
    try:
        return network_state.parse_net_config_data(cfg, renderer=renderer)
    except TypeError:  # 20.4: no renderer argument (and no netplan passthrough of v2 in the state)
        return network_state.parse_net_config_data(cfg)


def read_tree(root):
    files = {}
    for base, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(base, name)
            with open(path, encoding="utf-8") as f:
                files[os.path.relpath(path, root)] = f.read()
    return files


def load_config(job):
    """The job's document as cloud-init takes it: network_data.json through convert_net_json, YAML as it is."""
    if job["source"] == "network_data.json":
        return openstack.convert_net_json(json.loads(job["text"]), known_macs=job.get("knownMacs") or None)
    return yaml.safe_load(job["text"])


def run(job):
    cfg = load_config(job)
    result = {"state": normalize(parse(cfg)), "spot": {}, "renderErrors": {}}
    for name, cls, config in RENDERERS:
        target = tempfile.mkdtemp()
        try:
            renderer = cls(config=dict(config))
            renderer.render_network_state(network_state=parse(cfg, renderer), target=target)
            files = read_tree(target)
        except Exception:  # one renderer's failure is reported as its own, the others still run
            result["renderErrors"][name] = traceback.format_exc()
            continue
        finally:
            shutil.rmtree(target, ignore_errors=True)
        found = set()
        for text in files.values():
            found |= ips_in(text)
        result["spot"][name] = sorted(set(job["spot"]) - found)
        if name == "eni":
            result["eni"] = files.get("etc/network/interfaces.d/50-cloud-init", "")
    return result


def main():
    jobs = json.load(sys.stdin)
    results = {}
    for job in jobs:
        CAPTURE.lines = []
        try:
            result = run(job)
            problems = []
        except BaseException:  # every failure is reported against its job
            result, problems = {}, ["exception: " + traceback.format_exc()]
        result["problems"] = problems + CAPTURE.lines + capture_lost()
        results[job["id"]] = result
    sys.stdout.write("\n" + json.dumps({"version": version.version_string(), "results": results}) + "\n")


# netplan_property.py reuses the functions above and sets NET_PROPERTY_MAIN = False before them.
if globals().get("NET_PROPERTY_MAIN", True):
    main()
