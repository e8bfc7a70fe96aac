/**
 * The packed package installed the way a user installs it: next to a DIFFERENT compatible @pulumi/pulumi (the
 * oldest our peer range allows), from npm's cache only (`.ci/prefetch.sh` warms it; tests talk to no registry).
 * Exactly one copy of the SDK must resolve, so `instanceof` on the SDK's classes holds in the user's code —
 * with @pulumi/pulumi as a pinned dependency npm nests a second copy and every check below fails.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installOffline, packInto, ROOT } from "./packed";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  peerDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};
const OLDEST_SDK = pkg.peerDependencies["@pulumi/pulumi"]!.replace(/^\^/, "");

// Runs in the user's project: the SDK and bootstrapped-vm both from that project's node_modules.
const PROGRAM = `
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks(
  { newResource: (a) => ({ id: a.name + "-id", state: a.inputs }), call: (a) => a.inputs },
  "single-copy", "dev", true,
);
const bvm = require("bootstrapped-vm");
const ourDir = path.dirname(require.resolve("bootstrapped-vm/package.json"));
const vsphere = {
  resourcePoolId: "rp", datastoreId: "ds", networkInterfaces: [{ networkId: "net" }],
  clone: { templateUuid: "tpl" },
};
const vm = new bvm.BootstrappedVm("web", { bootstrap: { hostname: "web-01" }, vsphere });
let badIsInputPropertiesError = false;
try {
  new bvm.BootstrappedVm("bad", { bootstrap: { hostname: "not a host!" }, vsphere });
} catch (e) {
  badIsInputPropertiesError = e instanceof pulumi.InputPropertiesError;
}
vm.instanceId.apply((id) => {
  console.log(JSON.stringify({
    sdkFromUser: require.resolve("@pulumi/pulumi"),
    sdkFromPackage: require.resolve("@pulumi/pulumi", { paths: [ourDir] }),
    sdkVersion: require("@pulumi/pulumi/package.json").version,
    componentIsComponentResource: vm instanceof pulumi.ComponentResource,
    instanceIdIsOutput: vm.instanceId instanceof pulumi.Output,
    badIsInputPropertiesError,
    instanceId: id,
  }));
});
`;

describe("the packed package next to another compatible @pulumi/pulumi", () => {
  let work: string;
  let project: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "bvm-single-copy-"));
    project = join(work, "project");
    const tarball = packInto(work);
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "user-project",
        private: true,
        dependencies: { "@pulumi/pulumi": OLDEST_SDK, "bootstrapped-vm": `file:../${tarball}` },
      }),
    );
    installOffline(project, `@pulumi/pulumi@${OLDEST_SDK}`);
  }, 300000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("declares the SDK as a caret peer range starting at the first SDK with Stash (3.208.0), not as a dependency", () => {
    expect(pkg.dependencies["@pulumi/pulumi"]).toBeUndefined();
    expect(pkg.dependencies["@pulumi/openstack"]).toBeUndefined();
    expect(pkg.peerDependencies["@pulumi/pulumi"]).toBe("^3.208.0");
  });

  it("installs no nested copy of the SDK inside the package", () => {
    expect(existsSync(join(project, "node_modules", "bootstrapped-vm", "node_modules", "@pulumi"))).toBe(
      false,
    );
  });

  it("resolves one SDK copy, the user's, so instanceof and InputPropertiesError work in user code", () => {
    const out = execFileSync(process.execPath, ["-e", PROGRAM], { cwd: project, encoding: "utf8" });
    const result = JSON.parse(out.trim().split("\n").pop()!) as Record<string, unknown>;
    expect(result).toMatchObject({
      sdkVersion: OLDEST_SDK,
      componentIsComponentResource: true,
      instanceIdIsOutput: true,
      badIsInputPropertiesError: true,
    });
    expect(result.sdkFromPackage).toBe(result.sdkFromUser);
    expect(result.instanceId).toMatch(/^iid-[0-9a-f]+$/);
  });
});
