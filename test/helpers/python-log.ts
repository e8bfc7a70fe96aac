/**
 * The start of a Python script run with a chroot's cloud-init (`runPythonIn`): every log record is kept, and
 * `logged()` gives those a test counts as problems, as "LEVEL: message": WARNING or above, and any that
 * mentions a deprecation (25.1's DEPRECATED is level 35, but older releases log deprecations at DEBUG).
 */
export const PYTHON_LOG_CAPTURE = `
import logging
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append((record.levelno, record.levelname, record.getMessage()))
logging.getLogger().setLevel(logging.DEBUG)
logging.getLogger().addHandler(Keep())
def logged():
    return [name + ": " + message for level, name, message in records
            if level >= logging.WARNING or "deprecat" in message.lower()]
`;
