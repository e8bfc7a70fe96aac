/**
 * JSON spec files skip the YAML reader only when the YAML 1.2 reader (what every other spec file goes
 * through) would give the very same value; everything else is left to it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { benchSpec } from "../../bench/bench-specs";
import { parsePlainJson } from "../../src/cli/json-spec";

function yamlValue(text: string): unknown {
  const doc = parseDocument(text, { version: "1.2", uniqueKeys: true, prettyErrors: true });
  expect(doc.errors).toEqual([]);
  return doc.toJS({ maxAliasCount: 100 });
}

const fixture = readFileSync(join(__dirname, "fixtures", "full.json"), "utf8");

describe("parsePlainJson", () => {
  const texts: [string, string][] = [
    ["the full.json fixture", fixture],
    ["a bench spec, indented", JSON.stringify(benchSpec(3), null, 2)],
    ["a bench spec, compact", JSON.stringify(benchSpec(250))],
    [
      "escapes, numbers, nesting and non-ASCII",
      '{"a":"\\u00e9\\n\\"q\\" \\/ \\ud83d\\ude00 é","b":[1,-2,3.5,1e3,true,false,null,{}],' +
        '"c":{"0":{"x":[]},"10":1,"2":2},"d":"","e":"# not a comment","f":"key: value"}\r\n',
    ],
  ];
  it.each(texts)("reads %s to exactly the value the YAML reader gives", (_name, text) => {
    const value = parsePlainJson(text);
    expect(value).toBeDefined();
    expect(value).toStrictEqual(yamlValue(text));
    expect(Object.keys(value as object)).toEqual(Object.keys(yamlValue(text) as object));
  });

  it.each([
    ["duplicate keys", '{"hostname": "a", "hostname": "b"}'],
    ["nested duplicate keys", '{"a": {"k": 1, "n": [{"k": 2, "k": 3}]}}'],
    ["a __proto__ key", '{"__proto__": {"x": 1}}'],
    ["a key over 1024 characters", `{"${"k".repeat(1025)}": 1}`],
    ["-0", '{"mtu": -0}'],
    ["tabs", '{\t"hostname": "a"}'],
    ["a byte-order mark", '\ufeff{"hostname": "a"}'],
    ["YAML", "hostname: a\n"],
    ["invalid JSON", '{"hostname": "a",}'],
    ["a scalar document", '"hostname"'],
  ])("leaves %s to the YAML reader", (_name, text) => {
    expect(parsePlainJson(text)).toBeUndefined();
  });
});
