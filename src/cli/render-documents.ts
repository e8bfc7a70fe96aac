/**
 * Spec -> rendered documents for the CLI: `renderAll` with the platform MACs from `--mac`, and any
 * renderer error turned into `InputError` lines (validation problems keep their property paths).
 */
import type { BootstrapSpec } from "../spec/types";
import type { RenderedDocuments } from "../render/types";
import { renderAll } from "../render";
import { formatProblem, SpecValidationError } from "../spec/problems";
import { InputError } from "./errors";
import { isMacAddress } from "../spec/validate-util";

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

/** Converts anything a renderer throws into `InputError` lines. */
export function toInputError(err: unknown): InputError {
  if (err instanceof InputError) return err;
  if (err instanceof SpecValidationError) return new InputError(err.problems.map(formatProblem));
  return new InputError(((err as Error).message ?? String(err)).split("\n"));
}

/** Renders every document of `spec`; `macs[i]` is the MAC the platform gave NIC `i`. */
export function renderSpecDocuments(spec: BootstrapSpec, macs: readonly string[] = []): RenderedDocuments {
  try {
    return renderAll(spec, macs.length > 0 ? { assignedMacAddresses: macs } : {});
  } catch (err) {
    throw toInputError(err);
  }
}
