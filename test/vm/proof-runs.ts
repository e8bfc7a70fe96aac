/**
 * Starts the boots of the boot proof for one suite and hands the tests one promise per case: NoCloud,
 * config drive with network_data.json, config drive with the legacy network file (each on a fresh disk), and
 * the re-run case (one disk, three boots); plus the vSphere transports (vsphere-runs.ts).
 */
import { join } from "node:path";
import type { RenderedDocuments } from "../../src/render/types";
import {
  bootSuiteGuest,
  GuestBoot,
  handled,
  LATE_UDEV_FLAVOUR,
  NETPLAN_FLAVOUR,
  NETWORK_MANAGER_FLAVOUR,
  runDir,
} from "./harness";
import {
  DUAL_STACK,
  FIRST_VARIANT,
  INSPECT_PATHS,
  IPV4_ONLY,
  ProofNetwork,
  ProofVariant,
  SECOND_VARIANT,
  suiteSpec,
} from "./proof-spec";
import { SeedKind, writeSeed } from "./seeds";
import { Suite, SUITES } from "./suites";

/** What the guest booted from: the library's documents and the files its seed held. */
export interface ProofSeed {
  documents: RenderedDocuments;
  files: string[];
}

export interface ProofBoot extends GuestBoot {
  variant: ProofVariant;
  seed: ProofSeed;
}

export interface SuiteRuns {
  suite: Suite;
  noCloud: Promise<ProofBoot>;
  configDriveNetworkData: Promise<ProofBoot>;
  configDriveLegacyNetwork: Promise<ProofBoot>;
  /** The re-run case: first instance, second instance (changed spec), second instance again (same seed). */
  rerun: Promise<[ProofBoot, ProofBoot, ProofBoot]>;
}

/** The newest target the library still writes an ENI-only config drive for (it refuses it from 24.3). */
export const LAST_LEGACY_ENI_TARGET = "24.2";

async function seedBoot(
  suite: Suite,
  label: string,
  kind: SeedKind,
  variant: ProofVariant,
  disk?: string,
  target?: string,
  flavour?: string,
  net: ProofNetwork = DUAL_STACK,
): Promise<ProofBoot> {
  const workDir = runDir(label);
  const spec = suiteSpec(suite, variant, net);
  if (target !== undefined) spec.cloudInit = { minVersion: target };
  const seed = await writeSeed(kind, spec, join(workDir, "seed.iso"));
  const boot = await bootSuiteGuest({
    suite,
    flavour,
    label,
    disk,
    cdroms: [seed.path],
    inspectPaths: INSPECT_PATHS,
  });
  return { ...boot, variant, seed };
}

export function startSuiteRuns(suite: Suite): SuiteRuns {
  async function rerun(): Promise<[ProofBoot, ProofBoot, ProofBoot]> {
    const first = await seedBoot(suite, `${suite}/rerun-1-first`, SeedKind.NoCloud, FIRST_VARIANT);
    const second = await seedBoot(
      suite,
      `${suite}/rerun-2-changed`,
      SeedKind.NoCloud,
      SECOND_VARIANT,
      first.disk,
    );
    const third = await seedBoot(
      suite,
      `${suite}/rerun-3-unchanged`,
      SeedKind.NoCloud,
      SECOND_VARIANT,
      first.disk,
    );
    return [first, second, third];
  }
  // The re-run case is the longest chain: queue its first boot first.
  const rerunBoots = handled(rerun());
  const single = (name: string, kind: SeedKind, target?: string): Promise<ProofBoot> =>
    handled(seedBoot(suite, `${suite}/${name}`, kind, FIRST_VARIANT, undefined, target));
  return {
    suite,
    rerun: rerunBoots,
    noCloud: single("nocloud", SeedKind.NoCloud),
    configDriveNetworkData: single("config-drive-network-data", SeedKind.ConfigDriveNetworkData),
    configDriveLegacyNetwork: single(
      "config-drive-legacy-network",
      SeedKind.ConfigDriveLegacyNetwork,
      SUITES[suite].legacyEniConfigDriveDeprecated ? LAST_LEGACY_ENI_TARGET : undefined,
    ),
  };
}

/** A first boot on an image flavour (late-udev, netplan): the seed, and the network its spec gives the NIC. */
export interface FlavourCase {
  /** The boot's directory under the suite's runs: `<flavour>-<name>`. */
  name: string;
  kind: SeedKind;
  net: ProofNetwork;
  /** The network config document the guest gets. */
  document: "network_data.json" | "v1" | "v2";
}

/**
 * The cases booted on the late-udev flavour: the config drive of the failing CI boot, NoCloud's v1 (the
 * dual-stack spec) and NoCloud's v2 (the IPv4-only spec), each of which names the NIC known by MAC only
 * `eth0` (src/render/network-data-json.ts, network-v1.ts, network-v2.ts `ethernetEntry`).
 */
export const LATE_UDEV_CASES: readonly FlavourCase[] = [
  {
    name: SeedKind.ConfigDriveNetworkData,
    kind: SeedKind.ConfigDriveNetworkData,
    net: DUAL_STACK,
    document: "network_data.json",
  },
  { name: SeedKind.NoCloud, kind: SeedKind.NoCloud, net: DUAL_STACK, document: "v1" },
  { name: `${SeedKind.NoCloud}-v2`, kind: SeedKind.NoCloud, net: IPV4_ONLY, document: "v2" },
];

/**
 * A first boot of `c` on the late-udev flavour (harness.ts `LATE_UDEV_FLAVOUR`): udev renames the NIC
 * between cloud-init's local and network stages.
 */
export function startLateUdevBoot(suite: Suite, c: FlavourCase): Promise<ProofBoot> {
  return startFlavourBoot(suite, LATE_UDEV_FLAVOUR, c);
}

/**
 * The case booted on bookworm's netplan flavour (harness.ts `NETPLAN_FLAVOUR`, the path Debian 12's cloud
 * images take): NoCloud's network config v2 (the IPv4-only spec), whose one NIC, known by MAC only, carries
 * `set-name: eth0` (src/render/network-v2.ts `ethernetEntry`), which cloud-init hands to netplan.
 */
export const NETPLAN_CASE: FlavourCase = {
  name: `${SeedKind.NoCloud}-v2`,
  kind: SeedKind.NoCloud,
  net: IPV4_ONLY,
  document: "v2",
};

/** A first boot of the netplan case on `suite`'s netplan flavour. */
export function startNetplanBoot(suite: Suite): Promise<ProofBoot> {
  return startFlavourBoot(suite, NETPLAN_FLAVOUR, NETPLAN_CASE);
}

/**
 * The cases booted on trixie's NetworkManager flavour (harness.ts `NETWORK_MANAGER_FLAVOUR`, cloud-init's renderer
 * on Fedora and RHEL-family images): the dual-stack spec from a NoCloud seed (network config v1) and from a
 * config drive (`network_data.json`, what such images get on OpenStack).
 */
export const NETWORK_MANAGER_CASES: readonly FlavourCase[] = [
  { name: SeedKind.NoCloud, kind: SeedKind.NoCloud, net: DUAL_STACK, document: "v1" },
  {
    name: SeedKind.ConfigDriveNetworkData,
    kind: SeedKind.ConfigDriveNetworkData,
    net: DUAL_STACK,
    document: "network_data.json",
  },
];

/** A first boot of `c` on `suite`'s NetworkManager flavour. */
export function startNetworkManagerBoot(suite: Suite, c: FlavourCase): Promise<ProofBoot> {
  return startFlavourBoot(suite, NETWORK_MANAGER_FLAVOUR, c);
}

/** A first boot of `c` on the image flavour `flavour`, in the suite's runs as `<flavour>-<case name>`. */
function startFlavourBoot(suite: Suite, flavour: string, c: FlavourCase): Promise<ProofBoot> {
  return handled(
    seedBoot(
      suite,
      `${suite}/${flavour}-${c.name}`,
      c.kind,
      FIRST_VARIANT,
      undefined,
      undefined,
      flavour,
      c.net,
    ),
  );
}
