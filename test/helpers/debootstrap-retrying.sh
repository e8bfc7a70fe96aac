#!/usr/bin/env bash
# Runs `debootstrap ARGS...` (options first, then SUITE TARGET [MIRROR [SCRIPT]]) and runs it again, up to 3
# attempts in all, when it failed because a download from the mirror failed: debootstrap's own errors
# COULDNTDL / COULDNTDLPKGS ("Couldn't download ...") and NOGETREL / NOGETRELSIG ("Failed getting release ...")
# (/usr/share/debootstrap/functions), as a mirror that drops a connection gives them. (The one such failure
# seen in CI, "E: Couldn't download packages: libmnl0" in two suites at once, was two builds sharing one
# --cache-dir: see test/vm/guest/build-guest.sh.) Packages fetched before stay in --cache-dir, so a new
# attempt downloads only what the last one missed. TARGET is emptied
# before each new attempt. Any other failure ends at once with debootstrap's status.
# Used by test/helpers/chroot/build-chroot.sh and test/vm/guest/build-guest.sh.
set -euo pipefail

attempts="${DEBOOTSTRAP_ATTEMPTS:-3}"
target=""
positional=0
for arg in "$@"; do
  case "$arg" in
    --*) ;;
    *)
      positional=$((positional + 1))
      if [ "$positional" -eq 2 ]; then target="$arg"; fi
      ;;
  esac
done
if [ -z "$target" ]; then
  echo "debootstrap-retrying: no TARGET among the arguments: $*" >&2
  exit 2
fi

output="$(mktemp)"
trap 'rm -f "$output"' EXIT
for attempt in $(seq 1 "$attempts"); do
  status=0
  debootstrap "$@" 2>&1 | tee "$output" || status=$?
  if [ "$status" -eq 0 ]; then exit 0; fi
  if ! grep -qE "^E: (Couldn't download|Failed getting release)" "$output"; then exit "$status"; fi
  if [ "$attempt" -lt "$attempts" ]; then
    echo "debootstrap-retrying: attempt $attempt of $attempts failed on a download; emptying $target and trying again" >&2
    rm -rf "$target"
  fi
done
echo "debootstrap-retrying: every one of $attempts attempts failed on a download" >&2
exit "$status"
