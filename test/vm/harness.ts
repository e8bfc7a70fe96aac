/**
 * The reusable boot harness: boots a guest of a given Debian suite (optionally a flavour of its image) with the
 * given CD-ROMs, SMBIOS strings, fw_cfg files, CPU model and user-network options, and returns the report the
 * guest wrote. Guest images are built once per recipe and run; builds and boots share one concurrency limit
 * (`BOOTPROOF_CONCURRENCY`, default 2: the CI machine has 2 cores).
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { renderVmwareSeederFiles, SEEDER_PATH } from "../../src/seeder/vmware-seeder";
import { ensureGuestImage, GuestImage, GuestRecipe, OverlayFile, VM_CACHE_DIR } from "./guest-image";
import { GuestReport } from "./guest-report";
import { BootOptions, BootResult, bootGuest, createGuestDisk } from "./qemu";
import { Suite } from "./suites";

export const RUNS_DIR = join(VM_CACHE_DIR, "runs");
export const CONCURRENCY = Number(process.env.BOOTPROOF_CONCURRENCY ?? "2");

/** The bullseye flavour with seed 000's seeder installed exactly as `renderVmwareSeederFiles` gives it. */
export const SEEDER_FLAVOUR = "seeder";

/** A counting semaphore: `run` starts `task` when fewer than `limit` tasks are running. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((wake) => waiting.push(wake));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

const slot = limiter(CONCURRENCY);
/** One line per finished build or boot with its wall time, for the log and the report. */
export const timings: string[] = [];

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(0)} s`;
}

/**
 * The seeder flavour's files: the seeder, its systemd drop-in and its `datasource_list: [NoCloud, None]`, and
 * a 98-bootproof-suite.cfg that keeps only the suite's network renderer (the base image's file would set the
 * datasource list and override the seeder's).
 */
function seederOverlay(): Map<string, OverlayFile> {
  const files = new Map<string, OverlayFile>();
  for (const [path, content] of renderVmwareSeederFiles())
    files.set(path, { content, mode: path === SEEDER_PATH ? 0o755 : 0o644 });
  files.set("etc/cloud/cloud.cfg.d/98-bootproof-suite.cfg", {
    content:
      "# Boot-proof guest (bullseye, seeder flavour): the seeder's cfg sets the datasources.\n" +
      "system_info:\n  network:\n    renderers: [eni]\n",
    mode: 0o644,
  });
  return files;
}

/**
 * The bookworm flavour whose cloud-init renders with netplan (netplan.io 0.106 is in bookworm's image, unused by
 * the base image): netplan writes systemd-networkd's .netdev and .network files, so bonds and VLANs come up.
 */
export const NETPLAN_FLAVOUR = "netplan";

/**
 * A flavour's 98-bootproof-suite.cfg (it replaces the base image's): a heading naming suite, flavour and what
 * the flavour does, the datasources, and `renderer` as cloud-init's renderer and activator.
 */
function suiteCfg(
  suite: Suite,
  flavour: string,
  what: string,
  datasources: string,
  renderer: string,
): [string, OverlayFile] {
  const content =
    `# Boot-proof guest (${suite}, ${flavour} flavour): ${what}.\n` +
    `datasource_list: [${datasources}]\n` +
    `system_info:\n  network:\n    renderers: [${renderer}]\n    activators: [${renderer}]\n`;
  return ["etc/cloud/cloud.cfg.d/98-bootproof-suite.cfg", { content, mode: 0o644 }];
}

/** The netplan flavour's overlay: the base image's datasources, renderer and activator netplan. */
function netplanOverlay(): Map<string, OverlayFile> {
  return new Map([
    suiteCfg(
      Suite.Bookworm,
      NETPLAN_FLAVOUR,
      "cloud-init renders with netplan, netplan for networkd",
      "NoCloud, ConfigDrive, OVF, VMware, None",
      "netplan",
    ),
  ]);
}

/**
 * The bullseye flavour with `ifenslave` installed: ifupdown has no bonding of its own, the `bond-*` options
 * cloud-init's ENI renderer writes are applied by ifenslave's if-pre-up.d/if-up.d hooks. Debian 11's cloud
 * images do not carry it (debian-cloud-images commit ed453a79, "Remove deprecated network tools from
 * Bullseye", config_space/package_config/GENERIC: bridge-utils, ifenslave and vlan for BUSTER only), so the
 * base image keeps without it. ifupdown 0.8.36 creates a `<raw>.<id>` VLAN itself, but a VLAN with any other
 * name (the NoCloud case's `vlan200` on the third NIC) needs the `vlan` package's if-pre-up.d hook, which reads
 * `vlan-raw-device` and `vlan_id`; a bridge needs `bridge-utils`' hook, which reads `bridge_ports` and the
 * `bridge_*` options (ifupdown has no bridging of its own). Those are the two other packages Debian 11's images
 * dropped in the same commit.
 */
export const IFENSLAVE_FLAVOUR = "ifenslave";

/** The ifenslave flavour's overlay: only the package list build-guest.sh installs into the flavour. */
function ifenslaveOverlay(): Map<string, OverlayFile> {
  return new Map([[".bootproof-packages", { content: "ifenslave\nvlan\nbridge-utils\n", mode: 0o644 }]]);
}

/**
 * The trixie flavour whose cloud-init renders with NetworkManager, as on the images that list it first among
 * their renderers (Fedora, the RHEL family; cloud-init's config/cloud.cfg.tmpl): `network-manager` installed
 * from trixie's archive, systemd-networkd disabled (NetworkManager alone configures the NIC), systemd-resolved
 * kept (NetworkManager hands it each connection's DNS, as on Fedora). cloud-init 25.1.4 writes
 * /etc/NetworkManager/system-connections/cloud-init-<name>.nmconnection (net/network_manager.py
 * `nm_conn_filename`); NetworkManager starts after cloud-init's local stage (its unit is ordered after
 * network-pre.target, which cloud-init-local.service comes before).
 */
export const NETWORK_MANAGER_FLAVOUR = "network-manager";

function networkManagerOverlay(): Map<string, OverlayFile> {
  return new Map([
    [".bootproof-packages", { content: "network-manager\n", mode: 0o644 }],
    [".bootproof-disable", { content: "systemd-networkd.service\n", mode: 0o644 }],
    suiteCfg(
      Suite.Trixie,
      NETWORK_MANAGER_FLAVOUR,
      "cloud-init renders with NetworkManager",
      "NoCloud, ConfigDrive, OpenStack, OVF, VMware, None",
      "network-manager",
    ),
  ]);
}

/**
 * The forky flavour that reproduces, every boot, the timing in which the CI of 1b7933e (7 December 2026) saw
 * forky's config-drive NIC end DOWN: udev gives the NIC its predictable name (`eth0` to `ens4`) only after
 * cloud-init's local stage has read the NIC names and written the network config, and before its network stage.
 * In forky's guest udev renames the NIC 60-85 s into the boot, only 0.5-4.5 s before the local stage reads the names
 * (the NIC driver is loaded after the switch to the real root, and cloud-init-local.service orders itself
 * before sysinit.target, not after udev); under load that order flips. Here a udev rule holds the NIC's `add`
 * event (so its rename) until cloud-init-local.service has finished (at most 100 s, below udev's 180 s event
 * timeout), and the network stage starts after `udevadm settle`. Nothing else differs from the base image.
 */
export const LATE_UDEV_FLAVOUR = "late-udev";

function lateUdevOverlay(): Map<string, OverlayFile> {
  const hold =
    "#!/bin/sh\n" +
    "# Boot proof (late-udev flavour): holds udev's add event of a NIC, so its rename, until cloud-init's local\n" +
    "# stage has finished (cloud-init-local.service's ExecStartPost), at most 100 s.\n" +
    "i=0\n" +
    'while [ ! -e /run/bootproof-local-done ] && [ "$i" -lt 500 ]; do sleep 0.2; i=$((i + 1)); done\n' +
    "exit 0\n";
  return new Map([
    ["usr/local/sbin/bootproof-hold-rename", { content: hold, mode: 0o755 }],
    [
      "etc/udev/rules.d/79-bootproof-late-rename.rules",
      {
        content:
          "# Boot proof (late-udev flavour): before 80-net-setup-link.rules names the NIC, wait for cloud-init's local stage.\n" +
          'ACTION=="add", SUBSYSTEM=="net", KERNEL=="eth*", PROGRAM="/usr/local/sbin/bootproof-hold-rename"\n',
        mode: 0o644,
      },
    ],
    [
      "etc/systemd/system/cloud-init-local.service.d/bootproof-late-rename.conf",
      { content: "[Service]\nExecStartPost=/usr/bin/touch /run/bootproof-local-done\n", mode: 0o644 },
    ],
    [
      "etc/systemd/system/cloud-init-network.service.d/bootproof-late-rename.conf",
      { content: "[Service]\nExecStartPre=/usr/bin/udevadm settle --timeout=150\n", mode: 0o644 },
    ],
  ]);
}

export function guestRecipe(suite: Suite): GuestRecipe {
  if (suite === Suite.Bullseye)
    return {
      suite,
      flavours: { [SEEDER_FLAVOUR]: seederOverlay(), [IFENSLAVE_FLAVOUR]: ifenslaveOverlay() },
    };
  if (suite === Suite.Bookworm) return { suite, flavours: { [NETPLAN_FLAVOUR]: netplanOverlay() } };
  if (suite === Suite.Trixie)
    return { suite, flavours: { [NETWORK_MANAGER_FLAVOUR]: networkManagerOverlay() } };
  if (suite === Suite.Forky) return { suite, flavours: { [LATE_UDEV_FLAVOUR]: lateUdevOverlay() } };
  return { suite };
}

/** The guest image of `suite`, built (once per run) when the cache lacks it. */
export function suiteGuest(suite: Suite): Promise<GuestImage> {
  return ensureGuestImage(guestRecipe(suite), slot).then((g) => {
    const line = g.buildMs > 0 ? `guest ${suite} build: ${seconds(g.buildMs)}` : `guest ${suite}: cached`;
    if (!timings.includes(line)) timings.push(line);
    return g;
  });
}

/** Clears the previous run's boot directories of `suites` (call once, before the first boot). */
export function resetRuns(suites: readonly Suite[]): void {
  for (const suite of suites) rmSync(join(RUNS_DIR, suite), { recursive: true, force: true });
  mkdirSync(RUNS_DIR, { recursive: true });
}

/** The work directory of a boot (created): seeds and fw_cfg files go here before the boot. */
export function runDir(label: string): string {
  const dir = join(RUNS_DIR, label);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export type GuestDevices = Pick<
  BootOptions,
  | "cdroms"
  | "smbios"
  | "fwCfg"
  | "cpu"
  | "kernelArgs"
  | "nics"
  | "netdevOptions"
  | "nicOptions"
  | "inspectPaths"
  | "timeLimitMs"
>;

export interface GuestBootRequest extends GuestDevices {
  suite: Suite;
  /** A flavour of the suite's image (`SEEDER_FLAVOUR`, `IFENSLAVE_FLAVOUR`, `NETPLAN_FLAVOUR`); else the base. */
  flavour?: string;
  /** Names the boot's work directory, `.vm-cache/runs/<label>/`. */
  label: string;
  /** A disk an earlier boot used (its state carries over); a fresh copy-on-write disk when unset. */
  disk?: string;
}

export interface GuestBoot {
  label: string;
  suite: Suite;
  /** The disk booted, for a later boot of the same machine. */
  disk: string;
  workDir: string;
  boot: BootResult;
  report: GuestReport;
}

/** Boots one guest (waiting for a free slot) and returns its report; throws when the boot fails. */
export async function bootSuiteGuest(req: GuestBootRequest): Promise<GuestBoot> {
  const guest = await suiteGuest(req.suite);
  const workDir = runDir(req.label);
  const disk = req.disk ?? createGuestDisk(guest, join(workDir, "disk.qcow2"), req.flavour);
  const { suite, flavour: _flavour, label, disk: _disk, ...devices } = req;
  const boot = await slot(() => bootGuest({ ...devices, guest, disk, workDir }));
  timings.push(`boot ${label}: ${seconds(boot.wallMs)}`);
  return { label, suite, disk, workDir, boot, report: new GuestReport(boot.reportDir) };
}

/** Marks a promise as handled so a failure surfaces in the tests that await it, not as a crash. */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
