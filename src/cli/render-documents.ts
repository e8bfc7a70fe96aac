/**
 * Spec -> rendered documents for the CLI: `renderAll` with the platform MACs from `--mac`, and any
 * renderer error turned into `InputError` lines (spec problems keep their property paths and are placed
 * in the spec file, as `FILE:LINE:COL:`, like the spec's validation problems).
 */
import type { BootstrapSpec } from "../spec/types";
import type { RenderedDocuments } from "../render/types";
import { renderAll } from "../render";
import { renderValidSpec } from "../render/render-all";
import { SpecValidationError } from "../core/problems";
import { InputError } from "./errors";
import { isMacAddress } from "../spec/validate-util";
import { problemLines, wasValidated } from "./load-spec";

/** Normalizes `--mac` values; returns the invalid ones' messages instead of throwing so callers choose the exit code. */
export function parseMacOptions(values: readonly string[]): { macs: string[]; problems: string[] } {
  const macs: string[] = [];
  const problems: string[] = [];
  values.forEach((v, i) => {
    const mac = v.trim().toLowerCase().replace(/-/g, ":");
    if (isMacAddress(mac)) macs.push(mac);
    else problems.push(`--mac #${i + 1}: "${v}" is not a MAC address (write it as aa:bb:cc:dd:ee:ff)`);
  });
  return { macs, problems };
}

/**
 * How the CLI can give an interface matched by position its MAC: `render`, `validate` and `diff` take the
 * platform's MACs with `--mac`; `serve` takes none (its guests get no MACs from a platform), so the spec
 * must name the interface or give its MAC; a fleet member takes its MAC from the base spec, where a
 * placeholder makes one per member.
 */
export type MacSource = "option" | "spec" | "fleet";

/**
 * The library's generic alternatives for what a format cannot carry (a bridge or a bond name in
 * network_data.json, a value over the guestinfo limit), in the command's terms: a NoCloud seed is
 * `render --format nocloud-iso`, or for `serve` its NoCloud mode.
 */
function withCliAlternatives(line: string, macs: MacSource): string {
  const seed = macs === "spec" ? "serve --mode nocloud" : "render --format nocloud-iso";
  return line
    .replace(
      "use a NoCloud seed, guestinfo or vApp (network config v2)",
      macs === "spec" ? `use ${seed} (network config v2)` : `${seed}, guestinfo or vapp (network config v2)`,
    )
    .replace("or use a NoCloud seed (network config v2)", `or ${seed} (network config v2)`)
    .replace("use a seed ISO instead of guestinfo", `${seed} instead of guestinfo`);
}

/**
 * A renderer's advice in the CLI's terms: the alternatives it names (`withCliAlternatives`), and the MAC
 * an interface matched by position needs, which the library says the platform assigns; on the command line
 * that is `--mac`, a placeholder in a fleet's base spec, or the spec itself (`serve`).
 */
function withCliFix(text: string, macs: MacSource): string {
  const line = withCliAlternatives(text, macs);
  const m = /assigned no MAC address for NIC (\d+)\./.exec(line);
  if (!m) return line;
  const nic = Number(m[1]);
  const cut = line.indexOf(", or let the platform assign");
  const base = cut >= 0 ? line.slice(0, cut) : line.replace(/\.$/, "");
  if (macs === "option")
    return `${base}, or pass the MAC the platform gives NIC ${nic} with --mac (one --mac per NIC, in NIC order)`;
  if (macs === "fleet")
    return `${base}: one per member, with a placeholder, e.g. macAddress: "52:54:00:00:00:%{n:2}" (--fleet takes no --mac)`;
  return `${base}; a served spec gets no MAC addresses from a platform`;
}

/**
 * Converts anything a renderer throws into `InputError` lines. Spec problems (`SpecValidationError`) are
 * placed in the file `placedBy` was read from (`readSpecFile`), or in the file of the spec it was made from
 * with the same property paths (a fleet member, a spec with `--cloud-init` applied). `macs`: how the
 * command gives NICs their MACs (see `MacSource`).
 */
export function toInputError(err: unknown, placedBy?: unknown, macs: MacSource = "option"): InputError {
  if (err instanceof InputError) return err;
  if (err instanceof SpecValidationError) {
    const problems = err.problems.map((p) => ({ path: p.path, message: withCliFix(p.message, macs) }));
    return new InputError(problemLines(placedBy, problems));
  }
  return new InputError(((err as Error).message ?? String(err)).split("\n").map((l) => withCliFix(l, macs)));
}

/**
 * Renders every document of `spec`; `macs[i]` is the MAC the platform gave NIC `i`. A spec `loadSpec`
 * validated is not validated a second time. Throws what the renderers throw.
 */
export function renderDocuments(spec: BootstrapSpec, macs: readonly string[] = []): RenderedDocuments {
  const opts = macs.length > 0 ? { assignedMacAddresses: macs } : {};
  return wasValidated(spec) ? renderValidSpec(spec, opts) : renderAll(spec, opts);
}

/**
 * `renderDocuments`, its problems thrown as `InputError` lines placed in `spec`'s file (see `toInputError`);
 * `source`: how the command gives NICs their MACs.
 */
export function renderSpecDocuments(
  spec: BootstrapSpec,
  macs: readonly string[] = [],
  source: MacSource = "option",
): RenderedDocuments {
  try {
    return renderDocuments(spec, macs);
  } catch (err) {
    throw toInputError(err, spec, source);
  }
}
