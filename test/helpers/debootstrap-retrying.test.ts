/**
 * test/helpers/debootstrap-retrying.sh: debootstrap again when a download from the mirror failed; and each
 * suite's builds keep their own deb cache. A fresh CI of 336b186 lost every bullseye and bookworm boot-proof
 * case to "E: Couldn't download packages: libmnl0": the two guests were built at once into one --cache-dir,
 * where debootstrap downloads a package under its name and deletes a file that fails its checksum, so each
 * build deleted the other's half-written libmnl0_1.0.4-3_amd64.deb (the same in both suites). Run here with
 * a stand-in `debootstrap` first on PATH that fails as debootstrap does (/usr/share/debootstrap/functions).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const WRAPPER = join(__dirname, "debootstrap-retrying.sh");
const BUILDERS = [
  join(__dirname, "chroot", "build-chroot.sh"),
  join(__dirname, "..", "vm", "guest", "build-guest.sh"),
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bvm-debootstrap-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the wrapper with a stand-in debootstrap that, on attempt N, prints `lines[N-1]` and exits 1 (or exits 0
 * once `lines` are used up), leaving a partial file in TARGET each time; records what TARGET held at each start.
 */
function run(lines: string[]): { status: number | null; output: string; attempts: string[] } {
  const bin = join(dir, "bin");
  const target = join(dir, "target");
  const journal = join(dir, "attempts");
  writeFileSync(journal, "");
  spawnSync("mkdir", ["-p", bin]);
  const fake = join(bin, "debootstrap");
  writeFileSync(
    fake,
    [
      "#!/usr/bin/env bash",
      "set -eu",
      // Arguments as the builders give them: options, SUITE, TARGET, MIRROR, SCRIPT.
      'target="$5"',
      `n=$(( $(wc -l < "${journal}") + 1 ))`,
      `echo "attempt $n: $(ls -A "$target" 2>/dev/null | tr '\\n' ' ')" >> "${journal}"`,
      'mkdir -p "$target" && touch "$target/partial-$n"',
      `lines=(${lines.map((l) => JSON.stringify(l)).join(" ")})`,
      'if [ "$n" -le "${#lines[@]}" ]; then echo "${lines[$((n - 1))]}" >&2; exit 1; fi',
      'echo "I: Base system installed successfully."',
    ].join("\n"),
  );
  chmodSync(fake, 0o755);
  const r = spawnSync(
    "bash",
    [
      WRAPPER,
      "--variant=minbase",
      `--cache-dir=${join(dir, "debs")}`,
      "--include=cloud-init",
      "bullseye",
      target,
      "http://deb.debian.org/debian",
      "/usr/share/debootstrap/scripts/bullseye",
    ],
    { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } },
  );
  return {
    status: r.status,
    output: r.stdout + r.stderr,
    attempts: readFileSync(journal, "utf8")
      .split("\n")
      .filter((l) => l !== ""),
  };
}

describe("debootstrap-retrying.sh", () => {
  it("tries again when a package download failed, on an emptied TARGET", () => {
    const r = run(["E: Couldn't download packages: libmnl0"]);
    expect(r.status).toBe(0);
    expect(r.attempts).toEqual(["attempt 1: ", "attempt 2: "]);
    expect(r.output).toContain("attempt 1 of 3 failed on a download");
    expect(existsSync(join(dir, "target", "partial-2"))).toBe(true);
  });

  it("tries again when the release file could not be fetched, at most 3 times", () => {
    const failed = "E: Failed getting release file http://deb.debian.org/debian/dists/bullseye/InRelease";
    const r = run([failed, failed, failed]);
    expect(r.status).toBe(1);
    expect(r.attempts).toHaveLength(3);
    expect(r.output).toContain("every one of 3 attempts failed on a download");
  });

  it("does not try again after any other failure", () => {
    const r = run(["E: Invalid Release signature (key id 0E98404D386FA1D9)"]);
    expect(r.status).toBe(1);
    expect(r.attempts).toEqual(["attempt 1: "]);
  });

  it("is how both builders run debootstrap, each suite with a deb cache of its own", () => {
    for (const builder of BUILDERS) {
      const text = readFileSync(builder, "utf8");
      const calls = text.split("\n").filter((line) => /^\s*debootstrap\s/.test(line));
      expect([builder, calls]).toEqual([builder, []]);
      expect(text).toContain("debootstrap-retrying.sh");
      // Two suites' builds at once must not download one package file into one --cache-dir (see build-guest.sh).
      const cache = text.split("\n").filter((line) => /^debs=/.test(line));
      expect([builder, cache.length, cache.every((line) => line.endsWith('/$suite"'))]).toEqual([
        builder,
        1,
        true,
      ]);
    }
  });
});
