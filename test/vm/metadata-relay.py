"""One guest connection to the metadata service, relayed from a chosen source address.

QEMU's user network runs this for every connection the guest opens to 169.254.169.254:80
(`-netdev user,guestfwd=tcp:169.254.169.254:80-cmd:python3 metadata-relay.py SOURCE HOST PORT`):
stdin and stdout are that connection (libslirp's fork_exec hands the command one socket as stdin, stdout and
stderr, so this never prints). It connects to HOST:PORT from SOURCE, so the metadata service sees the
address its lease table gives the guest's MAC, and copies bytes both ways until the service has closed
its side (HTTP: nothing more can reach the service then).
"""
import socket
import sys
import threading

source, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
guest = socket.socket(fileno=0)
server = socket.create_connection((host, port), source_address=(source, 0))


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass


threading.Thread(target=pump, args=(guest, server), daemon=True).start()
pump(server, guest)
