#!/bin/sh
# Plain QEMU: the spec's seed image as a CD-ROM beside a copy-on-write disk of a cloud image.
#   sh run-qemu.sh debian-12-generic-amd64.qcow2
# cloud-init finds the seed by its volume label "cidata"; the NIC gets the MAC the spec's interface
# is matched by; SSH is forwarded to 127.0.0.1:2222. Without KVM, use "-accel tcg" (slow).
set -eu
base=$1
bootstrapped-vm render web-01.yaml --format nocloud-iso --out seed.iso
qemu-img create -f qcow2 -F qcow2 -b "$base" web-01.qcow2 10G
exec qemu-system-x86_64 \
  -machine q35 -accel kvm -m 2048 -smp 2 -nographic \
  -drive file=web-01.qcow2,if=virtio,format=qcow2 \
  -drive file=seed.iso,media=cdrom,format=raw,readonly=on \
  -netdev user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22 \
  -device virtio-net-pci,netdev=net0,mac=52:54:00:12:34:56
