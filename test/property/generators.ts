/**
 * fast-check generators for hostile text: strings built from characters and words that YAML 1.1, PyYAML's
 * reader, Python's line splitting, MIME and JSON treat specially, mixed with arbitrary code points and
 * arbitrary UTF-16 units (so lone surrogates too), and spec fields to put them in.
 */
import fc from "fast-check";

/** Plain scalars PyYAML 6.0 resolves to another tag (yaml/resolver.py), and other structure words. */
const WORDS = [
  "yes", "No", "ON", "off", "y", "n", "true", "False", "~", "null", "NULL", "", "<<", "=", "!", "&", "*",
  "1_000", "1:20", "-1:20:30", "1:20.5", "0b1_0", "-0b1", "0x_1F", "017", "0_", "08", "1.", "1_.5_", ".5",
  "+.inf", ".NaN", "1e3", "1.0e+3", "-0", "2001-12-14", "2001-1-1 1:00:00", "2001-12-14t21:59:43.10-05:00",
  "2001-12-14 21:59:43.10 -5", "---", "...", "- a", "? a", ": a", "a: b", "a #b", "#cloud-config",
  "## template: jinja", "#!/bin/sh", "#include", "MIME-Version: 1.0", "mime-version:", "Content-Type: text/plain",
  "--==BOOTSTRAPPED-VM-0==--", "%YAML 1.1", "%TAG ! x", "|", ">-", "'", '"', "`", "@", "{a: b}", "[a, b]",
  "auto eth9", "iface eth9 inet dhcp", "ssh-rsa AAAA", "http://x/", "\\", "\\n", "\\x85", "\\L",
]; // prettier-ignore

/** Characters with a meaning somewhere in what we emit or in how cloud-init reads it. */
const SPECIAL = [
  "\n", "\r", "\t", " ", "\0", "\x0b", "\x0c", "\x1b", "\x1c", "\x1d", "\x1e", "\x7f", "\x80", "\x84", "\x85",
  "\x9f", "\xa0", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "\ud83d\ude00",
  ":", "#", "-", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", "=", "<",
  "\\", "/", ".", "_", "+", "~", "0", "1", "7", "9", "e", "x", "b", "o", "y", "n", "a", "Z", "\u00e9",
  "\u4e2d", "\u0301", "\u200b", "\u3000",
]; // prettier-ignore

const unit = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.constantFrom(...WORDS) },
);

/** A hostile string: a word, characters, or both. */
export const text = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 4, arbitrary: fc.array(unit, { maxLength: 10 }).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...WORDS), fc.array(unit, { maxLength: 3 }), fc.constantFrom(...WORDS))
      .map(([a, b, c]) => `${a}${b.join("")}${c}`),
  },
);

/** A JSON-like value for the escape hatches: hostile strings and keys, finite numbers, booleans, null. */
export const hatchValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(text, tie("value"), { maxKeys: 3 }),
  ),
})).value;

/** Real zone and link names, near misses, and hostile text. */
export const timezone = fc.oneof(
  fc.constantFrom(...Intl.supportedValuesOf("timeZone")),
  fc.constantFrom(
    "UTC",
    "Etc/UTC",
    "Etc/GMT+5",
    "Asia/Kolkata",
    "US/Pacific",
    "utc",
    "Europe/berlin",
    "Mars/Base",
    "America/Coyhaique", // new in tzdata 2025b: Debian 11's tzdata (2024a) lacks it
  ),
  text,
);
