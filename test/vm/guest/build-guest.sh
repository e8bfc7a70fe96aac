#!/usr/bin/env bash
# Builds the Debian 12 boot-proof guest: a root filesystem image plus the guest's own kernel and initrd.
# Usage: build-guest.sh <output-dir>   (run as root; needs debootstrap, mkfs.ext4 from e2fsprogs >= 1.43)
# Environment: BOOTPROOF_DEBIAN_MIRROR (default http://deb.debian.org/debian).
# The harness (test/vm/guest-image.ts) keys its cache on a hash of this file, so any edit here rebuilds the guest.
set -euo pipefail

out="${1:?usage: build-guest.sh <output-dir>}"
mirror="${BOOTPROOF_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d "${out%/}.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

# Network rendering: no ifupdown and no netplan in the image, so cloud-init's only available renderer is
# systemd-networkd (pinned below as well); systemd-resolved applies the rendered per-link DNS servers.
packages=(
  systemd systemd-sysv systemd-resolved udev dbus
  linux-image-cloud-amd64 initramfs-tools zstd
  cloud-init python3-cffi-backend
  openssh-server sudo iproute2 ca-certificates tzdata locales
)
# Downloaded packages are kept beside the guests (.vm-cache/debs), so a changed recipe rebuilds without
# downloading everything again.
debs="$(cd "$(dirname "$out")" && pwd)/debs"
mkdir -p "$debs"
debootstrap --variant=minbase --cache-dir="$debs" --include="$(IFS=,; echo "${packages[*]}")" bookworm "$root" "$mirror"

# Finish any package debootstrap left unconfigured (python3-cryptography needs python3-cffi-backend first).
chroot "$root" /usr/bin/dpkg --configure -a
if chroot "$root" /usr/bin/dpkg --audit | grep -q .; then
  chroot "$root" /usr/bin/dpkg --audit >&2
  echo "build-guest: packages are still unconfigured in the guest" >&2
  exit 1
fi

printf '/dev/vda / ext4 defaults,errors=remount-ro 0 1\n' >"$root/etc/fstab"
printf 'debian\n' >"$root/etc/hostname"
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
: >"$root/etc/machine-id"
# cloud-init's locale module sets Debian's default locale (en_US.UTF-8) on first boot; generating it here
# spares every boot a slow locale-gen under TCG.
printf 'en_US.UTF-8 UTF-8\n' >"$root/etc/locale.gen"
chroot "$root" locale-gen
printf 'LANG=en_US.UTF-8\n' >"$root/etc/default/locale"

# cloud-init: find NoCloud and config-drive seeds; render the network with systemd-networkd.
install -m 0644 "$here/99-bootproof.cfg" "$root/etc/cloud/cloud.cfg.d/99-bootproof.cfg"

# The per-boot report writer: runs after cloud-final, writes a tar archive to the report disk, powers off.
install -m 0755 "$here/bootproof-report" "$root/usr/local/sbin/bootproof-report"
install -m 0644 "$here/bootproof-report.service" "$root/etc/systemd/system/bootproof-report.service"

chroot "$root" systemctl enable systemd-networkd.service systemd-resolved.service bootproof-report.service
# Boot speed: nothing these units do is under test (static addresses need no wait; no timers run in a boot).
for unit in systemd-networkd-wait-online.service e2scrub_all.timer e2scrub_reap.service fstrim.timer \
  apt-daily.timer apt-daily-upgrade.timer man-db.timer getty@tty1.service systemd-timesyncd.service; do
  ln -sf /dev/null "$root/etc/systemd/system/$unit"
done

# The initrd must be able to mount the root disk: check the modules it carries.
initrd="$(ls "$root"/boot/initrd.img-*)"
kernel="$(ls "$root"/boot/vmlinuz-*)"
kver="${kernel##*/vmlinuz-}"
modules="$(chroot "$root" lsinitramfs "/boot/initrd.img-$kver")"
for needed in virtio_blk virtio_pci ext4; do
  if ! grep -q "/$needed\.ko" <<<"$modules" && ! grep -qw "$needed" "$root/lib/modules/$kver/modules.builtin"; then
    echo "build-guest: initrd lacks $needed" >&2
    exit 1
  fi
done
for needed in isofs virtio_net sr_mod; do
  if ! find "$root/lib/modules/$kver" -name "$needed.ko*" | grep -q . &&
    ! grep -qw "$needed" "$root/lib/modules/$kver/modules.builtin"; then
    echo "build-guest: guest kernel lacks $needed" >&2
    exit 1
  fi
done

mkdir -p "$out"
cp "$kernel" "$out/vmlinuz"
cp "$initrd" "$out/initrd.img"
rm -rf "$root/var/cache/apt/archives"/*.deb "$root/var/lib/apt/lists"/*_Packages
mkfs.ext4 -q -F -L bootproof-root -d "$root" "$work/rootfs.img" 3G
mv "$work/rootfs.img" "$out/rootfs.img"
printf '%s\n' "$kver" >"$out/kernel-version"
