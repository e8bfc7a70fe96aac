/**
 * The property read-back (test/property) on four cloud-init generations: specs sampled from the same
 * hostile-string generator, each rendered for the target of the generation (its `cloudInit.minVersion`),
 * are either refused by validation with a property path under the field the strings went to, or all their
 * documents are read back by that release's own readers and PyYAML, in its chroot with its own
 * /usr/bin/python3 (test/property/read_back.py, one process per generation): bullseye 20.4.1 (PyYAML 5.3.1,
 * Python 3.9), bookworm 22.4.2 (PyYAML 6.0), trixie 25.1.4 (PyYAML 6.0.2, Python 3.13), forky 26.2 (PyYAML
 * 6.0.3, Python 3.14). Every value must
 * come back exactly as meant.
 *
 * A reader a release does not have is skipped for that release only, and counted: 20.4 has no
 * DataSourceVMware (new in 21.3), so guestinfo is not read back there (`vsphere.transport: guestinfo` is
 * refused for targets before 21.3, docs/cloud-init-versions.md).
 *
 * Runs BVM_GENERATIONS_PROPERTY_CASES (default 30000) specs from BVM_PROPERTY_SEED (default 14) per
 * generation; the default takes 20-27 s per generation on a 2-core machine (measured).
 */
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { BootstrapSpec } from "../../src/spec/types";
import { chrootWorkdir, GENERATIONS, runInChroot, targetOf } from "../helpers/chroots";
import { PYTHON_HELPERS } from "../helpers/cloud-init";
import { generatedSpec, sortSpecs } from "../property/cases";

const CASES = Number(process.env.BVM_GENERATIONS_PROPERTY_CASES ?? 30000);
const SEED = Number(process.env.BVM_PROPERTY_SEED ?? 14);

interface ReadBack {
  version: string;
  checked: number;
  values: number;
  skipped: Record<string, number>;
  limits: Record<string, number>;
  failures: { id: number; what: string; detail: unknown }[];
}

/** The readers each release lacks, and for how many cases they must be reported skipped. */
const MISSING_READERS: Record<string, string[]> = {
  bullseye: ["guestinfo: no DataSourceVMware before 21.3"],
  bookworm: [],
  trixie: [],
  forky: [],
};

describe.each(GENERATIONS.map((g) => [g.suite, g.cloudInit] as const))(
  "cloud-init %s (%s)",
  (suite, cloudInit) => {
    const target = targetOf(suite);

    it(`reads back every value of generated specs rendered for ${target}, or they are refused with the property path (${CASES} specs, seed ${SEED})`, () => {
      const started = Date.now();
      const specs = fc.sample(generatedSpec, { numRuns: CASES, seed: SEED });
      const { cases, refused, unplaced, renderErrors, strings } = sortSpecs(
        specs,
        (spec) => ({ ...spec, cloudInit: { minVersion: target } }) as BootstrapSpec,
      );
      expect(unplaced).toEqual([]);
      expect(renderErrors).toEqual([]);

      const work = chrootWorkdir(suite);
      let result: ReadBack;
      try {
        copyFileSync(join(__dirname, "..", "property", "read_back.py"), join(work.host, "read_back.py"));
        copyFileSync(join(PYTHON_HELPERS, "cloudinit_parts.py"), join(work.host, "cloudinit_parts.py"));
        writeFileSync(join(work.host, "cases.json"), JSON.stringify(cases));
        const r = runInChroot(
          suite,
          ["/bin/sh", "-c", `exec /usr/bin/python3 ${work.inside}/read_back.py < ${work.inside}/cases.json`],
          {
            env: { PYTHONPATH: work.inside },
            timeoutMs: 20 * 60 * 1000,
          },
        );
        expect(r.stderr.split("\n").filter((l) => l.startsWith("Traceback"))).toEqual([]);
        expect(r.status).toBe(0);
        result = JSON.parse(r.stdout) as ReadBack;
      } finally {
        work.remove();
      }
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `property read-back ${suite} (cloud-init ${result.version}, target ${target}): ${CASES} specs ` +
          `(${strings} strings and keys), ${cases.length} rendered and read back, ${refused} refused, ` +
          `${result.values} values checked (${result.failures.length} wrong), skipped ${JSON.stringify(result.skipped)}, known limits ${JSON.stringify(result.limits)}, ` +
          `${seconds.toFixed(1)} s\n`,
      );
      expect(result.version).toBe(cloudInit);
      expect(result.failures.slice(0, 20)).toEqual([]);
      expect(result.checked).toBe(cases.length);
      // Readers missing from the release are skipped for every case there, and only those.
      expect(result.skipped).toEqual(
        Object.fromEntries((MISSING_READERS[suite] ?? []).map((r) => [r, cases.length])),
      );
      // The only known limit: a zone newer than the release's tzdata (docs/cloud-init-versions.md).
      for (const what of Object.keys(result.limits)) {
        expect(what).toMatch(/^timezone newer than this release's tzdata: [A-Za-z_/]+$/);
      }
      // A generator that only made refused specs, or a reader that compared nothing, would prove nothing:
      // each case compares at least its user-data (cloud-config, parts, include URLs), meta-data, config
      // drive and vApp keys (8 values), plus guestinfo where the release reads it (3 more).
      expect(cases.length).toBeGreaterThan(CASES / 4);
      expect(result.values).toBeGreaterThanOrEqual(cases.length * (suite === "bullseye" ? 8 : 11));
    });
  },
);
