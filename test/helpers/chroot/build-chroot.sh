#!/usr/bin/env bash
# Builds one Debian chroot holding Debian's own cloud-init and /usr/bin/python3 for the conformance suite.
# Usage: build-chroot.sh SUITE TARGET_DIR [PACKAGES]   (root; debootstrap). PACKAGES (comma-separated) are
# installed too: a chroot flavour (test/helpers/chroots.ts), e.g. netplan.io. Writes TARGET_DIR/.bvm-complete last, so a
# half-built chroot is never taken for a finished one. DEBIAN_MIRROR overrides the mirror.
set -euo pipefail
suite="$1"
target="$2"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# minbase has no cloud-init; --include pulls it and its Depends (python3, jsonschema, yaml, jinja2,
# netifaces, configobj, ...). isc-dhcp-client / iproute2 are not needed: nothing here brings an interface up.
# trixie's minbase lacks e2fsprogs etc.; nothing the readers, `schema` or `devel net-convert` call needs them.
# debootstrap does not resolve virtual packages: python3-cryptography (via python3-oauthlib) needs
# python3-cffi-backend-api-*, which python3-cffi-backend provides, so it is named here.
# cloud-init 26.x no longer depends on python3-netifaces (forky ships cloud-init without it), so it is
# named only for the suites whose cloud-init imported it. From 25.3 the ENI renderer writes routes as
# `ip route add ... via` when `ip` is installed (`route add ... gw` otherwise; eni.py 26.2 `_render_route`):
# forky gets iproute2, as every ifupdown system has it (ifupdown depends on it), so the conformance suite
# reads the form a guest gets.
case "$suite" in
  bullseye | bookworm | trixie) include="cloud-init,python3-jsonschema,python3-netifaces,python3-cffi-backend" ;;
  *) include="cloud-init,python3-jsonschema,python3-cffi-backend,iproute2" ;;
esac
[ -z "${3:-}" ] || include="$include,$3"
# A debootstrap older than the suite (bookworm's 1.0.128 has no script for forky) builds it with the script
# for sid, which every Debian suite after bookworm shares (debootstrap links them all to it).
script="/usr/share/debootstrap/scripts/$suite"
[ -e "$script" ] || script=/usr/share/debootstrap/scripts/sid
# Downloaded .debs are kept beside the chroots (BVM_DEB_CACHE), so a rebuild does not download again; one
# directory a suite, as the suites are built at once (see test/vm/guest/build-guest.sh on why).
debs="${BVM_DEB_CACHE:-$(dirname "$target")/debs}/$suite"
mkdir -p "$debs"
tmp="${target}.partial"
rm -rf "$tmp"
mkdir -p "$(dirname "$target")"
# Again when a download from the mirror failed (debootstrap-retrying.sh).
bash "$(dirname "$0")/../debootstrap-retrying.sh" --variant=minbase --cache-dir="$debs" --include="$include" \
  "$suite" "$tmp" "$mirror" "$script"
# Nothing in the chroot may start services or reach a network.
rm -rf "$tmp/var/cache/apt/archives/"*.deb "$tmp/var/lib/apt/lists/"* || true
chroot "$tmp" /usr/bin/python3 -c 'import cloudinit.version as v; print(v.version_string())' >"$tmp/.bvm-cloud-init-version"
echo "built $suite with cloud-init $(cat "$tmp/.bvm-cloud-init-version")"
date -u +%FT%TZ >"$tmp/.bvm-complete"
rm -rf "$target"
mv "$tmp" "$target"
