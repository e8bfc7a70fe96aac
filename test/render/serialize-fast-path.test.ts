/**
 * stableJson is JSON.stringify on a key-sorted copy; stableYamlUnderKey writes `stableYaml({ key: value })`
 * from `stableYaml(value)` without a second serialization. These tests hold the fast path to the exact
 * bytes of the general path on many generated values.
 */
import { sortKeysDeep, stableJson, stableYaml, stableYamlUnderKey } from "../../src/util/serialize";

const PIECES = [
  "",
  " ",
  "  ",
  "a",
  "word",
  "two words",
  "yes",
  "No",
  "ON",
  "off",
  "y",
  "n",
  "~",
  "null",
  "Null",
  "true",
  "False",
  "0644",
  "0",
  "-1",
  "+5",
  "0x1f",
  "0b101",
  "1_000",
  "1.5",
  "1e3",
  ".inf",
  "-.Inf",
  ".nan",
  "12:30",
  "190:20:30.15",
  "2001-12-14",
  "2001-12-14 21:59:43.10 -5",
  "-",
  "?",
  "- a",
  "? a",
  "a: b",
  "a:b",
  "a:",
  "a #b",
  "a#b",
  "#c",
  "'",
  '"',
  "a'b\"c",
  "it's",
  'say "hi"',
  "\t",
  "a\tb",
  "\u0001",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\ud800",
  "\ud83d\ude00",
  "---",
  "...",
  "%x",
  "@x",
  "`x",
  "!x",
  "&x",
  "*x",
  "|",
  ">",
  "[",
  "]",
  "{",
  "}",
  ",",
  "<<",
  "=",
  "#cloud-config",
  "#!/bin/sh",
  "é",
  "/etc/motd",
  "ssh-ed25519 AAAA key@host",
  "$6$salt$hash",
  "x".repeat(1100),
];

/** A small deterministic PRNG (mulberry32) so every run checks the same values. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed: number): () => unknown {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const text = (): string => {
    let out = pick(PIECES);
    const more = Math.floor(rand() * 4);
    for (let i = 0; i < more; i++) out += pick(["", " ", "\n", "\n\n", " \n", "\n "]) + pick(PIECES);
    return out;
  };
  const value = (depth: number): unknown => {
    const r = rand();
    if (depth > 3 || r < 0.45) {
      return pick<() => unknown>([
        text,
        text,
        text,
        () => Math.floor(rand() * 20000) - 10000,
        () => pick([0, -0, 1.5, 2 ** 53, Number.NaN, Infinity]),
        () => rand() < 0.5,
        () => null,
        () => undefined,
      ])();
    }
    if (r < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
    const out: Record<string, unknown> = {};
    const size = Math.floor(rand() * 5);
    for (let i = 0; i < size; i++) out[text()] = value(depth + 1);
    return out;
  };
  return () => value(0);
}

describe("stableJson", () => {
  it("sorts keys at every depth, array-index keys first in numeric order as JavaScript lists them", () => {
    expect(stableJson({ b: 1, "10": 2, a: { z: [{ y: 1, x: 2 }], "2": 3 }, "9": 4 })).toBe(
      '{"9":4,"10":2,"a":{"2":3,"z":[{"x":2,"y":1}]},"b":1}',
    );
  });

  it("keeps JSON.stringify's handling of Buffers, dates, toJSON and undefined list items", () => {
    const value = {
      b: Buffer.from("hi"),
      d: new Date(0),
      t: { toJSON: () => "custom" },
      l: [undefined, () => 1, 2],
      u: undefined,
    };
    expect(stableJson(value)).toBe(JSON.stringify(sortKeysDeep(value)));
    expect(stableJson([1, { z: 1, a: [{ y: 2, b: 3 }] }])).toBe('[1,{"a":[{"b":3,"y":2}],"z":1}]');
  });
});

/** What `f` returns, or the message of what it throws. */
function outcome(f: () => string): string {
  try {
    return f();
  } catch (err) {
    return `threw ${(err as Error).message}`;
  }
}

describe("stableYamlUnderKey", () => {
  it("writes the bytes of stableYaml({ key: value }) from stableYaml(value) on 5,000 generated values", () => {
    const next = generator(29);
    let mappings = 0;
    for (let i = 0; mappings < 5000; i++) {
      const inner = next();
      const value =
        inner !== null && typeof inner === "object" && !Array.isArray(inner) ? inner : { k: inner };
      mappings++;
      const direct = outcome(() => stableYaml({ network: value }));
      const nested = outcome(() => stableYamlUnderKey("network", value, stableYaml(value)));
      expect([i, nested]).toEqual([i, direct]);
    }
  });

  it("moves block scalars, nested lists and empty lines under the key", () => {
    const value = { a: "line one\n\n  indented\n", b: [{ c: ["x", ""] }], e: {}, f: [] };
    expect(stableYamlUnderKey("network", value, stableYaml(value))).toBe(stableYaml({ network: value }));
    expect(stableYamlUnderKey("network", {}, stableYaml({}))).toBe("network: {}\n");
    expect(stableYamlUnderKey("yes", { a: 1 }, stableYaml({ a: 1 }))).toBe(stableYaml({ yes: { a: 1 } }));
  });
});
