/**
 * What a spec file's YAML says that the spec reader (the `yaml` library, YAML 1.2) and cloud-init's reader
 * (PyYAML, YAML 1.1) would read otherwise, found in the parsed document before it becomes a value: each is
 * refused at its place (src/cli/load-spec.ts), so that what `validate` accepts means one thing to both.
 */
import type * as Yaml from "yaml";
import { plainAgreed, pyyamlPlainValue, type PyyamlPlain } from "../util/pyyaml-plain";

/**
 * What the `yaml` library reads from a file but not as PyYAML, which reads cloud-config on the guest, would:
 * a tag it does not resolve, which it drops (`!!python/object:os.system [ls]` read as `[ls]`, `!!float 1` as
 * the string "1", which PyYAML reads as 1.0, `!foo bar` as "bar"); a list or mapping as a key, which it makes
 * a string (`? [a, b]` read as "[ a, b ]"), an alias standing for one too; a plain `<<` key (or an alias
 * of one), YAML 1.1's merge key, which PyYAML merges and a file read as YAML 1.2 takes for a key named "<<";
 * and a plain value of the cloud-config given as it is that PyYAML reads otherwise (`readOtherwiseByPyyaml`).
 * Each with its offset, in the file's order.
 */
export function unreadYaml(
  yaml: typeof Yaml,
  doc: Yaml.Document,
  what: string,
): { offset: number; message: string }[] {
  const found: { offset: number; message: string }[] = [];
  for (const warning of doc.warnings) {
    if (warning.code !== "TAG_RESOLVE_FAILED") continue;
    const tag =
      /^Unresolved tag: (\S+)/.exec(warning.message)?.[1]?.replace(/^tag:yaml\.org,2002:/, "!!") ?? "";
    found.push({
      offset: warning.pos[0],
      message:
        `the tag \`${tag}\` is not one a ${what} reads (the value would be read without it); remove it: ` +
        `a ${what} holds plain YAML values (strings, numbers, booleans, null, lists and mappings)`,
    });
  }
  yaml.visit(doc, {
    Pair(_key, pair) {
      const written = pair.key as Yaml.Node | null;
      const offset = written?.range?.[0] ?? 0;
      // An alias as a key is the node it stands for (`*l : 1` with `&l [x, y]`), as PyYAML reads it.
      const key = yaml.isAlias(written) ? written.resolve(doc) : written;
      const through = yaml.isAlias(written) ? ` (the alias *${written.source} stands for one)` : "";
      if (yaml.isCollection(key)) {
        found.push({
          offset,
          message: `a ${yaml.isSeq(key) ? "list" : "mapping"} as a key${through}; the keys of a ${what} are strings: write this key as one`,
        });
      } else if (yaml.isScalar(key) && key.type === "PLAIN" && key.value === "<<") {
        found.push({
          offset,
          message:
            `\`<<\` merges mappings in YAML 1.1 (PyYAML), not in a ${what}, which is read as YAML 1.2: write ` +
            'the keys out (or quote it, `"<<"`, for a key of that name)',
        });
      }
    },
  });
  found.push(...readOtherwiseByPyyaml(yaml, doc));
  return found.sort((a, b) => a.offset - b.offset);
}

/** The spec's fields that hold cloud-config as it is written for cloud-init (src/spec/validate-yaml-values.ts). */
const CLOUD_CONFIG_FIELDS: ReadonlySet<unknown> = new Set(["extraCloudConfig", "vendorCloudConfig"]);

/** The value a PyYAML reading of `text` stands for: its boolean, number or null, else the string `text`. */
function valueOf(reading: PyyamlPlain, text: string): unknown {
  if (reading.kind === "bool" || reading.kind === "number") return reading.value;
  return reading.kind === "null" ? null : text;
}

/** Whether PyYAML's `reading` of `text` is the value `ours` read here (or PyYAML makes no value of it). */
function agrees(ours: unknown, reading: PyyamlPlain, text: string): boolean {
  if (reading.kind === "other") return true;
  const value = valueOf(reading, text);
  return typeof value === "number" && Number.isNaN(value) ? Number.isNaN(ours) : ours === value;
}

/**
 * The plain scalars of the cloud-config a spec file gives as it is (`extraCloudConfig`, `vendorCloudConfig`:
 * keys, values, and what aliases there stand for) that cloud-init's reader would read otherwise than this
 * one: PyYAML reads YAML 1.1, so `permissions: 0600` copied from cloud-config is 384 (octal) to it and 600
 * here, which the renderer writes faithfully and cloud-init then applies as mode 01130; `package_upgrade:
 * yes` is true to it and the string "yes" here, which cloud-init's schema refuses. Dates, `<<` and `=` are
 * left alone: PyYAML makes no cloud-config value of them, and the renderer quotes them as the strings read.
 */
function readOtherwiseByPyyaml(yaml: typeof Yaml, doc: Yaml.Document): { offset: number; message: string }[] {
  const found: { offset: number; message: string }[] = [];
  const check = (scalar: Yaml.Scalar, at: Yaml.Node) => {
    if (scalar.type !== "PLAIN" || scalar.tag !== undefined || scalar.source === undefined) return;
    const text = scalar.source;
    const ours = scalar.value;
    // PyYAML 6.0 (cloud-init 22.4 on), else 5.3.1 (20.4) where only it reads otherwise (`._42`).
    const [release, reading] =
      (["6.0", "5.3"] as const)
        .map((r) => [r, pyyamlPlainValue(text, r)] as const)
        .find(([, r]) => !agrees(ours, r, text)) ?? [];
    if (reading === undefined) return;
    const theirValue = valueOf(reading, text);
    const read = `\`${text}\` reads as ${plainAgreed(ours)} here (YAML 1.2) but as ${plainAgreed(theirValue)}`;
    const fix = `${plainAgreed(theirValue)} or ${plainAgreed(ours)}, whichever you mean`;
    found.push({
      offset: at.range?.[0] ?? 0,
      message: /^[-+]?0[0-7_]+$/.test(text)
        ? `${read} (octal) in cloud-init (PyYAML, YAML 1.1); for a file mode write ${JSON.stringify(text)} ` +
          `(cloud-config's permissions are strings), else ${fix}`
        : `${read} in cloud-init${release === "5.3" ? " 20.4 (PyYAML 5.3" : " (PyYAML"}, YAML 1.1); write ${fix}`,
    });
  };
  const top = doc.contents;
  if (!yaml.isMap(top)) return found;
  for (const pair of top.items) {
    const field = yaml.isScalar(pair.key) ? pair.key.value : undefined;
    if (!CLOUD_CONFIG_FIELDS.has(field) || !yaml.isNode(pair.value)) continue;
    yaml.visit(pair.value, {
      Scalar: (_key, scalar) => check(scalar, scalar),
      Alias: (_key, alias) => {
        const target = alias.resolve(doc);
        if (yaml.isScalar(target)) check(target, alias);
      },
    });
  }
  return found;
}
