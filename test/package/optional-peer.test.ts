import { loadOptionalPeer } from "../../src/platforms/optional-peer";

describe("loadOptionalPeer", () => {
  it("loads an installed peer SDK", () => {
    const sdk = loadOptionalPeer<typeof import("@pulumi/openstack")>("@pulumi/openstack", "openstack");
    expect(typeof sdk.compute.Instance).toBe("function");
  });

  it("names the platform, the package, its peer range and the install command when the SDK is missing", () => {
    expect(() => loadOptionalPeer("@example/not-installed-sdk", "example")).toThrow(
      "The `example` platform needs the package @example/not-installed-sdk, which is not installed; " +
        "install it next to bootstrapped-vm: npm install @example/not-installed-sdk",
    );
  });
});
