#!/usr/bin/env bash
# Builds a boot-proof guest of one Debian suite: a root filesystem image plus the guest's own kernel and initrd.
# Usage: build-guest.sh <suite> <output-dir> [<flavour>=<overlay-dir>]...
#   suite: bullseye (cloud-init 20.4), bookworm (22.4), trixie (25.1) or forky (26.2, Debian's testing). Run
#   as root; needs debootstrap and
#   mkfs.ext4 from e2fsprogs >= 1.43.
#   Each flavour is one more image, rootfs-<flavour>.img: the same root with <overlay-dir> copied over it
#   (files keep their modes and become root's). An overlay's top-level file .bootproof-packages (package names,
#   one a line) is not copied: those packages are installed into the flavour's root from the suite's archive.
#   Nor is .bootproof-disable (systemd unit names, one a line): `systemctl disable` in the flavour's root, after
#   its packages are installed and its files copied.
# Environment: BOOTPROOF_DEBIAN_MIRROR (default http://deb.debian.org/debian).
# The harness (test/vm/guest-image.ts) keys its cache on a hash of this directory, the suite and the overlays,
# so any edit here rebuilds the guest.
set -euo pipefail

suite="${1:?usage: build-guest.sh <suite> <output-dir> [<flavour>=<overlay-dir>]...}"
out="${2:?usage: build-guest.sh <suite> <output-dir> [<flavour>=<overlay-dir>]...}"
shift 2
mirror="${BOOTPROOF_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d "${out%/}.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

packages=(
  systemd systemd-sysv udev dbus kmod e2fsprogs
  linux-image-cloud-amd64 zstd
  cloud-init python3-cffi-backend
  openssh-server sudo iproute2 ca-certificates tzdata locales
)
# The initramfs generator: forky's kernel packages pull dracut (Debian 14's default), which conflicts with
# initramfs-tools (both provide linux-initramfs-tool), so forky gets dracut and the others initramfs-tools.
if [ "$suite" = forky ]; then packages+=(dracut); else packages+=(initramfs-tools); fi
case "$suite" in
  bullseye)
    # cloud-init 20.4 has no systemd-networkd renderer (cloudinit/net/networkd.py arrived in 21.2): Debian 11's
    # own way is ifupdown with the ENI renderer; resolvconf applies the rendered dns-nameservers/dns-search.
    packages+=(ifupdown resolvconf)
    renderer=eni
    # No VMware datasource before 21.3; the VMware-shaped bullseye guest uses the seeder flavour. OVF for the
    # vApp boot that shows 20.4 ignoring the network-config property.
    datasources="NoCloud, ConfigDrive, OVF, None"
    ;;
  bookworm | trixie | forky)
    # No ifupdown in the image: cloud-init renders with systemd-networkd (pinned below); systemd-resolved (its
    # own package since bookworm) applies the rendered per-link DNS servers.
    packages+=(systemd-resolved)
    # bookworm also carries netplan.io (0.106), as Debian 12's cloud images do (debian-cloud-images
    # config_space/bookworm/package_config/SYSTEM_BOOT): the base image keeps the networkd pin and no
    # /etc/netplan/*.yaml, so netplan generates nothing; the `netplan` flavour (test/vm/harness.ts) pins
    # cloud-init's renderer to it, which is how bonds and VLANs come up (cloud-init's networkd renderer before
    # 25.2 writes no .netdev files).
    [ "$suite" = bookworm ] && packages+=(netplan.io)
    renderer=networkd
    datasources="NoCloud, ConfigDrive, OpenStack, OVF, VMware, None"
    ;;
  *)
    echo "build-guest: unknown suite $suite (bullseye, bookworm, trixie or forky)" >&2
    exit 2
    ;;
esac
# Downloaded packages are kept beside the guests (.vm-cache/debs/<suite>), so a changed recipe rebuilds without
# downloading everything again. One directory a suite: the harness builds two suites at once, and debootstrap
# downloads a package straight into --cache-dir under its name and version, deleting a file there that fails
# its checksum (get in /usr/share/debootstrap/functions). With one directory for all, bullseye's and
# bookworm's builds fetched libmnl0_1.0.4-3_amd64.deb (the same in both) at the same time, each deleted the
# other's half-written file, and both failed: "E: Couldn't download packages: libmnl0" (fresh CI of 336b186).
debs="$(cd "$(dirname "$out")" && pwd)/debs/$suite"
mkdir -p "$debs"
# A debootstrap older than the suite (bookworm's 1.0.128 has no script for forky) builds it with the script
# for sid, which every Debian suite after bookworm shares.
script="/usr/share/debootstrap/scripts/$suite"
[ -e "$script" ] || script=/usr/share/debootstrap/scripts/sid
# Again when a download from the mirror failed (test/helpers/debootstrap-retrying.sh).
bash "$here/../../helpers/debootstrap-retrying.sh" --variant=minbase --cache-dir="$debs" \
  --include="$(IFS=,; echo "${packages[*]}")" "$suite" "$root" "$mirror" "$script"

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

# cloud-init: the datasources the boot proof delivers on this suite (ds-identify picks the one present) and
# the suite's network renderer.
install -m 0644 "$here/99-bootproof.cfg" "$root/etc/cloud/cloud.cfg.d/99-bootproof.cfg"
{
  echo "# Boot-proof guest ($suite): datasources the proof delivers; network renderer $renderer."
  echo "datasource_list: [$datasources]"
  echo "system_info:"
  echo "  network:"
  echo "    renderers: [$renderer]"
  [ "$renderer" = networkd ] && echo "    activators: [networkd]"
} >"$root/etc/cloud/cloud.cfg.d/98-bootproof-suite.cfg"
# The VMware-shaped boots read guestinfo through this stand-in (QEMU fw_cfg, module qemu_fw_cfg).
install -m 0755 "$here/vmware-rpctool" "$root/usr/bin/vmware-rpctool"

# The per-boot report writer: runs after cloud-final, writes a tar archive to the report disk, powers off.
install -m 0755 "$here/bootproof-report" "$root/usr/local/sbin/bootproof-report"
install -m 0644 "$here/bootproof-report.service" "$root/etc/systemd/system/bootproof-report.service"

if [ "$renderer" = networkd ]; then
  chroot "$root" systemctl enable systemd-networkd.service systemd-resolved.service
fi
chroot "$root" systemctl enable bootproof-report.service
# Boot speed: nothing these units do is under test (static addresses need no wait; no timers run in a boot).
for unit in systemd-networkd-wait-online.service e2scrub_all.timer e2scrub_reap.service fstrim.timer \
  apt-daily.timer apt-daily-upgrade.timer man-db.timer getty@tty1.service systemd-timesyncd.service; do
  ln -sf /dev/null "$root/etc/systemd/system/$unit"
done

# The initrd must be able to mount the root disk: check the modules it carries.
initrd="$(ls "$root"/boot/initrd.img-*)"
kernel="$(ls "$root"/boot/vmlinuz-*)"
kver="${kernel##*/vmlinuz-}"
if [ -x "$root/usr/bin/lsinitrd" ]; then
  modules="$(chroot "$root" lsinitrd "/boot/initrd.img-$kver")"
else
  modules="$(chroot "$root" lsinitramfs "/boot/initrd.img-$kver")"
fi
for needed in virtio_blk virtio_pci ext4; do
  if ! grep -q "/$needed\.ko" <<<"$modules" && ! grep -qw "$needed" "$root/lib/modules/$kver/modules.builtin"; then
    echo "build-guest: initrd lacks $needed" >&2
    exit 1
  fi
done
for needed in isofs virtio_net sr_mod qemu_fw_cfg; do
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
for flavour in "$@"; do
  name="${flavour%%=*}"
  overlay="${flavour#*=}"
  froot="$work/rootfs-$name"
  cp -a "$root" "$froot"
  if [ -f "$overlay/.bootproof-packages" ]; then
    mapfile -t extra < <(grep -v '^\s*$' "$overlay/.bootproof-packages")
    cp "$debs"/*.deb "$froot/var/cache/apt/archives/" 2>/dev/null || true
    # apt needs a resolver in the chroot; the guest's own /etc/resolv.conf (resolvconf's or resolved's link)
    # is put back afterwards.
    mv "$froot/etc/resolv.conf" "$work/resolv.conf.guest"
    cp /etc/resolv.conf "$froot/etc/resolv.conf"
    # A failed download is tried again (Acquire::Retries), as debootstrap's above.
    chroot "$froot" apt-get -o Acquire::Retries=3 update -q
    chroot "$froot" env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 install -q -y \
      --no-install-recommends "${extra[@]}"
    rm -f "$froot/etc/resolv.conf"
    mv "$work/resolv.conf.guest" "$froot/etc/resolv.conf"
    cp -n "$froot/var/cache/apt/archives"/*.deb "$debs/" 2>/dev/null || true
    rm -rf "$froot/var/cache/apt/archives"/*.deb "$froot/var/lib/apt/lists"/*_Packages* "$froot/var/lib/apt/lists"/*_InRelease
  fi
  tar -C "$overlay" --exclude=./.bootproof-packages --exclude=./.bootproof-disable -cf - . |
    tar -C "$froot" --no-same-owner -xf -
  if [ -f "$overlay/.bootproof-disable" ]; then
    mapfile -t units < <(grep -v '^\s*$' "$overlay/.bootproof-disable")
    chroot "$froot" systemctl disable "${units[@]}"
  fi
  mkfs.ext4 -q -F -L bootproof-root -d "$froot" "$work/rootfs-$name.img" 3G
  mv "$work/rootfs-$name.img" "$out/rootfs-$name.img"
  rm -rf "$froot"
done
printf '%s\n' "$kver" >"$out/kernel-version"
