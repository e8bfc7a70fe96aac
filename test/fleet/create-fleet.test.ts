import * as pulumi from "@pulumi/pulumi";
import { installMocks, settle, valueOf } from "../component/mock-harness";
import type { BootstrapSpec } from "../../src/spec/types";
import { thrownInputPropertiesError } from "../helpers/input-properties-error";

const recorder = installMocks();
// Imported after the mocks are installed.
import { createFleet } from "../../src/fleet/fleet";
import { SeedImageFormat } from "../../src/platforms/seed-image";

const base: BootstrapSpec = {
  hostname: "x",
  network: { interfaces: [{ macAddress: "52:54:00:00:00:%{n:2}" }] },
  runcmd: ["echo %{hostname}"],
};

describe("createFleet", () => {
  it("creates one BootstrappedVm per member, named after its host name, none depending on another", async () => {
    const seen: { name: string; opts: pulumi.ResourceOptions }[] = [];
    const fleet = createFleet(
      "lab",
      { base, count: 3, hostname: "lab-%{n}", addressPools: [{ cidr: "10.9.0.0/24", gateway: "10.9.0.1" }] },
      (member) => ({ seedImage: { format: SeedImageFormat.NoCloud, path: `out/${member.hostname}.iso` } }),
      {
        transformations: [
          (a) => {
            if (a.type === "bootstrapped-vm:index:BootstrappedVm") seen.push({ name: a.name, opts: a.opts });
            return undefined;
          },
        ],
      },
    );
    expect(fleet.map((f) => f.member.hostname)).toEqual(["lab-1", "lab-2", "lab-3"]);
    expect(await valueOf(fleet[2]!.vm.networkConfig)).toContain("10.9.0.4/24");
    await settle();
    expect(seen.map((s) => s.name)).toEqual(["lab-lab-1", "lab-lab-2", "lab-lab-3"]);
    for (const s of seen) expect(s.opts.dependsOn).toBeUndefined();
    expect(
      recorder.registrations
        .filter((r) => r.type.endsWith(":NoCloudSeedIso"))
        .map((r) => r.inputs.path)
        .sort(),
    ).toEqual(["out/lab-1.iso", "out/lab-2.iso", "out/lab-3.iso"]);
  });

  it("refuses a base spec whose fixed MAC every member would get, creating nothing", () => {
    recorder.clear();
    const fixed: BootstrapSpec = { ...base, network: { interfaces: [{ macAddress: "52:54:00:00:00:01" }] } };
    expect(() =>
      createFleet("twins", { base: fixed, count: 2, hostname: "t-%{n}" }, () => ({
        seedImage: { path: "out/x.iso" },
      })),
    ).toThrow(
      'fleet.base.network.interfaces[0].macAddress: members 0 and 1 both get the MAC 52:54:00:00:00:01; give each its own with a placeholder, e.g. "52:54:00:00:00:%{n:x2}".',
    );
    expect(recorder.registrations).toEqual([]);
  });

  it("creates nothing when the plan has problems", () => {
    recorder.clear();
    expect(() =>
      createFleet(
        "bad",
        { base, count: 300, hostname: "b-%{n}", addressPools: [{ cidr: "10.9.0.0/24" }] },
        () => ({
          seedImage: { path: "out/x.iso" },
        }),
      ),
    ).toThrow(/fleet\.addressPools\[0\]: 10\.9\.0\.0\/24: the pool has 254 free address/);
    expect(recorder.registrations).toEqual([]);
  });

  it("gives every member a secret of the base spec (config.requireSecret) as a secret, hashed in user-data", async () => {
    recorder.clear();
    const withSecret = {
      ...base,
      users: [{ name: "ops", password: pulumi.secret("Tr0ub4dor&3"), groups: ["sudo"] }],
    } as unknown as BootstrapSpec;
    const fleet = createFleet("ops", { base: withSecret, count: 2, hostname: "o-%{n}" }, (member) => ({
      seedImage: { path: `out/${member.hostname}.iso` },
    }));
    expect(fleet.map((f) => f.member.hostname)).toEqual(["o-1", "o-2"]);
    for (const { vm } of fleet) {
      expect(await pulumi.isSecret(vm.userData)).toBe(true);
      const userData = await valueOf(vm.userData);
      expect(userData).toMatch(/passwd: \$6\$/);
      expect(userData).not.toContain("Tr0ub4dor");
      expect(userData).toContain("echo o-");
    }
  });

  it("refuses an Output in the base spec's network with its path (the plan is made from it), creating nothing", () => {
    recorder.clear();
    const late = {
      ...base,
      network: { interfaces: [{ addresses: [pulumi.output("10.0.0.5/24")] }] },
    } as unknown as BootstrapSpec;
    const err = thrownInputPropertiesError(() =>
      createFleet("late", { base: late, count: 2, hostname: "l-%{n}" }, () => ({
        seedImage: { path: "out/x.iso" },
      })),
    );
    expect(err.message.split("\n")[0]).toBe("Invalid fleet arguments:");
    expect(err.errors.map((e) => e.propertyPath)).toEqual(["fleet.base.network.interfaces[0].addresses[0]"]);
    expect(err.errors[0]?.reason).toMatch(
      /^is an Output or Promise, and the fleet's members \(their addresses and NICs\) are planned from the base spec's network .* \(docs\/fleets\.md\); give the value itself/,
    );
    expect(recorder.registrations).toEqual([]);
  });

  it("refuses a base spec of the wrong shape with its path, creating nothing (before: a TypeError)", () => {
    recorder.clear();
    const shapeless = { hostname: "x", network: { interfaces: [{ addresses: "10.0.0.5/24" }] } };
    const err = thrownInputPropertiesError(() =>
      createFleet(
        "shapeless",
        { base: shapeless as unknown as BootstrapSpec, count: 2, hostname: "s-%{n}" },
        () => ({ seedImage: { path: "out/x.iso" } }),
      ),
    );
    expect(err.errors.map((e) => [e.propertyPath, e.reason])).toEqual([
      ["fleet.base.network.interfaces[0].addresses", 'must be a list, not the string "10.0.0.5/24"'],
    ]);
    expect(recorder.registrations).toEqual([]);
  });
});
