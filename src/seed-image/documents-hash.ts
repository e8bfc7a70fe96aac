/**
 * Pure checks over the provider's inputs: the documents' hash (what `diff` compares) and the problems
 * `check` reports. No I/O.
 */
// node:crypto, not util/hash: this module runs in the dynamic provider's process, where Pulumi's serialized
// closure re-requires built-ins by name but a dependency only where the project can resolve it.
import { createHash } from "node:crypto";
import { SeedFileEncoding, SeedImageFormat, SeedIsoInputs } from "./types";

/** The files each format cannot do without (a NoCloud seed without meta-data is silently ignored). */
const REQUIRED_FILES: Record<SeedImageFormat, string[]> = {
  [SeedImageFormat.NoCloud]: ["meta-data", "user-data"],
  [SeedImageFormat.ConfigDrive]: ["openstack/latest/meta_data.json"],
};

/**
 * SHA-256 over the format and the sorted file list (path, encoding, content, sameAs). Values that are not yet
 * known (preview with unknown inputs) hash to something no real list hashes to, so `diff` reports a change.
 */
export function seedIsoDocumentsHash(inputs: SeedIsoInputs): string {
  if (!Array.isArray(inputs.files)) return `unknown:${String(inputs.files)}`;
  const canonical = JSON.stringify([
    inputs.format,
    inputs.files
      .map((f) => [f.path, f.encoding ?? null, f.content ?? null, f.sameAs ?? null])
      .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0)),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** Pulumi's marker for a value that is unknown during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Everything wrong with the inputs, as Pulumi check failures (property path + reason with a fix). */
export function seedIsoInputProblems(inputs: SeedIsoInputs): { property: string; reason: string }[] {
  const problems: { property: string; reason: string }[] = [];
  const formats = Object.values(SeedImageFormat) as string[];
  if (inputs.path !== UNKNOWN && (typeof inputs.path !== "string" || inputs.path.trim() === "")) {
    problems.push({ property: "path", reason: "path must be a non-empty file path, e.g. `out/seed.iso`" });
  }
  if ((inputs.format as string) !== UNKNOWN && !formats.includes(inputs.format)) {
    problems.push({ property: "format", reason: `format must be one of ${formats.join(", ")}` });
  }
  const mode: unknown = inputs.fileMode;
  if (
    mode !== undefined &&
    mode !== UNKNOWN &&
    !(Number.isInteger(mode) && (mode as number) >= 0 && (mode as number) <= 0o777)
  ) {
    problems.push({
      property: "fileMode",
      reason: `fileMode must be permission bits between 0 and 0o777 (511), e.g. 0o600; got ${String(mode)}`,
    });
  }
  if ((inputs.files as unknown) === UNKNOWN) return problems;
  if (!Array.isArray(inputs.files)) {
    problems.push({ property: "files", reason: "files must be the list of rendered documents" });
    return problems;
  }
  const seen = new Set<string>();
  const withContent = new Set(
    inputs.files.filter((f) => f?.sameAs === undefined && typeof f?.content === "string").map((f) => f.path),
  );
  inputs.files.forEach((f, i) => {
    if (typeof f?.path !== "string" || f.path === "") {
      problems.push({ property: `files[${i}].path`, reason: "each file needs a non-empty `path`" });
      return;
    }
    if (f.sameAs !== undefined) {
      if (!withContent.has(f.sameAs)) {
        problems.push({
          property: `files[${i}].sameAs`,
          reason: `"${String(f.sameAs)}" names no file of the list that carries content`,
        });
      }
    } else if (typeof f.content !== "string") {
      problems.push({
        property: `files[${i}].content`,
        reason: "give the file's `content`, or `sameAs` naming a file that has it",
      });
    } else if (f.encoding !== SeedFileEncoding.Utf8 && f.encoding !== SeedFileEncoding.Base64) {
      problems.push({ property: `files[${i}].encoding`, reason: "encoding must be `utf8` or `base64`" });
    }
    if (seen.has(f.path))
      problems.push({ property: `files[${i}].path`, reason: `"${f.path}" appears twice` });
    seen.add(f.path);
  });
  for (const required of REQUIRED_FILES[inputs.format] ?? []) {
    if (!seen.has(required)) {
      problems.push({
        property: "files",
        reason: `a ${inputs.format} seed needs "${required}"; render the inputs with noCloudSeedIsoInputs/configDriveSeedIsoInputs`,
      });
    }
  }
  return problems;
}
