/**
 * `pyyamlPlainValue` (src/util/pyyaml-plain.ts) against each cloud-init generation's own PyYAML
 * (bullseye 5.3.1, bookworm 6.0, trixie 6.0.2): the reader the CLI asks whether a plain value of
 * `extraCloudConfig` / `vendorCloudConfig` means to cloud-init what it means to the spec reader.
 */
import { GENERATIONS, runPythonIn } from "../helpers/chroots";
import {
  CORPUS,
  disagreements,
  generatedPlainScalars,
  isPlain,
  READ_SCRIPT,
} from "../helpers/pyyaml-plain-check";

const TEXTS = [...CORPUS.filter((t) => t === "" || isPlain(t)), ...generatedPlainScalars()];

describe.each(GENERATIONS.map((g) => [g.suite, g.cloudInit] as const))("cloud-init %s (%s)", (suite) => {
  it(`reads ${TEXTS.length} plain scalars as pyyamlPlainValue does`, () => {
    const r = runPythonIn(suite, READ_SCRIPT, { input: JSON.stringify(TEXTS) });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(disagreements(TEXTS, JSON.parse(r.stdout) as [string, unknown][])).toEqual([]);
  });
});
