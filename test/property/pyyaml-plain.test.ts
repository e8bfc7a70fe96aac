/**
 * `pyyamlPlainValue` (src/util/pyyaml-plain.ts), how PyYAML reads a plain scalar, against Debian's PyYAML
 * on this machine (`yaml.safe_load`, cloud-init's reader): a corpus of the forms YAML 1.1 and 1.2 read
 * differently, and plain scalars made of the characters those forms are made of (fast-check). Each
 * cloud-init generation's own PyYAML: test/generations/pyyaml-plain.test.ts.
 */
import {
  corpusPlainScalars,
  CORPUS,
  generatedPlainScalars,
  isPlain,
  readOtherwise,
} from "../helpers/pyyaml-plain-check";
import { runPython } from "../helpers/cloud-init";

const python = (script: string, input: string) => runPython(script, { input });

describe("pyyamlPlainValue reads a plain scalar as PyYAML does", () => {
  it("for the forms YAML 1.1 and 1.2 read differently", () => {
    expect(CORPUS.filter((t) => t !== "" && !isPlain(t))).toEqual(["-", "+", "."].filter((t) => !isPlain(t)));
    expect(readOtherwise(python, corpusPlainScalars())).toEqual([]);
  });

  it("for plain scalars of digits, signs, `_`, `:`, `.`, exponents and base prefixes (property)", () => {
    const plain = generatedPlainScalars();
    expect(plain.length).toBeGreaterThan(1000);
    expect(readOtherwise(python, plain)).toEqual([]);
  });
});
