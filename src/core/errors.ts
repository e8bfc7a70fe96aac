/** Problems as Pulumi errors (kept apart from `problems.ts` so the spec layer never loads the SDK). */
import * as pulumi from "@pulumi/pulumi";
import { PATH_SEGMENT, pathSegments, type SpecProblem } from "./problems";
import type { TreeKey } from "./secrets";

/** Prefixes each problem's path with `prefix.` (an empty path becomes the prefix itself). */
export function prefixProblems(prefix: string, problems: readonly SpecProblem[]): SpecProblem[] {
  return problems.map((p) => ({
    path: p.path === "" ? prefix : p.path.startsWith("[") ? `${prefix}${p.path}` : `${prefix}.${p.path}`,
    message: p.message,
    ...(p.remedy === undefined ? {} : { remedy: p.remedy }),
  }));
}

/**
 * A platform's problems with full paths: those of the spec on the platform (`bootstrap.` paths) as they
 * are, those of its arguments prefixed with its key (`networks[0]` -> `openstack.networks[0]`).
 */
export function platformProblems(key: string, problems: readonly SpecProblem[]): SpecProblem[] {
  return problems.flatMap((p) => (/^bootstrap(\.|\[|$)/.test(p.path) ? [p] : prefixProblems(key, [p])));
}

/**
 * One `pulumi.InputPropertiesError` for all problems (the engine prints each property path and reason).
 * `prefix` names the argument the paths are relative to (`bootstrap`, `vsphere`), or "" when already full;
 * `subject` what was given them, for the heading (`Invalid NoCloudSeedIso arguments:`).
 */
export function inputPropertiesError(
  problems: readonly SpecProblem[],
  prefix = "",
  subject = "BootstrappedVm",
): pulumi.InputPropertiesError {
  const full = prefix === "" ? [...problems] : prefixProblems(prefix, problems);
  const lines = full.map((p) => `  ${p.path}: ${p.message}`);
  return new pulumi.InputPropertiesError({
    message: `Invalid ${subject} arguments:\n${lines.join("\n")}`,
    errors: full.map((p) => ({ propertyPath: p.path, reason: p.message })),
  });
}

/** A number as `String(n)` writes a finite one (`secretTexts` gives secret numbers so). */
const NUMBER = /^-?\d+(\.\d+)?(e[+-]\d+)?$/;

/** A map key a property path writes bare (`metadata.k7`); others it quotes (`metadata["k 7"]`, see `joinPath`). */
const BARE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * `err` with every occurrence of `texts` (the values of secret inputs) in its message, reasons and property
 * paths replaced by `<secret>`: a problem's message quotes the value it is about (`"203.0.113.999/24" is not an
 * IPv4 ...`). Each text is looked for as given and in lower case (messages print a MAC address as cloud-init
 * compares it). Quoted forms are replaced whatever their length; bare ones from 6 characters on, so that a short
 * secret does not blank out the words of a message. A number (a secret uid, MTU or metric, which messages print
 * bare: `-1 is not a usable uid`) is replaced as a bare token whatever its length: where the same number
 * is also part of a message's own wording, that is blanked too, which costs words, not secrets.
 *
 * `keys` (the keys of secret free-form maps, `secretTexts`) are looked for in the same forms, and also, whatever
 * their length, in backticks (`` `k7` is also in the spec's `metadata` ``) and as a segment of a property path
 * (`bootstrap.metadata.k7`, `openstack.metadata["k7"]`), which names a map's key.
 *
 * `treeKeys` (the keys below the top level of secret free-form trees: cloud-config given as it is) are
 * replaced only as segments of a property path below their tree's field, after its first segment (the
 * top-level key, cloud-config's module name, stays): `extraCloudConfig.apt.sources.corp-mirror` becomes
 * `extraCloudConfig.apt.<secret>.<secret>` and `extraCloudConfig.users[0]["a b"]` `...users[0]["<secret>"]`,
 * whatever their length, wherever such a path stands (the property path, a path a message quotes). Not bare,
 * quoted or in backticks elsewhere: no message prints such a key but in its path, while many are cloud-config's
 * own words (`lock_passwd`, `hashed_passwd`, `path`, `content`, `source`) that fix texts name too (`give a
 * crypt(3) hash in \`hashed_passwd\``), and blanking them there would hide the fix and no secret.
 */
export function redactSecretTexts(
  err: pulumi.InputPropertiesError,
  texts: readonly string[],
  keys: readonly string[] = [],
  treeKeys: readonly TreeKey[] = [],
): pulumi.InputPropertiesError {
  const redactTree = treeKeyRedaction(treeKeys);
  const forms = new Set<string>();
  // A text in lower case too: some messages print a value as cloud-init compares it (a MAC address).
  for (const text of new Set([...texts, ...keys].flatMap((t) => [t, t.toLowerCase()]))) {
    if (text === "") continue;
    forms.add(JSON.stringify(text));
    for (const part of [text, ...text.split("/")]) {
      if (part.length >= 6) {
        forms.add(part);
        forms.add(JSON.stringify(part).slice(1, -1));
      }
    }
  }
  for (const key of keys) if (key !== "") forms.add(`\`${key}\``);
  // A number not inside a longer number or word (`77` is not redacted from `1977` or `v77`); a key as a path
  // segment, after a property name and ending where the segment does (`.k7` not out of `.k77`), whatever
  // follows it (a path a message quotes: `` `bootstrap.metadata.k7` ``).
  const tokens = [
    ...texts
      .filter((text) => NUMBER.test(text))
      .map((text) => ({
        pattern: new RegExp(`(?<![\\w.])${escapeRegExp(text)}(?![\\w]|\\.\\d)`, "g"),
        by: "<secret>",
      })),
    ...keys
      .filter((key) => BARE_KEY.test(key))
      .map((key) => ({
        pattern: new RegExp(`(?<=[\\w\\]$-])\\.${escapeRegExp(key)}(?![\\w$-])`, "g"),
        by: ".<secret>",
      })),
  ];
  if (forms.size === 0 && tokens.length === 0 && treeKeys.length === 0) return err;
  // Longest first, so that a secret is not half replaced by one of its parts.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  // The tree keys first, while the paths they sit in are whole (a value's text may be a segment's too).
  const redact = (text: string): string =>
    tokens.reduce(
      (t, { pattern, by }) => t.replace(pattern, by),
      ordered.reduce(
        (t, form) => t.split(form).join(/^["`]/.test(form) ? `${form[0]}<secret>${form[0]}` : "<secret>"),
        redactTree(text),
      ),
    );
  const message = redact(err.message);
  const errors = err.errors.map((e) => ({ propertyPath: redact(e.propertyPath), reason: redact(e.reason) }));
  const same = errors.every(
    (e, i) => e.reason === err.errors[i]?.reason && e.propertyPath === err.errors[i]?.propertyPath,
  );
  if (message === err.message && same) return err;
  return new pulumi.InputPropertiesError({ message, errors });
}

/**
 * Replaces `treeKeys` in the property paths below their fields (see `redactSecretTexts`): in each path that
 * starts at such a field (`extraCloudConfig.apt.sources.k`, also after a prefix: `bootstrap.extraCloudConfig...`),
 * the segments after the first that name one of the field's keys.
 */
function treeKeyRedaction(treeKeys: readonly TreeKey[]): (text: string) => string {
  const byField = new Map<string, Set<string>>();
  for (const { field, key } of treeKeys) {
    if (field === "") continue;
    const keys = byField.get(field) ?? new Set<string>();
    byField.set(field, keys.add(key));
  }
  if (byField.size === 0) return (text) => text;
  const fields = [...byField.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const path = new RegExp(`(?<![\\w$-])(${fields.join("|")})((?:${PATH_SEGMENT})+)`, "g");
  return (text) =>
    text.replace(path, (_whole, field: string, tail: string) => {
      const keys = byField.get(field) ?? new Set<string>();
      return (
        field +
        (pathSegments(tail) ?? [])
          .map(({ text: segment, key }, i) =>
            i === 0 || typeof key !== "string" || !keys.has(key)
              ? segment
              : segment.startsWith(".")
                ? ".<secret>"
                : '["<secret>"]',
          )
          .join("")
      );
    });
}

/** `text` as a regular expression matching it literally. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
