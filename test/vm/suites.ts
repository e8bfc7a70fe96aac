/**
 * The Debian suites the boot proof boots, each with the cloud-init its archive ships (Debian's own package,
 * as a user's image of that release has it) and the network renderer the guest uses.
 */
export enum Suite {
  Bullseye = "bullseye",
  Bookworm = "bookworm",
  Trixie = "trixie",
  Forky = "forky",
}

export enum NetworkRenderer {
  /** ifupdown's /etc/network/interfaces (cloud-init 20.4 has no networkd renderer), DNS via resolvconf. */
  Eni = "eni",
  /** systemd-networkd, DNS via systemd-resolved. */
  Networkd = "networkd",
  /**
   * netplan (bookworm's netplan flavour, harness.ts `NETPLAN_FLAVOUR`): cloud-init writes
   * /etc/netplan/50-cloud-init.yaml, `netplan generate` systemd-networkd's files in /run/systemd/network; DNS
   * via systemd-resolved.
   */
  Netplan = "netplan",
  /**
   * NetworkManager (trixie's network-manager flavour, harness.ts `NETWORK_MANAGER_FLAVOUR`): cloud-init writes
   * keyfiles in /etc/NetworkManager/system-connections; DNS via systemd-resolved, which NetworkManager feeds.
   */
  NetworkManager = "network-manager",
}

export interface SuiteInfo {
  suite: Suite;
  /** The cloud-init version of the suite's package (major.minor), as the spec's target names it. */
  cloudInit: string;
  renderer: NetworkRenderer;
  /** Whether cloud-init has DataSourceVMware (21.3+): the guestinfo boot; older guests use the seeder. */
  vmwareDatasource: boolean;
  /**
   * Whether DataSourceVMware logs a WARNING when the default route's NIC has more than one IPv6 address, which a
   * NIC with a static IPv6 address always has (its link-local address counts): 22.4 DataSourceVMware.py:607-633
   * (`get_default_ip_addrs`, netifaces lists every AF_INET6 address); canonical/cloud-init#4284 (23.3) made it
   * DEBUG (25.1 DataSourceVMware.py:798-803).
   */
  vmwareWarnsOnTwoIpv6Addresses: boolean;
  /**
   * Whether DataSourceVMware publishes the update events it supports and has enabled as
   * `guestinfo.cloudinit.updates.supported` / `.enabled` (25.2, canonical/cloud-init#6063; 26.2
   * DataSourceVMware.py:368-380 and 671-730).
   */
  vmwareAdvertisesUpdateEvents: boolean;
  /**
   * Whether a config drive whose only network config is the legacy ENI file logs a deprecation ("Eni network
   * configuration in ConfigDrive", 24.3; 25.1.4 DataSourceConfigDrive.py:176-186). The library refuses it for
   * such targets, so this guest boots it rendered for the newest target that still allows it.
   */
  legacyEniConfigDriveDeprecated: boolean;
  /** Whether `cloud-init status --format json` exists (22.4 has it, 20.4 not). */
  statusJson: boolean;
  /** Whether that status has `recoverable_errors` (23.4+; 22.4's cmd/status.py has no such key). */
  recoverableErrors: boolean;
}

export const SUITES: Record<Suite, SuiteInfo> = {
  [Suite.Bullseye]: {
    suite: Suite.Bullseye,
    cloudInit: "20.4",
    renderer: NetworkRenderer.Eni,
    vmwareDatasource: false,
    vmwareWarnsOnTwoIpv6Addresses: false,
    vmwareAdvertisesUpdateEvents: false,
    legacyEniConfigDriveDeprecated: false,
    statusJson: false,
    recoverableErrors: false,
  },
  [Suite.Bookworm]: {
    suite: Suite.Bookworm,
    cloudInit: "22.4",
    renderer: NetworkRenderer.Networkd,
    vmwareDatasource: true,
    vmwareWarnsOnTwoIpv6Addresses: true,
    vmwareAdvertisesUpdateEvents: false,
    legacyEniConfigDriveDeprecated: false,
    statusJson: true,
    recoverableErrors: false,
  },
  [Suite.Trixie]: {
    suite: Suite.Trixie,
    cloudInit: "25.1",
    renderer: NetworkRenderer.Networkd,
    vmwareDatasource: true,
    vmwareWarnsOnTwoIpv6Addresses: false,
    vmwareAdvertisesUpdateEvents: false,
    legacyEniConfigDriveDeprecated: true,
    statusJson: true,
    recoverableErrors: true,
  },
  // Debian's testing (the mirror's forky: cloud-init 26.2-1).
  [Suite.Forky]: {
    suite: Suite.Forky,
    cloudInit: "26.2",
    renderer: NetworkRenderer.Networkd,
    vmwareDatasource: true,
    vmwareWarnsOnTwoIpv6Addresses: false,
    vmwareAdvertisesUpdateEvents: true,
    legacyEniConfigDriveDeprecated: true,
    statusJson: true,
    recoverableErrors: true,
  },
};

/** The suites `npm run test:vm` boots (`BOOTPROOF_SUITES=bookworm,trixie` to boot fewer). */
export function selectedSuites(): Suite[] {
  const wanted = process.env.BOOTPROOF_SUITES;
  if (!wanted) return Object.values(Suite);
  const names = wanted.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !Object.values(Suite).includes(n as Suite));
  if (unknown.length > 0)
    throw new Error(
      `BOOTPROOF_SUITES: unknown suite ${unknown.join(", ")}; use ${Object.values(Suite).join(", ")}`,
    );
  return names as Suite[];
}
