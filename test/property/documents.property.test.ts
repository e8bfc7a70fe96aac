/**
 * Property: nothing a user types can bend or break a document. Generated specs put hostile strings (YAML
 * 1.1 words, characters PyYAML's reader refuses or folds, line breaks Python splits at, MIME and ENI
 * syntax, arbitrary code points and lone surrogates) into every free-text field, mapping keys of the
 * escape hatches, file paths, part names, URLs, SSH key comments, time zones and network names. Each spec
 * is either refused by validation with a property path under the field the string went to, or all its
 * documents (user-data, vendor-data, meta-data, network config v1/v2, guestinfo, config drive JSON, ENI,
 * vApp keys) are read back by Debian cloud-init 22.4's own readers in ONE Python process
 * (test/property/read_back.py), which must find every value exactly as meant.
 *
 * Runs: BVM_PROPERTY_CASES (default 2000) specs from BVM_PROPERTY_SEED (default 14, fixed so CI is
 * repeatable); e.g. `BVM_PROPERTY_CASES=50000 BVM_PROPERTY_SEED=$RANDOM npx jest test/property` for a
 * larger run.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import fc from "fast-check";
import { DEBIAN_PYTHON, PYTHON_HELPERS, requireCloudInit } from "../helpers/cloud-init";
import { generatedSpec, sortSpecs } from "./cases";

const CASES = Number(process.env.BVM_PROPERTY_CASES ?? 2000);
const SEED = Number(process.env.BVM_PROPERTY_SEED ?? 14);

interface ReadBack {
  checked: number;
  values: number;
  limits: Record<string, number>;
  failures: { id: number; what: string; detail: unknown }[];
}

describe("documents rendered from hostile strings", () => {
  it(
    `read back exactly under cloud-init 22.4, or are refused with the property path (${CASES} specs, seed ${SEED})`,
    () => {
      requireCloudInit();
      const specs = fc.sample(generatedSpec, { numRuns: CASES, seed: SEED });
      const { cases, refused, unplaced, renderErrors, strings } = sortSpecs(specs);
      expect(unplaced).toEqual([]);
      expect(renderErrors).toEqual([]);
      const r = spawnSync(DEBIAN_PYTHON, [join(__dirname, "read_back.py")], {
        input: JSON.stringify(cases),
        encoding: "utf8",
        maxBuffer: 512 * 1024 * 1024,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTHONPATH: PYTHON_HELPERS },
      });
      expect(r.stderr.split("\n").filter((l) => l.startsWith("Traceback"))).toEqual([]);
      expect(r.status).toBe(0);
      const result = JSON.parse(r.stdout) as ReadBack;
      process.stdout.write(
        `property: ${CASES} specs (${strings} strings and keys), ${cases.length} rendered and read back (${result.values} values checked, ${result.failures.length} wrong), ${refused} refused, known limits ${JSON.stringify(result.limits)}\n`,
      );
      expect(result.checked).toBe(cases.length);
      // Each case compares at least 11 values (user-data, meta-data, guestinfo, config drive, vApp keys).
      expect(result.values).toBeGreaterThanOrEqual(cases.length * 11);
      expect(result.failures.slice(0, 20)).toEqual([]);
      // A generator that only made refused specs would prove nothing.
      expect(cases.length).toBeGreaterThan(CASES / 4);
    },
    30 * 60 * 1000,
  );
});
