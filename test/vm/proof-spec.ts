/**
 * The spec every boot-proof guest boots from. It exercises identity, a sudo user with an SSH key and a
 * password, a written file with owner and mode, runcmd, bootcmd, timezone, and a static dual-stack network
 * with default routes and DNS on the NIC matched by its MAC. Addresses fit QEMU's user-mode network
 * (10.0.2.0/24 via 10.0.2.2, DNS 10.0.2.3; fec0::/64 via fec0::2, DNS fec0::3).
 */
import { BootstrapSpec, EtcHostsPolicy } from "../../src/spec/types";
import { GUEST_MAC } from "./qemu";
import { Suite, SUITES } from "./suites";

export const PROOF_USER = "prover";
export const SETTINGS_FILE = "/etc/bootproof/settings.conf";
/** runcmd appends one line per instance it runs for; bootcmd one line per boot. */
export const RUNCMD_LOG = "/var/lib/bootproof-runcmd.log";
export const BOOTCMD_LOG = "/var/lib/bootproof-bootcmd.log";
export const INSPECT_PATHS = [SETTINGS_FILE, RUNCMD_LOG, BOOTCMD_LOG] as const;

export const NETWORK = {
  ipv4: "10.0.2.15",
  ipv4Prefix: 24,
  gateway4: "10.0.2.2",
  ipv6: "fec0::15",
  ipv6Prefix: 64,
  gateway6: "fec0::2",
  nameservers: ["10.0.2.3", "fec0::3"],
  searchDomains: ["boot.example"],
} as const;

/** What changes between the two instances of the re-run case; everything else stays the same. */
export interface ProofVariant {
  hostname: string;
  password: string;
  timezone: string;
  /** Written into the settings file and the runcmd log, so the guest shows which instance wrote them. */
  marker: string;
}

export const FIRST_VARIANT: ProofVariant = {
  hostname: "proof-one",
  password: "first boot-proof password",
  timezone: "Europe/Berlin",
  marker: "first",
};

export const SECOND_VARIANT: ProofVariant = {
  hostname: "proof-two",
  password: "second boot-proof password",
  timezone: "America/New_York",
  marker: "second",
};

export const SSH_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootProofBootProofBootProofBootProofBootPro prover@bootproof";

export function settingsFileContent(variant: ProofVariant): string {
  return `marker=${variant.marker}\nhostname=${variant.hostname}\n`;
}

/** Which addresses the NIC gets: the dual-stack default, or IPv4 only (`staticIpv6: false`). */
export interface ProofNetwork {
  staticIpv6: boolean;
}

export const DUAL_STACK: ProofNetwork = { staticIpv6: true };
/**
 * IPv4 only: the network a guest gets as network config v2. The dual-stack NIC's IPv6 default route would be
 * bound to its IPv4 subnet by cloud-init's v2 conversion, so it is delivered as v1 (src/render/network-delivery.ts).
 */
export const IPV4_ONLY: ProofNetwork = { staticIpv6: false };

export function proofSpec(variant: ProofVariant, net: ProofNetwork = DUAL_STACK): BootstrapSpec {
  const addresses = [`${NETWORK.ipv4}/${NETWORK.ipv4Prefix}`];
  if (net.staticIpv6) addresses.push(`${NETWORK.ipv6}/${NETWORK.ipv6Prefix}`);
  return {
    hostname: variant.hostname,
    domain: "boot.example",
    etcHosts: EtcHostsPolicy.Template,
    timezone: variant.timezone,
    users: [
      {
        name: PROOF_USER,
        gecos: "Boot Proof",
        shell: "/bin/bash",
        groups: ["adm"],
        sudo: ["ALL=(ALL) NOPASSWD:ALL"],
        sshAuthorizedKeys: [SSH_KEY],
        password: variant.password,
      },
    ],
    files: [
      {
        path: SETTINGS_FILE,
        content: settingsFileContent(variant),
        owner: `${PROOF_USER}:adm`,
        permissions: "0640",
        defer: true,
      },
    ],
    bootcmd: [`echo "bootcmd $(cat /proc/sys/kernel/random/boot_id)" >> ${BOOTCMD_LOG}`],
    runcmd: [`echo "runcmd ${variant.marker} $(cat /var/lib/cloud/data/instance-id)" >> ${RUNCMD_LOG}`],
    dns: { nameservers: [...NETWORK.nameservers], searchDomains: [...NETWORK.searchDomains] },
    network: {
      interfaces: [
        {
          macAddress: GUEST_MAC,
          addresses,
          gateway4: NETWORK.gateway4,
          ...(net.staticIpv6 ? { gateway6: NETWORK.gateway6 } : {}),
        },
      ],
    },
  };
}

/**
 * The proof spec for a guest of `suite`: targets the suite's own cloud-init (`cloudInit.minVersion`), as a
 * user of images of that release says, so the documents use the forms it understands and none it deprecates.
 */
export function suiteSpec(
  suite: Suite,
  variant: ProofVariant,
  net: ProofNetwork = DUAL_STACK,
): BootstrapSpec {
  return { ...proofSpec(variant, net), cloudInit: { minVersion: SUITES[suite].cloudInit } };
}
