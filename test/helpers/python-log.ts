/**
 * The start of a Python script run with a chroot's cloud-init (`runPythonIn`): every log record is kept, and
 * `logged()` gives those a test counts as problems, as "LEVEL: message": WARNING or above, and any that
 * mentions a deprecation (25.1's DEPRECATED is level 35, but older releases log deprecations at DEBUG).
 * cloudinit.log is imported first: on its first import 20.4.1 and 22.4.2 remove every handler of the root
 * logger (`resetLogging()`, cloudinit/log.py 20.4.1:125-147, 22.4.2:126-148), which took the capture away
 * before any record arrived. `logged()` also reports a capture that no longer receives cloud-init's records
 * (a sentinel WARNING), so a lost capture fails the test.
 */
export const PYTHON_LOG_CAPTURE = `
import logging
import cloudinit.log
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append((record.levelno, record.levelname, record.getMessage()))
logging.getLogger().setLevel(logging.DEBUG)
logging.getLogger().addHandler(Keep())
def logged():
    kept = len(records)
    logging.getLogger("cloudinit.capture_check").warning("capture check")
    lost = [] if records[kept:] == [(logging.WARNING, "WARNING", "capture check")] else [
        "log capture lost: cloud-init's warnings would not be seen (root handlers reset?)"]
    del records[kept:]
    return [name + ": " + message for level, name, message in records
            if level >= logging.WARNING or "deprecat" in message.lower()] + lost
`;
