/**
 * Starts every boot of the boot proof at once, at most `concurrency` QEMU guests at a time, and hands the
 * tests one promise per case. Cases 1-3 each boot a fresh disk; the re-run case boots one disk three times.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureGuestImage, GuestImage, VM_CACHE_DIR } from "./guest-image";
import { GuestReport } from "./guest-report";
import { FIRST_VARIANT, INSPECT_PATHS, ProofVariant, proofSpec, SECOND_VARIANT } from "./proof-spec";
import { BootResult, bootGuest, createGuestDisk } from "./qemu";
import { SeedKind, WrittenSeed, writeSeed } from "./seeds";

export const RUNS_DIR = join(VM_CACHE_DIR, "runs");

export interface ProofBoot {
  label: string;
  variant: ProofVariant;
  seed: WrittenSeed;
  boot: BootResult;
  report: GuestReport;
}

export interface ProofRuns {
  guest: Promise<GuestImage>;
  noCloud: Promise<ProofBoot>;
  configDriveNetworkData: Promise<ProofBoot>;
  configDriveLegacyNetwork: Promise<ProofBoot>;
  /** The re-run case: first instance, second instance (changed spec), second instance again (same seed). */
  rerun: Promise<[ProofBoot, ProofBoot, ProofBoot]>;
  /** One line per finished step with its wall time, for the log and the report. */
  timings: string[];
}

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

/** Marks a promise as handled so a failure surfaces in the tests that await it, not as a crash. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

export function startProofRuns(concurrency: number): ProofRuns {
  rmSync(RUNS_DIR, { recursive: true, force: true });
  mkdirSync(RUNS_DIR, { recursive: true });
  const timings: string[] = [];
  const slot = limiter(concurrency);
  const guest = handled(
    ensureGuestImage().then((g) => {
      timings.push(g.buildMs > 0 ? `guest build: ${seconds(g.buildMs)}` : "guest build: cached");
      return g;
    }),
  );

  async function bootOnce(
    label: string,
    kind: SeedKind,
    variant: ProofVariant,
    caseDir: string,
    disk: string,
  ): Promise<ProofBoot> {
    const g = await guest;
    const workDir = join(caseDir, label);
    mkdirSync(workDir, { recursive: true });
    const seed = await writeSeed(kind, proofSpec(variant), join(workDir, "seed.iso"));
    const boot = await slot(() =>
      bootGuest({ guest: g, disk, seedIso: seed.path, workDir, inspectPaths: INSPECT_PATHS }),
    );
    timings.push(`boot ${label} (${kind}): ${seconds(boot.wallMs)}`);
    return { label, variant, seed, boot, report: new GuestReport(boot.reportDir) };
  }

  async function singleBoot(name: string, kind: SeedKind): Promise<ProofBoot> {
    const caseDir = join(RUNS_DIR, name);
    mkdirSync(caseDir, { recursive: true });
    const disk = createGuestDisk(await guest, join(caseDir, "disk.qcow2"));
    return bootOnce(name, kind, FIRST_VARIANT, caseDir, disk);
  }

  async function rerunBoots(): Promise<[ProofBoot, ProofBoot, ProofBoot]> {
    const caseDir = join(RUNS_DIR, "rerun");
    mkdirSync(caseDir, { recursive: true });
    const disk = createGuestDisk(await guest, join(caseDir, "disk.qcow2"));
    const first = await bootOnce("rerun-1-first", SeedKind.NoCloud, FIRST_VARIANT, caseDir, disk);
    const second = await bootOnce("rerun-2-changed", SeedKind.NoCloud, SECOND_VARIANT, caseDir, disk);
    const third = await bootOnce("rerun-3-unchanged", SeedKind.NoCloud, SECOND_VARIANT, caseDir, disk);
    return [first, second, third];
  }

  // The re-run case is the longest chain: queue its first boot first.
  const rerun = handled(rerunBoots());
  return {
    guest,
    rerun,
    noCloud: handled(singleBoot("nocloud", SeedKind.NoCloud)),
    configDriveNetworkData: handled(singleBoot("config-drive-network-data", SeedKind.ConfigDriveNetworkData)),
    configDriveLegacyNetwork: handled(
      singleBoot("config-drive-legacy-network", SeedKind.ConfigDriveLegacyNetwork),
    ),
    timings,
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(0)} s`;
}
