/**
 * How spec files are read with the `yaml` library (load-spec.ts). A module of its own so that the
 * benchmarks' yaml floor (bench/yaml-floor.ts) reads with the very same options without loading the
 * rest of the command line.
 */

/**
 * YAML 1.2 core schema: `yes`/`no`/`on` stay strings, JSON parses as itself; duplicate keys are errors. The
 * YAML 1.1 tags the library would otherwise resolve when written out (`!!binary` to bytes, `!!timestamp` to
 * a Date, `!!set`, `!!omap`, `!!pairs`, `!!merge`) are left unresolved, so the reader refuses them at the
 * tag as it refuses any other tag (unread-yaml.ts `unreadYaml`).
 */
export const SPEC_PARSE_OPTIONS = {
  version: "1.2",
  uniqueKeys: true,
  prettyErrors: true,
  resolveKnownTags: false,
} as const;

/** Aliases a spec file may expand (the library's count: expansions times aliases). */
export const MAX_ALIAS_COUNT = 100;
