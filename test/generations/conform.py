"""Runs every conformance job of one cloud-init generation in one process (module import is slow).

Runs inside a Debian chroot with that generation's own /usr/bin/python3 and cloud-init (20.4 .. 26.x);
only APIs present in all of them are used. Input (stdin, JSON): a list of jobs, each
{"id", "kind", ...}. Output (last stdout line, JSON): {id: {"problems": [...], "facts": {...}}}, where a
problem is any exception, non-zero exit, log record at WARNING or above, or any line mentioning a
deprecation; facts are what a test compares with the spec.
"""
import contextlib
import copy
import io
import json
import logging
import os
import sys
import tempfile
import traceback


# CAPTURE: log_capture.py, prepended by the test.


def run_schema(job):
    from cloudinit.config import schema

    parser = schema.get_parser()
    argv = ["-c", job["path"]]
    if job.get("schemaType"):
        argv += ["--schema-type", job["schemaType"]]
    args = parser.parse_args(argv)
    out = io.StringIO()
    status = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            schema.handle_schema_args("schema", args)
        except SystemExit as e:
            status = e.code or 0
    text = out.getvalue()
    problems = []
    if status != 0:
        problems.append("exit %s: %s" % (status, text.strip()))
    problems += [l for l in text.splitlines() if "deprecat" in l.lower() or "warning" in l.lower()]
    if "Valid " not in text:
        problems.append("no 'Valid ...' verdict: %s" % text.strip())
    return problems, {"output": text}


def has_schema_type():
    from cloudinit.config import schema

    return any(a.dest == "schema_type" for a in schema.get_parser()._actions)


def run_convert(job):
    from cloudinit import distros
    from cloudinit.cmd.devel import net_convert

    parser = net_convert.get_parser()
    outputs = [a for a in parser._actions if a.dest == "output_kind"][0].choices
    if job["output"] not in outputs:  # networkd is new in 21.x; 20.4 renders eni, netplan, sysconfig
        return [], {"skipped": "no %s renderer in this cloud-init" % job["output"]}
    debian = distros.fetch("debian")
    pristine = getattr(debian, "_bvm_pristine", None)
    if pristine is None:
        pristine = copy.deepcopy(debian.renderer_configs)
        debian._bvm_pristine = pristine
    debian.renderer_configs = copy.deepcopy(pristine)
    argv = ["-p", job["input"], "-k", job["format"], "-D", "debian", "-O", job["output"], "-d", job["dir"]]
    for pair in job.get("macs", []):
        argv += ["-m", pair]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        net_convert.handle_args("net-convert", parser.parse_args(argv))
    files = {}
    for base, _dirs, names in os.walk(job["dir"]):
        for name in names:
            path = os.path.join(base, name)
            with open(path, encoding="utf-8") as f:
                files[os.path.relpath(path, job["dir"])] = f.read()
    problems = [l for l in out.getvalue().splitlines() if "deprecat" in l.lower() or "warn" in l.lower()]
    return problems, {"files": files}


def handled_types(paths):
    """The content types this cloud-init's part handlers take (cloudinit/stages.py registers these)."""
    from cloudinit.handlers.boot_hook import BootHookPartHandler
    from cloudinit.handlers.cloud_config import CloudConfigPartHandler
    from cloudinit.handlers.jinja_template import JinjaTemplatePartHandler
    from cloudinit.handlers.shell_script import ShellScriptPartHandler

    def make(cls, *args):
        try:
            return cls(*args, paths=paths)
        except TypeError:  # 22.x+ boot hook handler also takes the datasource
            return cls(*args, paths=paths, datasource=None)

    handlers = [make(CloudConfigPartHandler), make(ShellScriptPartHandler), make(BootHookPartHandler)]
    try:
        from cloudinit.handlers.shell_script_by_frequency import ShellScriptByFreqPartHandler
        from cloudinit.settings import PER_ALWAYS, PER_INSTANCE, PER_ONCE

        for freq in (PER_ALWAYS, PER_INSTANCE, PER_ONCE):
            handlers.append(make(ShellScriptByFreqPartHandler, freq))
    except ImportError:  # before 22.1
        pass
    types = set()
    for h in handlers:
        types.update(h.list_types())
    types.update(JinjaTemplatePartHandler(paths=paths, sub_handlers=handlers).list_types())
    types.update(["text/part-handler", "text/x-include-url", "text/x-include-once-url"])
    return types


class Included:
    """What a (local, fake) fetch of an include URL returns: a cloud-config that merges."""

    def __init__(self, url):
        self.code = 200
        self.contents = (
            "#cloud-config\nmerge_how: list(append)+dict(recurse_array)+str()\nruncmd:\n  - echo included %s\n" % url
        ).encode()

    def ok(self, *args, **kwargs):
        return True


def fake_fetch(url, *args, **kwargs):
    return Included(url)


class Instance:
    """The datasource the part handlers' paths ask for the instance-id."""

    def get_instance_id(self):
        return "iid-conformance"


def run_userdata(job):
    import base64

    from cloudinit import helpers, user_data

    # Include URLs are fetched through the name user_data imported (util's on 20.4, url_helper's later).
    user_data.read_file_or_url = fake_fetch
    root = tempfile.mkdtemp()
    paths = helpers.Paths(
        {"cloud_dir": os.path.join(root, "cloud"), "run_dir": os.path.join(root, "run")}, ds=Instance()
    )
    raw = base64.b64decode(job["userData"])
    msg = user_data.UserDataProcessor(paths).process(raw)
    types = handled_types(paths)
    parts = []
    problems = []
    for part in msg.walk():
        if part.get_content_maintype() == "multipart":
            continue
        ctype = part.get_content_type()
        parts.append({"contentType": ctype, "filename": part.get_filename()})
        if ctype not in types:
            problems.append("part %s of type %s: no handler in this cloud-init" % (part.get_filename(), ctype))
    return problems, {"parts": parts}


def run_nocloud(job):
    from cloudinit import dmi, helpers
    from cloudinit.sources.DataSourceNoCloud import DataSourceNoCloud

    # The chroot has no /sys/class/dmi/id: stand in for a VM whose SMBIOS has no serial number (20.4.1's
    # read_dmi_data would log a WARNING for the missing path, dmi.py 20.4.1:159; 22.4.2 logs it at DEBUG).
    dmi.read_dmi_data = lambda key: None

    root = tempfile.mkdtemp()
    paths = helpers.Paths({"cloud_dir": os.path.join(root, "cloud"), "run_dir": os.path.join(root, "run")})
    os.makedirs(paths.run_dir)
    cfg = {"datasource": {"NoCloud": {"fs_label": None, "seedfrom": "file://%s/" % job["dir"]}}}
    ds = DataSourceNoCloud(cfg, None, paths)
    if not ds.get_data():
        return ["DataSourceNoCloud did not claim the seed"], {}
    return [], {"instanceId": ds.get_instance_id(), "networkConfig": ds.network_config}


def run_configdrive(job):
    from cloudinit.sources import DataSourceConfigDrive as cd
    from cloudinit.sources.helpers import openstack

    results = cd.read_config_drive(job["dir"])
    ds = cd.DataSourceConfigDrive.__new__(cd.DataSourceConfigDrive)
    ds._network_config = None
    ds.network_json = results.get("networkdata") or None
    ds.network_eni = results.get("network_config")
    ds.known_macs = job.get("knownMacs") or None
    if ds.network_json is None:
        from cloudinit import sources

        ds.network_json = sources.UNSET
    net = ds.network_config
    return [], {"instanceId": results.get("metadata", {}).get("instance-id"), "networkConfig": net}


KINDS = {
    "schema": run_schema,
    "convert": run_convert,
    "userdata": run_userdata,
    "nocloud": run_nocloud,
    "configdrive": run_configdrive,
}


def main():
    jobs = json.load(sys.stdin)
    results = {"_meta": {"networkSchema": has_schema_type()}}
    for job in jobs:
        if job["kind"] == "schema" and job.get("schemaType") and not results["_meta"]["networkSchema"]:
            continue
        CAPTURE.lines = []
        try:
            problems, facts = KINDS[job["kind"]](job)
        except BaseException:  # every failure is reported against its job
            problems, facts = ["exception: " + traceback.format_exc()], {}
        results[job["id"]] = {"problems": problems + CAPTURE.lines + capture_lost(), "facts": facts}
    sys.stdout.write("\n" + json.dumps(results, default=str) + "\n")


main()
