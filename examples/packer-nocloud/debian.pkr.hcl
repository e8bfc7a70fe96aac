# Packer: customize a Debian cloud image, seeded by bootstrapped-vm.
#
#   bootstrapped-vm render build-vm.yaml --format nocloud-dir --out seed
#   packer init . && packer build .
#
# Two ways to hand the seed to the build VM; keep the one your builder supports:
# - "cd": Packer writes the files onto a CD labelled "cidata", cloud-init's NoCloud disk seed
#   (cd_files/cd_label: packer-plugin-sdk multistep/commonsteps/extra_iso_config.go, CDConfig). Packer
#   builds that CD with xorriso, mkisofs, hdiutil or oscdimg from the Packer host: install one.
# - "http": Packer serves the seed directory over HTTP (http_directory) and the SMBIOS serial number
#   tells cloud-init where (ds=nocloud;s=URL/;dsmode=net, docs/cli.md: without dsmode=net cloud-init
#   before 24.1 fetches the seed and then skips its users, keys and files; DataSourceNoCloud.py reads
#   the system serial number). Prefer "cd" with cloud-init 22.4: over HTTP it does not fetch
#   network-config, and without vendor-data in the seed it retries that URL for about 10 s.

packer {
  required_plugins {
    qemu = {
      source  = "github.com/hashicorp/qemu"
      version = ">= 1.1.0"
    }
  }
}

variable "cloud_image_url" {
  type    = string
  default = "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-generic-amd64.qcow2"
}

variable "cloud_image_checksum" {
  type    = string
  default = "file:https://cloud.debian.org/images/cloud/bookworm/latest/SHA512SUMS"
}

source "qemu" "cd" {
  iso_url          = var.cloud_image_url
  iso_checksum     = var.cloud_image_checksum
  disk_image       = true
  format           = "qcow2"
  disk_size        = "8G"
  headless         = true
  cd_files         = ["./seed/*"]
  cd_label         = "cidata"
  ssh_username     = "packer"
  ssh_password     = "packer"
  ssh_timeout      = "20m"
  shutdown_command = "sudo shutdown -P now"
}

source "qemu" "http" {
  iso_url          = var.cloud_image_url
  iso_checksum     = var.cloud_image_checksum
  disk_image       = true
  format           = "qcow2"
  disk_size        = "8G"
  headless         = true
  http_directory   = "seed"
  qemuargs         = [["-smbios", "type=1,serial=ds=nocloud;s=http://{{ .HTTPIP }}:{{ .HTTPPort }}/;dsmode=net"]]
  ssh_username     = "packer"
  ssh_password     = "packer"
  ssh_timeout      = "20m"
  shutdown_command = "sudo shutdown -P now"
}

build {
  sources = ["source.qemu.cd"]

  provisioner "shell" {
    inline = [
      "cloud-init status --wait",
      # The image must not keep this build's seed, instance or logs: its VMs run cloud-init afresh.
      "sudo cloud-init clean --logs --seed",
    ]
  }
}
