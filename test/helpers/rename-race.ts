/**
 * Reading cloud-init's warnings about NIC renames that found no device (a rename that lost a race with udev's
 * own, test/vm/expectations.ts `udevRenameRaces`), in the forms each generation writes them: the bond boot
 * reads them from a guest's log or status, test/generations/nic-rename-race.test.ts checks them against the
 * text each generation's own code writes.
 */
/** One failed rename of a "Failed to rename devices" warning: cloud-init's `ip link set <from> name <to>`. */
export interface FailedRename {
  from: string;
  to: string;
  mac: string;
  /** A NIC missing from the list cloud-init read ("[nic not present]"), not a rename that found no device. */
  notPresent?: true;
}

const RENAME_WARNING = "Failed to rename devices: ";
/** 23.4+ (its `_rename_interfaces` raises RuntimeError, which the caller wraps); 20.4 and 22.4 raise Exception. */
const RENAME_WRAPPER = "Failed to apply network config names: ";
const RENAME_ERROR =
  /^\[unknown\] Error performing rename\('([\w.-]+)', '([\w.-]+)'\) for ([0-9a-f:]{17}), \2: [^]*Stderr: Cannot find device "\1"$/;

/**
 * 23.4+'s planning error for a NIC that is missing from the list cloud-init read (udev was renaming it just then):
 * "[nic not present] Cannot rename mac=<mac> to <to>, not available." (`_rename_interfaces`, 26.2
 * cloudinit/net/__init__.py), logged first as "Unable to rename interfaces: [[...]] due to errors: [...]" and
 * then raised into "Failed to rename devices: ...". Seen in forky's vApp boot of the fresh CI of 6573823.
 */
const NOT_PRESENT_ERROR =
  /^\[nic not present\] Cannot rename mac=([0-9a-f:]{17}) to ([\w.-]+), not available\.$/;
const UNABLE_WARNING = /^Unable to rename interfaces: \[.*\] due to errors: \[(.*)\]$/s;

/** A failed rename of either form; a NIC that was not present is renamed "from" the name it should get. */
function failedRename(error: string): FailedRename | undefined {
  const m = RENAME_ERROR.exec(error);
  if (m) return { from: m[1] ?? "", to: m[2] ?? "", mac: m[3] ?? "" };
  const n = NOT_PRESENT_ERROR.exec(error);
  return n ? { from: n[2] ?? "", to: n[2] ?? "", mac: n[1] ?? "", notPresent: true } : undefined;
}

/**
 * The renames of a warning about first-boot NIC renames when every error in it is a rename that lost udev's race;
 * undefined for any other warning. Two warnings, two kinds of error:
 * - "Failed to rename devices: " with one error per failed operation, joined with newlines
 *   (`_rename_interfaces`: cloudinit/net/__init__.py 20.4.1:725-731, 22.4.2:878-885, 26.2:856-863); from 23.4
 *   the caller's RuntimeError wrapper adds "Failed to apply network config names: " (distros/networking.py),
 *   which 20.4 and 22.4 skip because their `_rename_interfaces` raises a plain Exception
 *   (test/generations/nic-rename-race.test.ts has each generation's own code write them);
 * - "Unable to rename interfaces: [...] due to errors: [...]", the errors as a Python list of strings, which
 *   `_rename_interfaces` logs before it raises a planning error.
 * Each error is a rename that found no device (`Cannot find device "<from>"`) or, in planning, a NIC that was
 * not present ("[nic not present] Cannot rename mac=<mac> to <to>, not available.": udev renamed it while
 * cloud-init listed the NICs; its `from` is then `<to>`, the name udev renamed it away from).
 */
export function renameRaceErrors(warning: string): FailedRename[] | undefined {
  let errors: string[];
  const unable = UNABLE_WARNING.exec(warning);
  if (unable) {
    // The errors as Python prints a list of strings: ['...', '...'].
    errors = [...(unable[1] ?? "").matchAll(/'([^']*)'/g)].map((e) => e[1] ?? "");
    if (errors.length === 0) return undefined;
  } else {
    if (!warning.startsWith(RENAME_WARNING)) return undefined;
    let rest = warning.slice(RENAME_WARNING.length);
    if (rest.startsWith(RENAME_WRAPPER)) rest = rest.slice(RENAME_WRAPPER.length);
    errors = rest.split(/\n(?=\[(?:unknown\] Error performing |nic not present\] ))/);
  }
  const renames: FailedRename[] = [];
  for (const error of errors) {
    const rename = failedRename(error);
    if (!rename) return undefined;
    renames.push(rename);
  }
  return renames;
}

/** A record header of /var/log/cloud-init.log (05_logging.cfg: `%(asctime)s - %(filename)s[%(levelname)s]: `). */
const LOG_RECORD = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - [\w.-]+\[(\w+)\]: /;

/** The message of every WARNING record of a cloud-init log, with the lines it continues on. */
export function cloudInitLogWarnings(log: string): string[] {
  const warnings: string[] = [];
  let current: string[] | undefined;
  // A record ends where the next header starts; the line feeds it ends with are the log's, not the message's.
  const close = (): void => {
    if (current) warnings.push(current.join("\n").replace(/\n+$/, ""));
  };
  for (const line of log.split("\n")) {
    const header = LOG_RECORD.exec(line);
    if (header) {
      close();
      current = header[1] === "WARNING" ? [line.slice(header[0].length)] : undefined;
    } else current?.push(line);
  }
  close();
  return warnings;
}
