"""
Collects what cloud-init logs at WARNING or above, and any message mentioning a deprecation, into
CAPTURE.lines. Prepended by the generations tests to the scripts they run in a chroot (conform.py,
net_property.py), before those import cloudinit.
"""
import logging


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
