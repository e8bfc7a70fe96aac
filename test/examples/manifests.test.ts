/**
 * The examples' package.json files against the repository's. The example suites run each example with the
 * repository's node_modules (the versions of its package.json), while a user who copies an example installs
 * the versions the example's package.json names: the two must be the same, or what a user runs is not what
 * was tested. Every package an example names is one the repository installs, at the same version string,
 * and `bootstrapped-vm` is this package's version.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

interface Manifest {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readManifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;

const root = readManifest(ROOT);
/** What the repository installs, and so what the example suites run the examples with. */
const tested: Record<string, string> = { ...root.dependencies, ...root.devDependencies };

const examples = readdirSync(join(ROOT, "examples"), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(ROOT, "examples", e.name, "package.json")))
  .map((e) => e.name)
  .sort();

/** Each of `manifest`'s packages whose version is not the one the repository tests it with. */
function mismatches(manifest: Manifest): string[] {
  const named = { ...manifest.dependencies, ...manifest.devDependencies };
  return Object.entries(named).flatMap(([name, version]) => {
    const wanted = name === "bootstrapped-vm" ? `^${root.version}` : tested[name];
    if (wanted === undefined) return [`${name}@${version}: the repository does not install it`];
    return version === wanted ? [] : [`${name}@${version}: the repository tests ${wanted}`];
  });
}

describe("the examples' package.json", () => {
  it("are there to check: the seven Pulumi examples", () => {
    expect(examples).toEqual([
      "fleet",
      "libvirt-seed",
      "openstack-static-ip",
      "proxmox-snippets",
      "vsphere-guestinfo",
      "vsphere-legacy-iso",
      "vsphere-ova-vapp",
    ]);
  });

  it("tells a mismatch from a match", () => {
    const pulumi = tested["@pulumi/pulumi"];
    expect(mismatches({ dependencies: { "@pulumi/pulumi": `${pulumi}` } })).toEqual([]);
    expect(mismatches({ dependencies: { "@pulumi/pulumi": "3.208.0", "left-pad": "1.3.0" } })).toEqual([
      `@pulumi/pulumi@3.208.0: the repository tests ${pulumi}`,
      "left-pad@1.3.0: the repository does not install it",
    ]);
  });

  it.each(examples)("examples/%s names the versions the repository tests it with", (example) => {
    const manifest = readManifest(join(ROOT, "examples", example));
    expect(manifest.dependencies?.["@pulumi/pulumi"]).toBeDefined();
    expect(manifest.dependencies?.["bootstrapped-vm"]).toBeDefined();
    expect(mismatches(manifest)).toEqual([]);
  });
});
