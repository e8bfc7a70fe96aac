/**
 * Spec -> rendered documents for the CLI: `renderAll` with the platform MACs from `--mac`, and any
 * renderer error turned into `InputError` lines (spec problems keep their property paths and are placed
 * in the spec file, as `FILE:LINE:COL:`, like the spec's validation problems; their ways out are worded in
 * the CLI's terms, wording.ts).
 */
import type { BootstrapSpec } from "../spec/types";
import type { RenderedDocuments } from "../render/types";
import { renderAll } from "../render";
import { renderValidSpec } from "../render/render-all";
import { SpecValidationError } from "../core/problems";
import { GuestinfoSizeError } from "../render/guestinfo";
import { cliWording, inCliTerms, type MacSource } from "./wording";
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
 * Converts anything a renderer throws into `InputError` lines. Spec problems (`SpecValidationError`) are
 * placed in the file `placedBy` was read from (`readSpecFile`), or in the file of the spec it was made from
 * with the same property paths (a fleet member, a spec with `--cloud-init` applied). `macs`: how the
 * command gives NICs their MACs (see `MacSource`).
 */
export function toInputError(err: unknown, placedBy?: unknown, macs: MacSource = "option"): InputError {
  if (err instanceof InputError) return err;
  if (err instanceof SpecValidationError) {
    return new InputError(
      problemLines(
        placedBy,
        err.problems.map((p) => inCliTerms(p, macs)),
      ),
    );
  }
  if (err instanceof GuestinfoSizeError) {
    return new InputError(problemLines(placedBy, err.specProblems("", cliWording(macs))));
  }
  return new InputError(((err as Error).message ?? String(err)).split("\n"));
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
