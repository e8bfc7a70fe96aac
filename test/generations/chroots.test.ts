/** The chroots are what they claim: each runs its own Debian's cloud-init with its own python3. */
import { chrootCloudInitVersion, GENERATIONS, runCloudInitIn, runPythonIn } from "../helpers/chroots";

describe.each(GENERATIONS.map((g) => [g.suite, g.cloudInit] as const))("the %s chroot", (suite, version) => {
  it(`reports Debian's cloud-init ${version} from its own /usr/bin/python3`, () => {
    const r = runPythonIn(
      suite,
      "import sys, cloudinit.version as v; print(v.version_string(), sys.executable)",
    );
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    expect(r.stdout.trim()).toBe(`${version} /usr/bin/python3`);
    expect(chrootCloudInitVersion(suite)).toBe(version);
  });

  it("runs the cloud-init command line", () => {
    const r = runCloudInitIn(suite, ["--version"]);
    expect(r.status).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain(version);
  });
});
