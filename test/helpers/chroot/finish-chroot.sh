#!/usr/bin/env bash
# Idempotent finishing touches on a built chroot (run by test/helpers/chroots.ts after every build and on
# chroots built before a touch was added; a marker named after this script's hash records it).
# Usage: finish-chroot.sh ROOT
set -euo pipefail
root="$1"
# cloud-init's networkd renderer chowns what it writes to systemd-network (cloudinit/net/networkd.py,
# 22.4.2 and 25.1.4: util.chownbyname(..., "systemd-network", "systemd-network")); minbase has no systemd,
# so without this user `devel net-convert -O networkd` logs a traceback that a real system never shows.
if ! chroot "$root" getent passwd systemd-network >/dev/null; then
  chroot "$root" /usr/sbin/useradd --system --no-create-home --user-group --shell /usr/sbin/nologin systemd-network
fi
