"""Runs user-data through Debian cloud-init's own user-data processing, as a first boot would.

Input (stdin, JSON): [{"name", "userData" (base64 of the exact bytes), "instanceId", "hostname"}].
Output (stdout, JSON): {name: {"parts", "cloudConfigParts", "merged", "written", "includeRequests"}}:
- parts: what cloudinit.user_data.UserDataProcessor made of the bytes (content type, file name, decoded
  payload, Merge-Type header), include-URLs already replaced by what they fetched;
- cloudConfigParts: every cloud-config document cloud-init's CloudConfigPartHandler merged, in order
  (jinja templates rendered), as cloud-init's YAML loader read it;
- merged: the merged cloud-config (cloud-init's mergers, honouring our Merge-Type header);
- written: files the script, per-frequency script and boothook handlers wrote, by path;
- includeRequests: URLs the include-url handling asked for (answered locally, never over the network).
"""
import base64
import json
import os
import sys
import tempfile

from cloudinit import handlers, helpers, user_data, util
from cloudinit.handlers.boot_hook import BootHookPartHandler
from cloudinit.handlers.cloud_config import CloudConfigPartHandler
from cloudinit.handlers.jinja_template import JinjaTemplatePartHandler
from cloudinit.handlers.shell_script import ShellScriptPartHandler
from cloudinit.handlers.shell_script_by_frequency import ShellScriptByFreqPartHandler
from cloudinit.settings import PER_ALWAYS, PER_INSTANCE, PER_ONCE
from cloudinit_parts import processed_parts

INCLUDE_REQUESTS = []
INCLUDED_TEMPLATE = (
    "#cloud-config\nmerge_how: list(append)+dict(recurse_array)+str()\nruncmd:\n  - echo included %s\n"
)


class FakeResponse:
    def __init__(self, url):
        self.code = 200
        # Fetched documents carry no MIME headers: without their own merge_how, cloud-init would
        # merge them with its default rule, where a later runcmd replaces the earlier ones.
        self.contents = (INCLUDED_TEMPLATE % url).encode()

    def ok(self, *args, **kwargs):
        return True


def fake_read_file_or_url(url, *args, **kwargs):
    INCLUDE_REQUESTS.append(url)
    return FakeResponse(url)


user_data.read_file_or_url = fake_read_file_or_url


class FakeDatasource:
    def __init__(self, instance_id):
        self.instance_id = instance_id

    def get_instance_id(self):
        return self.instance_id


class RecordingBootHookHandler(BootHookPartHandler):
    """Writes boothooks like cloud-init does, without running them on this machine."""

    def handle_part(self, data, ctype, filename, payload, frequency):
        if ctype in handlers.CONTENT_SIGNALS:
            return
        self._write_part(payload, filename)


class RecordingCloudConfigHandler(CloudConfigPartHandler):
    def __init__(self, paths, **kwargs):
        super().__init__(paths, **kwargs)
        self.seen = []

    def handle_part(self, data, ctype, filename, payload, frequency, headers):
        if ctype not in handlers.CONTENT_SIGNALS:
            self.seen.append(util.load_yaml(payload))
        super().handle_part(data, ctype, filename, payload, frequency, headers)


def process(entry, root):
    del INCLUDE_REQUESTS[:]
    cloud_dir = os.path.join(root, "cloud")
    run_dir = os.path.join(root, "run")
    ds = FakeDatasource(entry["instanceId"])
    paths = helpers.Paths({"cloud_dir": cloud_dir, "run_dir": run_dir}, ds=ds)
    util.write_file(
        paths.get_runpath("instance_data_sensitive"),
        json.dumps(
            {
                "v1": {
                    "instance_id": entry["instanceId"],
                    "local_hostname": entry["hostname"],
                    "region": "test-region",
                },
                "ds": {},
            }
        ),
    )
    blob = base64.b64decode(entry["userData"])
    msg, leaves = processed_parts(paths, blob)
    parts = [
        {
            "contentType": part.get_content_type(),
            "filename": part.get_filename(),
            "payload": payload,
            "mergeType": part.get("Merge-Type"),
        }
        for part, payload in leaves
    ]

    opts = {"paths": paths, "datasource": ds}
    cloud_config = RecordingCloudConfigHandler(**opts)
    shell = ShellScriptPartHandler(**opts)
    default_handlers = [
        cloud_config,
        shell,
        ShellScriptByFreqPartHandler(PER_ALWAYS, **opts),
        ShellScriptByFreqPartHandler(PER_INSTANCE, **opts),
        ShellScriptByFreqPartHandler(PER_ONCE, **opts),
        RecordingBootHookHandler(**opts),
        JinjaTemplatePartHandler(**opts, sub_handlers=[cloud_config, shell]),
    ]
    registry = helpers.ContentHandlers()
    for handler in default_handlers:
        registry.register(handler, overwrite=False)
    for handler in default_handlers:
        handlers.call_begin(handler, None, PER_INSTANCE)
    handlerdir = os.path.join(root, "handlers")
    os.makedirs(handlerdir)
    sys.path.insert(0, handlerdir)
    walk_data = {
        "handlers": registry,
        "handlerdir": handlerdir,
        "data": None,
        "frequency": PER_INSTANCE,
        "handlercount": 0,
        "excluded": [],
    }
    handlers.walk(msg, handlers.walker_callback, data=walk_data)
    sys.path.remove(handlerdir)
    merged = cloud_config.cloud_buf

    written = {}
    for base, _dirs, files in os.walk(cloud_dir):
        for name in files:
            path = os.path.join(base, name)
            if os.path.islink(path):
                continue
            rel = os.path.relpath(path, cloud_dir)
            if "/scripts/" in "/" + rel or "/boothooks/" in "/" + rel:
                written[rel] = util.load_file(path)
    return {
        "parts": parts,
        "cloudConfigParts": cloud_config.seen,
        "merged": merged,
        "written": written,
        "includeRequests": list(INCLUDE_REQUESTS),
    }


def main():
    entries = json.load(sys.stdin)
    out = {}
    for entry in entries:
        with tempfile.TemporaryDirectory() as root:
            out[entry["name"]] = process(entry, root)
    # Values JSON cannot carry (YAML dates, ...) become repr strings, so a comparison fails loudly.
    json.dump(out, sys.stdout, default=repr)


main()
