"""
Collects what cloud-init logs at WARNING or above, and any message mentioning a deprecation, into
CAPTURE.lines. Prepended by the generations tests to the scripts they run in a chroot (conform.py,
net_property.py, openstack_metadata.py), before those import cloudinit. `capture_lost()` says, as a problem,
when the capture no longer receives cloud-init's records: the scripts add it to every job's problems, so a
capture that sees nothing fails the test instead of passing it.
"""
import logging

# cloudinit.log removes every handler of the root logger when it is first imported (`resetLogging()` at
# module level: 20.4.1 cloudinit/log.py:125-147, 22.4.2:126-148; 25.1.4 no longer does), and every cloudinit
# module imports it: imported after the handler below is added, it would silently take the capture away.
import cloudinit.log  # noqa: E402,F401


class Capture(logging.Handler):
    def __init__(self):
        logging.Handler.__init__(self, logging.DEBUG)
        self.lines = []

    def emit(self, record):
        try:
            msg = record.getMessage()
        except Exception:  # a broken log call is itself a problem
            msg = str(record.msg)
        if record.levelno >= logging.WARNING or "deprecat" in msg.lower():
            self.lines.append("%s: %s" % (record.levelname, msg))


CAPTURE = Capture()
logging.getLogger().addHandler(CAPTURE)
logging.getLogger().setLevel(logging.DEBUG)


def capture_lost():
    """[] while a WARNING logged by cloud-init reaches CAPTURE (checked with a sentinel record, which is then
    dropped), else the problem to report."""
    kept = CAPTURE.lines
    CAPTURE.lines = []
    logging.getLogger("cloudinit.capture_check").warning("capture check")
    seen = CAPTURE.lines == ["WARNING: capture check"]
    CAPTURE.lines = kept
    return [] if seen else ["log capture lost: cloud-init's warnings would not be seen (root handlers reset?)"]
