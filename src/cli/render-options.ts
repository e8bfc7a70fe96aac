/**
 * The options that decide what `render` produces — `--format`, `--mac`, `--network-version`, `--cloud-init`,
 * `--legacy-network-file`, `--seeder` — parsed once for `render`, `validate` and `diff`, and the one function that renders
 * a spec for a format. `validate --format F` runs exactly this function and throws the output away, so
 * it refuses exactly what `render --format F` refuses: one rule set.
 */
import type { BootstrapSpec } from "../spec/types";
import type { RenderedDocuments } from "../render/types";
import { didYouMean, hintThenList, ParsedCommandLine, stringListOption, stringOption } from "./args";
import { InputError, UsageError } from "./errors";
import { SpecValidationError, type SpecProblem } from "../core/problems";
import { findFormat, FormatFlags, FormatOutput, OUTPUT_FORMATS, OutputFormat } from "./formats";
import { parseMacOptions, renderDocuments, toInputError } from "./render-documents";
import { inCliTerms, type MacSource } from "./wording";
import { writeStderr } from "./stdout";
import { cloudInitVersionProblem } from "../spec/validate-cloud-init";

/** The `parseArgs` options shared by `render`, `validate` and `diff` (which repeats `--format`). */
export const RENDER_OPTIONS = {
  format: { type: "string", short: "f" },
  mac: { type: "string", multiple: true, short: "m" },
  "network-version": { type: "string" },
  "legacy-network-file": { type: "boolean" },
  "cloud-init": { type: "string" },
  seeder: { type: "boolean" },
} as const;

/** Help lines of the options above. */
export const RENDER_OPTIONS_HELP = `  -m, --mac MAC            MAC the platform assigns to the next NIC (repeat in NIC order); fills in
                           interfaces the spec matches by position
      --network-version 1|2
                           network config version for --format network-config (default: the one the
                           guest is given: 2, or 1 where cloud-init would bind a v2 route wrongly)
      --legacy-network-file
                           add the flat_injected-style openstack/content/0000 network file
                           (configdrive-iso, configdrive-dir)
      --cloud-init VERSION
                           the oldest cloud-init the image runs (YY.N, e.g. 20.4); overrides the
                           spec's cloudInit.minVersion (default 22.4, docs/cloud-init-versions.md)
      --seeder             --format guestinfo: the template has the bootstrapped-vm seeder (--format
                           vmware-seeder), which reads guestinfo for cloud-init before 21.3 too`;

export interface RenderChoice {
  /** Undefined when no `--format` was given (`validate` without one). */
  format: OutputFormat | undefined;
  flags: FormatFlags;
  /** `--cloud-init`: replaces the spec's `cloudInit.minVersion` (validated with that path). */
  cloudInit?: string;
}

const FORMAT_NAMES = OUTPUT_FORMATS.map((f) => f.name);

/** Looks a format name up; a usage error lists the formats when there is no such format. */
export function formatByName(name: string, command: string): OutputFormat {
  const format = findFormat(name);
  if (!format) {
    throw new UsageError(
      `unknown --format "${name}"${hintThenList(didYouMean(name, FORMAT_NAMES), `use one of: ${FORMAT_NAMES.join(", ")}`)}`,
      command,
    );
  }
  return format;
}

/**
 * `--cloud-init VERSION`, checked as the spec's `cloudInit.minVersion` is (a bad value is a usage error,
 * exit 2, like every bad option value); undefined without the option.
 */
function parseCloudInitOption(cl: ParsedCommandLine, command: string): string | undefined {
  const cloudInit = stringOption(cl, "cloud-init");
  if (cloudInit === "") throw new UsageError("missing value for --cloud-init", command);
  const problem = cloudInit === undefined ? undefined : cloudInitVersionProblem(cloudInit);
  if (problem !== undefined) throw new UsageError(`--cloud-init ${cloudInit}: ${problem}`, command);
  return cloudInit;
}

/** Reads and checks the render options of a parsed command line (usage errors, exit 2). */
export function parseRenderChoice(cl: ParsedCommandLine, command: string): RenderChoice {
  const formatName = stringOption(cl, "format");
  if (formatName === "") throw new UsageError("missing value for --format", command);
  const format = formatName === undefined ? undefined : formatByName(formatName, command);
  const { flags, cloudInit } = parseRenderFlags(cl, command, format === undefined ? [] : [format.name]);
  return { format, flags, ...(cloudInit === undefined ? {} : { cloudInit }) };
}

/**
 * The render options every format-rendering command shares (`RENDER_OPTIONS` but `--format`), each refused
 * (usage error) where none of `formats`, the formats the command renders, is one it applies to; "every":
 * the command renders them all (`diff` without `--format`, which compares both network config versions,
 * so `--network-version` needs `--format network-config` there too).
 */
export function parseRenderFlags(
  cl: ParsedCommandLine,
  command: string,
  formats: readonly string[] | "every",
): { flags: FormatFlags; cloudInit?: string } {
  const applies = (prefix: string) => formats === "every" || formats.some((name) => name.startsWith(prefix));
  const versionText = stringOption(cl, "network-version");
  if (versionText !== undefined && (formats === "every" || !formats.includes("network-config"))) {
    throw new UsageError("--network-version applies only to --format network-config", command);
  }
  if (versionText !== undefined && versionText !== "1" && versionText !== "2") {
    throw new UsageError(`--network-version must be 1 or 2, not "${versionText}"`, command);
  }
  const legacyNetworkFile = cl.values["legacy-network-file"] === true;
  if (legacyNetworkFile && !applies("configdrive-")) {
    throw new UsageError(
      "--legacy-network-file applies only to configdrive-iso and configdrive-dir",
      command,
    );
  }
  const seeder = cl.values.seeder === true;
  if (seeder && !applies("guestinfo")) {
    throw new UsageError("--seeder applies only to --format guestinfo", command);
  }
  const { macs, problems } = parseMacOptions(stringListOption(cl, "mac"));
  if (problems.length > 0) throw new UsageError(problems.join("\n"), command);
  const cloudInit = parseCloudInitOption(cl, command);
  return {
    flags: {
      ...(versionText === undefined ? {} : { networkVersion: versionText === "1" ? 1 : 2 }),
      legacyNetworkFile,
      macs,
      ...(seeder ? { seeder } : {}),
    },
    ...(cloudInit === undefined ? {} : { cloudInit }),
  };
}

/**
 * The rules `--fleet PLAN` has in every command that takes it (`render`, `validate`): a plan, one base SPEC,
 * and no `--mac` (each member needs its own MACs). Usage errors.
 */
export function checkFleetOptions(
  plan: string,
  specs: readonly string[],
  choice: RenderChoice,
  command: string,
): void {
  if (plan === "") throw new UsageError("missing value for --fleet", command);
  if (specs.length !== 1) throw new UsageError(`--fleet takes one base SPEC, not ${specs.length}`, command);
  if (choice.flags.macs.length > 0) {
    throw new UsageError(
      "--mac gives one VM's MACs; a fleet's members need their own (macAddress in the spec, e.g. with %{n})",
      command,
    );
  }
}

/**
 * `warning:` lines for `--mac` values past the spec's interfaces: NIC i's MAC fills in
 * `network.interfaces[i]`, so these fill in nothing. The VM may have NICs the spec leaves alone, so this is
 * not an error; but a spec with fewer interfaces than meant, or one `-m` too many, would otherwise pass
 * without a word.
 */
export function unusedMacWarnings(spec: BootstrapSpec, macs: readonly string[]): string[] {
  const count = spec.network?.interfaces?.length ?? 0;
  const has =
    count === 0
      ? "no network.interfaces"
      : count === 1
        ? "1 interface (network.interfaces[0])"
        : `${count} interfaces (network.interfaces[0] to [${count - 1}])`;
  return macs
    .slice(count)
    .map((mac, i) => `warning: --mac ${mac} (NIC ${count + i}) is not used: the spec has ${has}`);
}

/** Writes warning lines (such as `unusedMacWarnings`') on stderr, one a line, for `render` and `validate`. */
export function printWarnings(lines: readonly string[]): void {
  for (const line of lines) writeStderr(`${line}\n`);
}

/** `spec` for the target `--cloud-init` gave (`cloudInit.minVersion` replaced), or `spec` without one. */
function withCloudInit(spec: BootstrapSpec, cloudInit: string | undefined): BootstrapSpec {
  return cloudInit === undefined
    ? spec
    : { ...spec, cloudInit: { ...spec.cloudInit, minVersion: cloudInit } };
}

/**
 * Renders a valid spec for `format`: every document (`renderAll` with the `--mac` MACs), then the
 * format's own output. Throws `InputError` lines for anything either refuses, spec problems placed in
 * the file `placedBy` (by default `loaded`) was read from, a missing MAC's fix worded for `macs` (a
 * fleet member's comes from the base spec). Without a format, only the documents (the rules every
 * format shares); for a format that is the same for every spec, only that output.
 */
export function renderForFormat(
  loaded: BootstrapSpec,
  choice: RenderChoice,
  placedBy: unknown = loaded,
  macs: MacSource = "option",
): FormatOutput | undefined {
  // The spec was read and validated; a format that is the same for every spec renders nothing from it.
  const constant = choice.format?.sameForEverySpec;
  if (constant) return constant();
  return withDocuments(
    loaded,
    choice,
    (spec, docs) => choice.format?.render(spec, docs, choice.flags),
    placedBy,
    macs,
  );
}

/**
 * `use(spec, docs)` with `loaded` for `choice`'s target (`--cloud-init`) and its documents (the `--mac` MACs);
 * whatever either throws comes out as `renderForFormat`'s `InputError` lines.
 */
export function withDocuments<T>(
  loaded: BootstrapSpec,
  choice: RenderChoice,
  use: (spec: BootstrapSpec, docs: RenderedDocuments) => T,
  placedBy: unknown = loaded,
  macs: MacSource = "option",
): T {
  const spec = withCloudInit(loaded, choice.cloudInit);
  try {
    return use(spec, renderDocuments(spec, choice.flags.macs));
  } catch (err) {
    throw refusal(err, placedBy, choice.cloudInit, macs);
  }
}

/**
 * A render's problems as `InputError` lines. With `--cloud-init`, the version at `cloudInit.minVersion` is
 * the option's, not the file's: its problems are labelled `--cloud-init VERSION:` instead of being placed in
 * the file.
 */
function refusal(
  err: unknown,
  placedBy: unknown,
  cloudInit: string | undefined,
  macs: MacSource,
): InputError {
  if (cloudInit === undefined || !(err instanceof SpecValidationError))
    return toInputError(err, placedBy, macs);
  const fromOption = (p: SpecProblem) => p.path === "cloudInit.minVersion";
  const fromSpec = err.problems.filter((p) => !fromOption(p));
  return new InputError([
    ...err.problems
      .filter(fromOption)
      .map((p) => `--cloud-init ${cloudInit}: ${inCliTerms(p, macs).message}`),
    ...(fromSpec.length > 0 ? toInputError(new SpecValidationError(fromSpec), placedBy, macs).lines : []),
  ]);
}
