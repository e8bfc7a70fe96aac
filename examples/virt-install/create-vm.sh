#!/bin/sh
# libvirt: a VM from a Debian cloud image, seeded by a NoCloud ISO that bootstrapped-vm writes.
#   sh create-vm.sh            (as root, or a user who may write /var/lib/libvirt/images and manage
#                               libvirt's system instance)
# cloud-init finds the seed by its volume label "cidata" (any CD-ROM or disk); the interface in
# web-01.yaml is matched by its macAddress, which --network gives the NIC.
set -eu
images=/var/lib/libvirt/images
bootstrapped-vm render web-01.yaml --format nocloud-iso --out "$images/web-01-seed.iso"
qemu-img create -f qcow2 -F qcow2 -b "$images/debian-12-generic-amd64.qcow2" "$images/web-01.qcow2" 10G
virt-install \
  --name web-01 \
  --memory 2048 \
  --vcpus 2 \
  --import \
  --os-variant debian12 \
  --disk "path=$images/web-01.qcow2,format=qcow2,bus=virtio" \
  --disk "path=$images/web-01-seed.iso,device=cdrom" \
  --network "network=default,model=virtio,mac=52:54:00:12:34:56" \
  --graphics none \
  --noautoconsole
