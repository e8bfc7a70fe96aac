"""Takes generated network documents the way an Ubuntu image does: cloud-init's own network code, then netplan.

Runs inside a generation's `netplan` chroot (Debian's cloud-init with Debian's netplan.io: 20.4.1 with netplan
0.101, 22.4.2 with 0.106, 25.1.4 with 1.1.2, 26.2 with 1.2.2), after log_capture.py and net_property.py
(prepended by netplan.test.ts, which sets NET_PROPERTY_MAIN = False so that net_property.py only defines).
Input (stdin, JSON): the jobs of net_property.py. For each document:
1. the boot's schema check, where the release has it (`validate_cloudconfig_schema` with
   SchemaType.NETWORK_CONFIG, as stages.py 25.1.4:1096-1103 calls it at boot: on a system with netplan's
   Python API a v2 document is checked by netplan's own parser, `netplan_validate_network_schema`);
2. cloud-init's netplan renderer, as `apply_network_config` runs it (no target; v2 passes through; from 24.x,
   with netplan's Python API, the file is written through netplan's `State._write_yaml_file`): it writes
   the chroot's /etc/netplan, and what it wrote is moved into the job's root;
3. netplan's generator as the boot runs it (`generate --root-dir`; from 1.2 the systemd generator and then
   `configure`, netplan-configure.service), whose exit status and messages are kept;
4. the systemd-networkd files it wrote, read back into devices in the form `normalize` gives.
Output (last stdout line, JSON): {"version", "netplan", "results": {id: {"state", "problems", "generate":
{"status", "messages"}, and for v1 and network_data.json "model" (what cloud-init's
netplan renderer writes from its state, `renderer_model`) and "cloudState" (that state, `normalize`)}}}; a problem is an exception, or a record cloud-init logged at
WARNING or above or mentioning a deprecation.
"""
import glob
import ipaddress
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

# CAPTURE, load_config, parse, normalize, cidr, add_route, RENDERERS: log_capture.py and net_property.py,
# prepended by the test.

try:
    from cloudinit.config.schema import SchemaType, validate_cloudconfig_schema
    BOOT_SCHEMA = hasattr(SchemaType, "NETWORK_CONFIG")
except ImportError:  # 20.4 has no network schema
    BOOT_SCHEMA = False

GENERATE = next(
    p for p in ("/usr/libexec/netplan/generate", "/lib/netplan/generate", "/usr/lib/netplan/generate")
    if os.path.exists(p)
)
# From netplan 1.2 the generator only checks the YAML and writes systemd units (it runs as a systemd generator,
# `generator_dir` required); netplan-configure.service's `configure` writes the networkd files at boot.
CONFIGURE = "/usr/libexec/netplan/configure" if os.path.exists("/usr/libexec/netplan/configure") else None
# The renderer as the boot runs it: no target, so the file is /etc/netplan/50-cloud-init.yaml (26.2 hands a
# target's whole path to netplan's `_write_yaml_file`, which puts it under /etc/netplan/ again and fails).
NETPLAN_CONFIG = dict(next(config for name, _cls, config in RENDERERS if name == "netplan"))  # noqa: F821
NETPLAN_CONFIG["netplan_path"] = "/etc/netplan/50-cloud-init.yaml"


def generate(root):
    """Runs netplan's generator on root as the boot does; (exit status, messages)."""
    if CONFIGURE is None:
        runs = [[GENERATE, "--root-dir", root]]
    else:
        generator = os.path.join(root, "usr/lib/systemd/system-generators/netplan")
        os.makedirs(os.path.dirname(generator))
        os.symlink(GENERATE, generator)  # it must be called as `netplan` to run as the systemd generator
        dirs = [os.path.join(root, "run/systemd", d) for d in ("generator", "generator.early", "generator.late")]
        runs = [[generator, "--root-dir", root] + dirs, [CONFIGURE, "--root-dir", root]]
    status, messages = 0, []
    for argv in runs:
        done = subprocess.run(argv, capture_output=True, text=True)
        messages += [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        status = status or done.returncode
    return status, messages


def netplan_version():
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "netplan.io"], capture_output=True, text=True)
    return out.stdout.strip()


def read_unit(path):
    sections = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("["):
                sections.append((line[1:-1], []))
                continue
            key, _, value = line.partition("=")
            sections[-1][1].append((key.strip(), value.strip()))
    return sections


def values(sections, section, key):
    return [v for s, kv in sections if s == section for k, v in kv if k == key]


def first(sections, section, key):
    found = values(sections, section, key)
    return found[0] if found else None


def networkd_state(root):
    """The devices the networkd files under root/run/systemd/network configure (the `normalize` form), plus
    what that form has no field for: bond and bridge settings, a member's PrimarySlave, the metric of each
    default route."""
    folder = os.path.join(root, "run/systemd/network")
    devices = {}

    def dev(name):
        return devices.setdefault(name, {
            "name": name, "type": "physical", "mac": None, "mtu": None, "addresses": [], "dhcp4": False,
            "dhcp6": False, "slaac": False, "gateways": [], "routes": [], "nameservers": [], "search": [],
            "bondMaster": None, "bondMode": None, "vlanId": None, "vlanLink": None, "bridgePorts": None,
            "bond": {}, "bridge": {}, "primary": False, "defaultRoutes": [],
        })

    files = os.listdir(folder) if os.path.isdir(folder) else []
    # .netdev first: a VLAN's or bridge's kind must be known before another device's .network names it.
    for name in sorted(files, key=lambda f: (not f.endswith(".netdev"), f)):
        unit = read_unit(os.path.join(folder, name))
        stem = name.rsplit(".", 1)[0].replace("10-netplan-", "", 1)
        if name.endswith(".netdev"):
            d = dev(first(unit, "NetDev", "Name"))
            d["type"] = first(unit, "NetDev", "Kind")
            mac = first(unit, "NetDev", "MACAddress")
            d["mac"] = mac.lower() if mac else None
            if first(unit, "NetDev", "MTUBytes"):
                d["mtu"] = int(first(unit, "NetDev", "MTUBytes"))
            if d["type"] == "bond":
                d["bond"] = dict(kv for s, kvs in unit if s == "Bond" for kv in kvs)
                d["bondMode"] = d["bond"].get("Mode")
            elif d["type"] == "vlan":
                d["vlanId"] = int(first(unit, "VLAN", "Id"))
            elif d["type"] == "bridge":
                d["bridge"] = dict(kv for s, kvs in unit if s == "Bridge" for kv in kvs)
                d["bridgePorts"] = d["bridgePorts"] or []
        elif name.endswith(".link"):
            d = dev(first(unit, "Link", "Name") or stem)
            mac = first(unit, "Match", "PermanentMACAddress") or first(unit, "Match", "MACAddress")
            if mac:
                d["mac"] = mac.lower()
            if first(unit, "Link", "MTUBytes"):
                d["mtu"] = int(first(unit, "Link", "MTUBytes"))
        elif name.endswith(".network"):
            d = dev(first(unit, "Match", "Name") or stem)
            mac = first(unit, "Match", "PermanentMACAddress") or first(unit, "Match", "MACAddress")
            if mac and d["type"] == "physical":
                d["mac"] = mac.lower()
            if first(unit, "Link", "MTUBytes"):
                d["mtu"] = int(first(unit, "Link", "MTUBytes"))
            dhcp = first(unit, "Network", "DHCP") or "no"
            d["dhcp4"] = dhcp in ("yes", "ipv4", "true")
            d["dhcp6"] = dhcp in ("yes", "ipv6", "true")
            d["slaac"] = first(unit, "Network", "IPv6AcceptRA") in ("yes", "true")
            d["addresses"] += [str(ipaddress.ip_interface(a)) for a in values(unit, "Network", "Address")]
            d["gateways"] += [str(ipaddress.ip_address(g)) for g in values(unit, "Network", "Gateway")]
            d["nameservers"] += [str(ipaddress.ip_address(n)) for n in values(unit, "Network", "DNS")]
            for domains in values(unit, "Network", "Domains"):
                d["search"] += domains.split()
            bond = first(unit, "Network", "Bond")
            if bond:
                d["bondMaster"] = bond
                d["primary"] = first(unit, "Network", "PrimarySlave") in ("true", "yes")
            bridge = first(unit, "Network", "Bridge")
            if bridge:
                ports = dev(bridge)["bridgePorts"]
                dev(bridge)["bridgePorts"] = (ports or []) + [d["name"]]
            for vlan in values(unit, "Network", "VLAN"):
                dev(vlan)["vlanLink"] = d["name"]
            for s, kvs in unit:
                if s != "Route":
                    continue
                route = dict(kvs)
                entry = {"destination": route.get("Destination"), "gateway": route.get("Gateway")}
                if route.get("Metric") is not None:
                    entry["metric"] = int(route["Metric"])
                add_route(d, entry)  # noqa: F821
                network = ipaddress.ip_network(entry["destination"] or "0.0.0.0/0", strict=False)
                if network.prefixlen == 0:
                    d["defaultRoutes"].append(
                        "%s via %s%s" % (network, ipaddress.ip_address(entry["gateway"]),
                                         " metric %s" % entry["metric"] if "metric" in entry else ""))
    return {"devices": list(devices.values()), "nameservers": [], "search": [], "routes": []}


DYNAMIC6 = ("dhcp6", "ipv6_slaac", "ipv6_dhcpv6-stateless", "ipv6_dhcpv6-stateful")


def renderer_model(ns):
    """What cloud-init's netplan renderer writes for a v1 state, device by device (the `normalize` form):
    `_extract_addresses` (netplan.py 20.4.1-26.2) reads addresses, gateways, routes and name servers of static
    subnets only and turns every dynamic IPv6 subnet (SLAAC too) into `dhcp6: true`; `accept-ra` is the
    device's key; `_render_content` gives the global name servers to each device with static addresses and
    no name servers of its own."""
    devices = []
    for iface in ns.iter_interfaces():
        mtu = iface.get("mtu")
        dev = {
            "name": iface.get("name"), "type": iface.get("type"),
            "mac": (iface.get("mac_address") or "").lower() or None,
            "mtu": int(mtu) if mtu not in (None, "") else None,
            "addresses": [], "dhcp4": False, "dhcp6": False,
            "slaac": iface.get("accept-ra") not in (None, False, "false", "no") and bool(iface.get("accept-ra")),
            "gateways": [], "routes": [], "nameservers": [], "search": [],
        }
        for subnet in iface.get("subnets") or []:
            kind = subnet.get("type")
            if kind in ("dhcp", "dhcp4"):
                dev["dhcp4"] = True
            elif kind in DYNAMIC6:
                dev["dhcp6"] = True
            elif kind in ("static", "static6"):
                dev["addresses"].append(cidr(subnet["address"], subnet.get("prefix"), subnet.get("netmask")))  # noqa: F821
                if subnet.get("gateway"):
                    dev["gateways"].append(str(ipaddress.ip_address(subnet["gateway"])))
                for route in subnet.get("routes") or []:
                    add_route(dev, route)  # noqa: F821
                ns_ = subnet.get("dns_nameservers") or []
                dev["nameservers"] += ns_.split() if isinstance(ns_, str) else ns_
                search = subnet.get("dns_search") or []
                dev["search"] += search.split() if isinstance(search, str) else search
        if dev["addresses"] and not dev["nameservers"] and not dev["search"] and (ns.dns_nameservers or ns.dns_searchdomains):
            dev["nameservers"] = list(ns.dns_nameservers or [])
            dev["search"] = list(ns.dns_searchdomains or [])
        devices.append(dev)
    return devices


def run_netplan(job):
    cfg = load_config(job)  # noqa: F821
    if BOOT_SCHEMA:
        validate_cloudconfig_schema(
            config=cfg, schema_type=SchemaType.NETWORK_CONFIG, strict=False, log_details=True,
            log_deprecations=True,
        )
    state = parse(cfg) if job["source"] != "v2" else None  # noqa: F821
    model = renderer_model(state) if state is not None else None
    root = tempfile.mkdtemp()
    try:
        for old in glob.glob("/etc/netplan/*"):
            os.remove(old)
        renderer = netplan.Renderer(config=dict(NETPLAN_CONFIG))  # noqa: F821
        renderer.render_network_state(network_state=parse(cfg, renderer))  # noqa: F821
        os.makedirs(os.path.join(root, "etc/netplan"), exist_ok=True)
        for written in glob.glob("/etc/netplan/*"):  # netplan's API writes the system's /etc/netplan
            shutil.move(written, os.path.join(root, "etc/netplan", os.path.basename(written)))
        status, messages = generate(root)
        return {
            "state": networkd_state(root),
            "generate": {"status": status, "messages": messages},
            "model": model,
            "cloudState": normalize(state) if state is not None else None,  # noqa: F821
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def netplan_main():
    jobs = json.load(sys.stdin)
    results = {}
    for job in jobs:
        CAPTURE.lines = []  # noqa: F821
        try:
            result = run_netplan(job)
            problems = []
        except BaseException:  # every failure is reported against its job
            result, problems = {}, ["exception: " + traceback.format_exc()]
        result["problems"] = problems + CAPTURE.lines + capture_lost()  # noqa: F821
        results[job["id"]] = result
    out = {"version": version.version_string(), "netplan": netplan_version(), "results": results}  # noqa: F821
    sys.stdout.write("\n" + json.dumps(out) + "\n")


netplan_main()
