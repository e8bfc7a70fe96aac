/**
 * `pyyamlPlainValue` (src/util/pyyaml-plain.ts) against each cloud-init generation's own PyYAML
 * (bullseye 5.3.1, bookworm 6.0, trixie 6.0.2): the reader the CLI asks whether a plain value of
 * `extraCloudConfig` / `vendorCloudConfig` means to cloud-init what it means to the spec reader. 5.3.1
 * reads one form otherwise than 6.0 (`._42`, a float to it: `PYYAML_53_FLOAT`); the same texts, as strings
 * written by `stableYaml`, must come back as those strings on each generation.
 */
import { stableYaml } from "../../src/util/serialize";
import { GENERATIONS, runPythonIn } from "../helpers/chroots";
import { corpusPlainScalars, generatedPlainScalars, readOtherwise } from "../helpers/pyyaml-plain-check";

const TEXTS = [...new Set([...corpusPlainScalars(), ...generatedPlainScalars()])];

describe.each(GENERATIONS.map((g) => [g.suite, g.cloudInit] as const))("cloud-init %s (%s)", (suite) => {
  const release = suite === "bullseye" ? "5.3" : "6.0";

  it(`reads ${TEXTS.length} plain scalars as pyyamlPlainValue(text, "${release}") does`, () => {
    const python = (script: string, input: string) => runPythonIn(suite, script, { input });
    expect(readOtherwise(python, TEXTS, release)).toEqual([]);
  });

  it("reads each of those texts written by stableYaml as a string back as that string", () => {
    const script = "import json, sys, yaml\nprint(json.dumps(yaml.safe_load(sys.stdin.read())))\n";
    const r = runPythonIn(suite, script, {
      input: stableYaml({ texts: TEXTS, keys: Object.fromEntries(TEXTS.map((t) => [t, t])) }),
    });
    expect(r.stderr).toBe("");
    const back = JSON.parse(r.stdout) as { texts: string[]; keys: Record<string, string> };
    expect(TEXTS.filter((t, i) => back.texts[i] !== t)).toEqual([]);
    expect(Object.keys(back.keys).sort()).toEqual([...TEXTS].sort());
  });
});
