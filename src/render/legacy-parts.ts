/**
 * Forms for targets older than the cloud-init features the spec maps to directly:
 *
 * - Per-frequency script parts (`text/x-shellscript-per-boot|-per-instance|-per-once`) have a handler only
 *   from 22.1 on (cloudinit/handlers/shell_script_by_frequency.py, "Shell script handlers by freq #1166").
 *   20.4 logs them as unhandled and never runs them. Before 22.1: a per-instance script is a plain
 *   `text/x-shellscript` part (20.4.1 handlers/shell_script.py writes it to the instance's scripts/,
 *   which cc_scripts_user runs once per instance); per-boot and per-once scripts are written with
 *   `write_files` into /var/lib/cloud/scripts/per-boot and per-once, which cc_scripts_per_boot and
 *   cc_scripts_per_once run (20.4.1 cloudinit/config/cc_scripts_per_boot.py, cc_scripts_per_once.py).
 * - `write_files.defer` is new in 21.4 (cloudinit/config/cc_write_files.py; 20.4.1 has no such key and
 *   writes every file in the init stage, before cc_users_groups creates the owner: "Unknown user or
 *   group"). Before 21.4 the deferred files are written by one `text/x-shellscript` part, which
 *   cc_scripts_user runs in the final stage, after users and packages, as `defer` does.
 */
import { FileEncoding, FileSpec, MimeContentType, ScriptFrequency } from "../spec/types";
import type { BootstrapSpec } from "../spec/types";
import { atLeast, CloudInitVersion } from "../spec/cloud-init-version";

/** True when the target has no per-frequency script handlers (before 22.1). */
export function scriptsWithoutFrequencyTypes(target: CloudInitVersion): boolean {
  return !atLeast(target, "22.1");
}

/** True when the target has no `write_files.defer` (before 21.4). */
export function deferredFilesInScript(target: CloudInitVersion): boolean {
  return !atLeast(target, "21.4");
}

const SCRIPT_DIRS: Partial<Record<ScriptFrequency, string>> = {
  [ScriptFrequency.PerBoot]: "/var/lib/cloud/scripts/per-boot",
  [ScriptFrequency.Once]: "/var/lib/cloud/scripts/per-once",
};

/** `write_files` entries for per-boot and per-once scripts on targets before 22.1. */
export function earlyScriptFiles(spec: BootstrapSpec, target: CloudInitVersion): Record<string, unknown>[] {
  if (!scriptsWithoutFrequencyTypes(target)) return [];
  return (spec.scripts ?? []).flatMap((script) => {
    const dir = SCRIPT_DIRS[script.frequency ?? ScriptFrequency.PerInstance];
    return dir === undefined
      ? []
      : [{ path: `${dir}/${script.name}`, content: script.content, permissions: "0755" }];
  });
}

/** The MIME type of a script part for the target, or undefined when the script travels in write_files. */
export function scriptPartType(
  frequency: ScriptFrequency,
  target: CloudInitVersion,
  modern: MimeContentType,
): MimeContentType | undefined {
  if (!scriptsWithoutFrequencyTypes(target)) return modern;
  return frequency === ScriptFrequency.PerInstance ? MimeContentType.ShellScript : undefined;
}

/** A string as one single-quoted shell word. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The file's bytes as base64 and the command that decodes them. */
function decoded(file: FileSpec): { base64: string; decode: string } {
  switch (file.encoding ?? FileEncoding.Text) {
    case FileEncoding.Base64:
      return { base64: file.content, decode: "base64 -d" };
    case FileEncoding.GzipBase64:
      return { base64: file.content, decode: "base64 -d | gzip -dc" };
    default:
      return { base64: Buffer.from(file.content, "utf8").toString("base64"), decode: "base64 -d" };
  }
}

/** Name of the script part that writes deferred files on targets before 21.4. */
export const DEFERRED_FILES_PART = "bootstrapped-vm-deferred-files.sh";

/**
 * The shell script that writes the spec's deferred files (targets before 21.4) as cloud-init's
 * write_files would: parent directories created, owner `root:root` and mode 0644 unless given, `append`
 * appends. Undefined when there is nothing to write that way.
 */
export function deferredFilesScript(spec: BootstrapSpec, target: CloudInitVersion): string | undefined {
  if (!deferredFilesInScript(target)) return undefined;
  const files = (spec.files ?? []).filter((f) => f.defer === true);
  if (files.length === 0) return undefined;
  const lines = [
    "#!/bin/sh",
    "# Files the bootstrap spec writes late (write_files.defer needs cloud-init 21.4).",
    "set -eu",
  ];
  for (const file of files) {
    const path = shellWord(file.path);
    const { base64, decode } = decoded(file);
    const mode = file.permissions === undefined ? "0644" : file.permissions.padStart(4, "0");
    lines.push(
      `mkdir -p "$(dirname ${path})"`,
      `${decode} ${file.append === true ? ">>" : ">"} ${path} <<'BOOTSTRAPPED_VM_EOF'`,
      ...(base64.match(/.{1,76}/g) ?? []),
      "BOOTSTRAPPED_VM_EOF",
      `chown ${shellWord(file.owner ?? "root:root")} ${path}`,
      `chmod ${mode} ${path}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
