/** Problems as Pulumi errors (kept apart from `problems.ts` so the spec layer never loads the SDK). */
import * as pulumi from "@pulumi/pulumi";
import type { SpecProblem } from "./problems";

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

/**
 * `err` with every occurrence of `texts` (the values of secret inputs) in its message and reasons replaced
 * by `<secret>`: a problem's message quotes the value it is about (`"203.0.113.999/24" is not an IPv4 ...`).
 * Each text is looked for as given and in lower case (messages print a MAC address as cloud-init compares
 * it). Quoted forms are replaced whatever their length; bare ones from 6 characters on, so that a short secret
 * does not blank out the words of a message. A number (a secret uid, MTU or metric, which messages print
 * bare: `-1 is not a usable uid`) is replaced as a bare token whatever its length: where the same number
 * is also part of a message's own wording, that is blanked too, which costs words, not secrets.
 */
export function redactSecretTexts(
  err: pulumi.InputPropertiesError,
  texts: readonly string[],
): pulumi.InputPropertiesError {
  const forms = new Set<string>();
  // A text in lower case too: some messages print a value as cloud-init compares it (a MAC address).
  for (const text of new Set(texts.flatMap((t) => [t, t.toLowerCase()]))) {
    if (text === "") continue;
    forms.add(JSON.stringify(text));
    for (const part of [text, ...text.split("/")]) {
      if (part.length >= 6) {
        forms.add(part);
        forms.add(JSON.stringify(part).slice(1, -1));
      }
    }
  }
  // A number not inside a longer number or word (`77` is not redacted from `1977` or `v77`).
  const numbers = texts
    .filter((text) => NUMBER.test(text))
    .map((text) => new RegExp(`(?<![\\w.])${text.replace(/[.+]/g, "\\$&")}(?![\\w]|\\.\\d)`, "g"));
  if (forms.size === 0 && numbers.length === 0) return err;
  // Longest first, so that a secret is not half replaced by one of its parts.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const redact = (text: string): string =>
    numbers.reduce(
      (t, number) => t.replace(number, "<secret>"),
      ordered.reduce((t, form) => t.split(form).join(form.startsWith('"') ? '"<secret>"' : "<secret>"), text),
    );
  const message = redact(err.message);
  const errors = err.errors.map((e) => ({ propertyPath: e.propertyPath, reason: redact(e.reason) }));
  if (message === err.message && errors.every((e, i) => e.reason === err.errors[i]?.reason)) return err;
  return new pulumi.InputPropertiesError({ message, errors });
}
