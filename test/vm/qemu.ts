/**
 * Boots the guest under QEMU (TCG) the way a hypervisor would attach a seed: one virtio NIC with a fixed MAC on
 * a restricted user-mode network (or several, each on its own), seed ISOs as IDE CD-ROMs, the root disk as virtio; optionally SMBIOS strings,
 * fw_cfg files and a CPU model (the VMware-shaped guest, see vmware.ts). A second virtio disk
 * (serial `bootproof-report`) receives the guest's report as a raw tar archive. Every boot has a hard time
 * limit, and every QEMU process this module starts is killed when the test process ends, however it ends.
 */
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GuestImage } from "./guest-image";

export const QEMU = "/usr/bin/qemu-system-x86_64";
export const QEMU_IMG = "/usr/bin/qemu-img";
const SETPRIV = "/usr/bin/setpriv";
export const GUEST_MAC = "52:54:00:12:34:56";
const REPORT_DISK_BYTES = 64 * 1024 * 1024;
/** Per-boot limit: 10 minutes, or `BOOTPROOF_BOOT_LIMIT_S` seconds (a machine shared with other jobs). */
const DEFAULT_BOOT_LIMIT_MS = Number(process.env.BOOTPROOF_BOOT_LIMIT_S ?? "600") * 1000;

const running = new Set<ChildProcess>();

/** Kills every QEMU process still running (SIGKILL). Safe to call at any time. */
export function killAllGuests(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}
process.once("exit", killAllGuests);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAllGuests();
    process.exit(130);
  });
}

export function requireQemu(): void {
  const missing = [QEMU, QEMU_IMG, SETPRIV, "/usr/bin/tar"].filter((t) => !existsSync(t));
  if (missing.length > 0) {
    throw new Error(
      `the boot proof needs ${missing.join(", ")}: apt-get install -y qemu-system-x86 qemu-utils tar util-linux`,
    );
  }
}

/**
 * A copy-on-write disk over the guest's root image (or one of its flavours); boots given the same disk share
 * its state.
 */
export function createGuestDisk(guest: GuestImage, path: string, flavour?: string): string {
  requireQemu();
  const backing = flavour === undefined ? guest.rootfs : guest.flavourRootfs[flavour];
  if (backing === undefined) throw new Error(`the ${guest.suite} guest has no flavour ${flavour}`);
  execFileSync(QEMU_IMG, ["create", "-q", "-f", "qcow2", "-b", backing, "-F", "raw", path]);
  return path;
}

/** A file QEMU hands the guest through fw_cfg (`-fw_cfg name=<name>,file=<file>`). */
export interface FwCfgFile {
  /** fw_cfg name, e.g. `opt/guestinfo/metadata` (the guest sees /sys/firmware/qemu_fw_cfg/by_name/<name>/raw). */
  name: string;
  file: string;
}

export interface BootOptions {
  guest: GuestImage;
  /** qcow2 disk from `createGuestDisk`. */
  disk: string;
  /** Images attached as read-only IDE CD-ROMs, in order (a seed ISO, an `OVF ENV` ISO, ...). */
  cdroms?: readonly string[];
  /** `-smbios` arguments, e.g. `type=1,manufacturer=VMware,, Inc.,product=VMware7,,1`. */
  smbios?: readonly string[];
  fwCfg?: readonly FwCfgFile[];
  /** `-cpu` model and flags (QEMU's default when unset). */
  cpu?: string;
  /** Extra kernel command-line parameters. */
  kernelArgs?: readonly string[];
  /** MACs of the virtio NICs, each on its own restricted user network, in PCI order (default `[GUEST_MAC]`). */
  nics?: readonly string[];
  /** Extra `-netdev user` options (every NIC's), e.g. `ipv6=off`. */
  netdevOptions?: readonly string[];
  /**
   * Extra `virtio-net-pci` options (every NIC's), e.g. `speed=1000` and `duplex=full`: without them a virtio NIC
   * reports no link speed, and the bonding driver's 802.3ad mode aggregates no port without one.
   */
  nicOptions?: readonly string[];
  /** Directory for this boot's serial log, report disk and extracted report. */
  workDir: string;
  /** Guest paths the report includes (content and `owner:group mode`). */
  inspectPaths?: readonly string[];
  timeLimitMs?: number;
}

export interface BootResult {
  /** Directory holding the files the guest reported (see guest/bootproof-report). */
  reportDir: string;
  serialLog: string;
  wallMs: number;
}

function tail(path: string, lines: number): string {
  if (!existsSync(path)) return "(no serial log)";
  return readFileSync(path, "utf8").split("\n").slice(-lines).join("\n");
}

/** Boots once, waits for the guest to power itself off, and extracts its report. */
export async function bootGuest(opts: BootOptions): Promise<BootResult> {
  requireQemu();
  mkdirSync(opts.workDir, { recursive: true });
  const serialLog = join(opts.workDir, "serial.log");
  const reportDisk = join(opts.workDir, "report.img");
  const reportDir = join(opts.workDir, "report");
  writeFileSync(reportDisk, Buffer.alloc(0));
  execFileSync("truncate", ["-s", String(REPORT_DISK_BYTES), reportDisk]);

  const inspect = (opts.inspectPaths ?? []).join(",");
  if (/[\s"]/.test(inspect)) throw new Error(`inspect paths must not contain spaces or quotes: ${inspect}`);
  // no_timer_check: the kernel's IO-APIC timer check fails under TCG on a busy host ("IO-APIC + timer
  // doesn't work!", a panic at 0.05 s); the timer is QEMU's and works. Not under test.
  const append = ["root=/dev/vda", "rw", "console=ttyS0", "panic=-1", "no_timer_check", "bootproof.report"];
  if (inspect) append.push(`bootproof.inspect=${inspect}`);
  append.push(...(opts.kernelArgs ?? []));
  const args = [
    ...["-accel", "tcg", "-machine", "pc", "-m", "1024", "-smp", "1"],
    ...["-nodefaults", "-no-reboot", "-display", "none", "-monitor", "none", "-serial", `file:${serialLog}`],
    ...["-kernel", opts.guest.kernel, "-initrd", opts.guest.initrd, "-append", append.join(" ")],
    ...["-drive", `file=${opts.disk},if=none,id=root,format=qcow2`, "-device", "virtio-blk-pci,drive=root"],
    ...["-drive", `file=${reportDisk},if=none,id=report,format=raw`],
    ...["-device", "virtio-blk-pci,drive=report,serial=bootproof-report"],
    ...(opts.cdroms ?? []).flatMap((iso, i) => [
      "-drive",
      `file=${iso},media=cdrom,readonly=on,if=ide,index=${2 + i}`,
    ]),
    ...(opts.cpu ? ["-cpu", opts.cpu] : []),
    ...(opts.smbios ?? []).flatMap((s) => ["-smbios", s]),
    ...(opts.fwCfg ?? []).flatMap((f) => ["-fw_cfg", `name=${f.name},file=${f.file}`]),
    ...(opts.nics ?? [GUEST_MAC]).flatMap((mac, i) => [
      ...["-netdev", [`user,id=n${i},restrict=on`, ...(opts.netdevOptions ?? [])].join(",")],
      ...["-device", [`virtio-net-pci,netdev=n${i},mac=${mac}`, ...(opts.nicOptions ?? [])].join(",")],
    ]),
  ];
  writeFileSync(join(opts.workDir, "qemu-args.json"), JSON.stringify(args, null, 2));

  const limit = opts.timeLimitMs ?? DEFAULT_BOOT_LIMIT_MS;
  const started = Date.now();
  const outcome = await new Promise<{ code: number | null; timedOut: boolean; stderr: string }>(
    (done, fail) => {
      // setpriv --pdeathsig: the kernel kills QEMU when this process dies, even by SIGKILL (no orphans).
      const child = spawn(SETPRIV, ["--pdeathsig", "KILL", "--", QEMU, ...args], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      running.add(child);
      let stderr = "";
      let timedOut = false;
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, limit);
      child.on("error", (err) => {
        clearTimeout(timer);
        running.delete(child);
        fail(err);
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        running.delete(child);
        done({ code, timedOut, stderr });
      });
    },
  );
  const wallMs = Date.now() - started;

  const failure = (why: string): Error =>
    new Error(
      `${why} after ${(wallMs / 1000).toFixed(0)} s (work dir ${opts.workDir}).\n` +
        `QEMU stderr: ${outcome.stderr.trim() || "(empty)"}\nLast lines of the serial log ${serialLog}:\n${tail(serialLog, 60)}`,
    );
  if (outcome.timedOut) throw failure(`the guest did not power off within ${limit / 1000} s`);
  if (outcome.code !== 0) throw failure(`QEMU exited with ${outcome.code}`);

  mkdirSync(reportDir, { recursive: true });
  try {
    execFileSync("tar", ["-xf", reportDisk, "-C", reportDir], { stdio: "pipe" });
  } catch (err) {
    throw failure(`the guest powered off without writing a readable report (${String(err)})`);
  }
  if (!existsSync(join(reportDir, "cloud-init-status.txt")))
    throw failure("the report disk holds no boot report");
  return { reportDir, serialLog, wallMs };
}
