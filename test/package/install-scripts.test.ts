/**
 * Every dependency with an install script has a decision in package.json's `allowScripts`. npm >= 11.16
 * reads that field at install time and lists the packages it does not cover ("install scripts not yet
 * covered by allowScripts"); npm 12 skips their scripts (docs.npmjs.com, cli/v12, npm-install-scripts:
 * "Dependency install scripts are blocked by default"). So a dependency that adds an install script must be
 * looked at and decided here, and an entry for a package that no longer has one must go.
 *
 * The decisions (README, Testing): esbuild's `postinstall` (`node install.js`) checks that the platform
 * binary it found is its own version, run; protobufjs's `postinstall` only warns when a dependent pins it
 * with another version scheme, skipped; @parcel/watcher's `install` (jest-haste-map's file watcher, for
 * `jest --watch`) builds the watcher from source only when `npm_config_build_from_source` is set, and its
 * prebuilt binary comes as an optional dependency, skipped.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), "utf8"));

interface LockEntry {
  version?: string;
  hasInstallScript?: boolean;
}

/** The names of the packages in package-lock.json whose entry says they have an install script. */
function packagesWithInstallScripts(): string[] {
  const lock = readJson("package-lock.json") as { packages: Record<string, LockEntry> };
  const names = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== "" && entry.hasInstallScript === true)
    .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
  return [...new Set(names)].sort();
}

/** package.json's `allowScripts` keys by package name (a key is `name` or `name@version`). */
function decisions(): Map<string, unknown> {
  const pkg = readJson("package.json") as { allowScripts?: Record<string, unknown> };
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(pkg.allowScripts ?? {})) {
    const at = key.indexOf("@", 1);
    out.set(at < 0 ? key : key.slice(0, at), value);
  }
  return out;
}

describe("allowScripts", () => {
  it("decides, true or false, for every locked package with an install script", () => {
    const scripted = packagesWithInstallScripts();
    expect(scripted.length).toBeGreaterThan(0);
    const decided = decisions();
    const undecided = scripted.filter((name) => typeof decided.get(name) !== "boolean");
    expect(undecided).toEqual([]);
  });

  it("names no package that has no install script in the lock", () => {
    const scripted = new Set(packagesWithInstallScripts());
    expect([...decisions().keys()].filter((name) => !scripted.has(name))).toEqual([]);
  });

  it("runs esbuild's binary check and skips protobufjs's version-scheme warning and @parcel/watcher's build", () => {
    expect(Object.fromEntries(decisions())).toEqual({
      "@parcel/watcher": false,
      esbuild: true,
      protobufjs: false,
    });
  });
});
