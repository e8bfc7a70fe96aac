"""What cloud-init's user-data processor makes of user-data bytes, for the Python readers the tests run with
Debian's cloud-init (test/conformance/process_user_data.py, test/property/read_back.py; they find this module
through PYTHONPATH, set by the tests that start them)."""
from cloudinit import user_data, util


def processed_parts(paths, blob):
    """cloudinit.user_data.UserDataProcessor's message for `blob`, and (part, decoded payload as str) for each
    of its parts that is not multipart, in the order a first boot's handlers walk them."""
    msg = user_data.UserDataProcessor(paths).process(blob)
    leaves = []
    for part in msg.walk():
        if part.get_content_maintype() == "multipart":
            continue
        payload = util.fully_decoded_payload(part)
        if isinstance(payload, bytes):
            payload = payload.decode("utf-8", "surrogateescape")
        leaves.append((part, payload))
    return msg, leaves
