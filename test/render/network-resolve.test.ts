import { renderNetworkConfigs, resolveInterfaces } from "../../src/render/network";
import { SpecValidationError } from "../../src/core/problems";
import type { BootstrapSpec } from "../../src/spec/types";

const positional: BootstrapSpec = {
  hostname: "h",
  network: {
    interfaces: [{ dhcp4: true }, { macAddress: "52:54:00:00:00:0B", dhcp4: true }, { name: "ens5" }],
  },
};

describe("resolveInterfaces", () => {
  it("fills a positional interface's MAC from the platform's assigned MACs, lower-cased", () => {
    const resolved = resolveInterfaces(positional, {
      assignedMacAddresses: ["00:50:56:AA:BB:01", "00:50:56:aa:bb:02"],
    });
    expect(resolved[0]).toEqual({ dhcp4: true, macAddress: "00:50:56:aa:bb:01", index: 0 });
  });

  it("keeps the spec's MAC when the platform also assigned one", () => {
    const resolved = resolveInterfaces(positional, {
      assignedMacAddresses: ["00:50:56:aa:bb:01", "00:50:56:aa:bb:02"],
    });
    expect(resolved[1]?.macAddress).toBe("52:54:00:00:00:0b");
  });

  it("does not give a MAC to an interface matched by name", () => {
    const resolved = resolveInterfaces(positional, {
      assignedMacAddresses: ["00:50:56:aa:bb:01", undefined, "00:50:56:aa:bb:03"],
    });
    expect(resolved[2]).toEqual({ name: "ens5", index: 2 });
  });

  it("throws SpecValidationError naming every interface that has neither name nor MAC", () => {
    const problemsOf = (spec: BootstrapSpec, macs?: string[]) => {
      try {
        resolveInterfaces(spec, macs === undefined ? {} : { assignedMacAddresses: macs });
      } catch (err) {
        expect(err).toBeInstanceOf(SpecValidationError);
        return (err as SpecValidationError).problems;
      }
      throw new Error("resolveInterfaces did not throw");
    };
    const [only] = problemsOf(positional);
    expect(only?.path).toBe("network.interfaces[0]");
    expect(only?.message).toBe(
      "has neither `name` nor `macAddress`, and the platform assigned no MAC address for NIC 0; set `macAddress` " +
        "(or `name`) on the interface, or let the platform assign static MAC addresses",
    );
    expect(problemsOf(positional, []).map((p) => p.path)).toEqual(["network.interfaces[0]"]);
    const two: BootstrapSpec = {
      hostname: "h",
      network: { interfaces: [{ dhcp4: true }, { name: "ens4" }, { dhcp6: true }] },
    };
    expect(problemsOf(two).map((p) => p.path)).toEqual(["network.interfaces[0]", "network.interfaces[2]"]);
    expect(problemsOf(two, ["52:54:00:00:00:01"]).map((p) => p.path)).toEqual(["network.interfaces[2]"]);
  });

  it("refuses a platform MAC that is no MAC, multicast, or one another interface already matches", () => {
    const problemsOf = (macs: (string | undefined)[]) => {
      try {
        resolveInterfaces(positional, { assignedMacAddresses: macs as string[] });
      } catch (err) {
        return (err as SpecValidationError).problems.map((p) => `${p.path}: ${p.message}`);
      }
      return [];
    };
    const twoByPosition: BootstrapSpec = {
      hostname: "h",
      network: { interfaces: [{ dhcp4: true }, { dhcp4: true }] },
    };
    // The spec's own MAC for NIC 1, given again by the platform for NIC 0: two interfaces, one NIC.
    expect(problemsOf(["52:54:00:00:00:0b"])).toEqual([
      "network.interfaces[0]: the platform's MAC for NIC 0, 52:54:00:00:00:0b, is network.interfaces[1]'s too; " +
        "each interface needs its own; let the platform assign static MAC addresses",
    ]);
    expect(problemsOf(["01:00:5e:00:00:01"])).toEqual([
      "network.interfaces[0]: the platform's MAC for NIC 0, 01:00:5e:00:00:01, is a multicast or all-zero address, " +
        "which no NIC has; let the platform assign static MAC addresses",
    ]);
    // What a provider gives may be null (no MAC yet) or not text at all: a problem, never a TypeError.
    expect(problemsOf([null as unknown as string])).toEqual([
      "network.interfaces[0]: has neither `name` nor `macAddress`, and the platform assigned no MAC address for NIC 0; " +
        "set `macAddress` (or `name`) on the interface, or let the platform assign static MAC addresses",
    ]);
    expect(problemsOf([42 as unknown as string])).toEqual([
      "network.interfaces[0]: the platform's MAC for NIC 0, 42, is not a MAC address like 52:54:00:12:34:56; " +
        "let the platform assign static MAC addresses",
    ]);
    expect(problemsOf(["52-54-00-00-00-01"])).toEqual([
      'network.interfaces[0]: the platform\'s MAC for NIC 0, "52-54-00-00-00-01", is not a MAC address like ' +
        "52:54:00:12:34:56; let the platform assign static MAC addresses",
    ]);
    expect(() =>
      resolveInterfaces(twoByPosition, { assignedMacAddresses: ["52:54:00:00:00:01", "52:54:00:00:00:01"] }),
    ).toThrow(
      /network\.interfaces\[1\]: the platform's MAC for NIC 1, 52:54:00:00:00:01, is network\.interfaces\[0\]'s too/,
    );
    expect(
      resolveInterfaces(twoByPosition, {
        assignedMacAddresses: ["52:54:00:00:00:01", "52:54:00:00:00:02"],
      }).map((i) => i.macAddress),
    ).toEqual(["52:54:00:00:00:01", "52:54:00:00:00:02"]);
  });

  it("resolves to nothing when the spec has no network", () => {
    expect(resolveInterfaces({ hostname: "h" })).toEqual([]);
  });
});

describe("renderNetworkConfigs", () => {
  it("returns undefined when the spec has no network", () => {
    expect(renderNetworkConfigs({ hostname: "h" })).toBeUndefined();
  });

  it("renders v1 and v2 of the same interfaces", () => {
    const configs = renderNetworkConfigs(positional, { assignedMacAddresses: ["00:50:56:aa:bb:01"] });
    expect(configs?.v1.version).toBe(1);
    expect(configs?.v2.version).toBe(2);
    expect(configs?.v1.config.filter((e) => e.type === "physical")).toHaveLength(3);
    expect(Object.keys(configs?.v2.ethernets ?? {})).toEqual(["eth0", "eth1", "ens5"]);
  });

  it("is total on an interface with only a name", () => {
    const configs = renderNetworkConfigs({ hostname: "h", network: { interfaces: [{ name: "eth9" }] } });
    // No addressing: router advertisements refused (network-common.ts `refusesRouterAdvertisements`); in v1
    // only from 24.2 (the default target 22.4 gets none: network-accept-ra.test.ts).
    expect(configs?.v1.config).toEqual([{ type: "physical", name: "eth9", subnets: [] }]);
    expect(configs?.v2.ethernets).toEqual({ eth9: { "accept-ra": false } });
  });
});

describe("default interface names", () => {
  const clash: BootstrapSpec = {
    hostname: "h",
    network: {
      interfaces: [
        { name: "eth1", dhcp4: true },
        { macAddress: "52:54:00:00:00:01", dhcp4: true },
        { name: "nic2", dhcp4: true },
        { macAddress: "52:54:00:00:00:03", dhcp4: true },
      ],
    },
  };

  it("never gives a MAC-only interface a name the spec gives another interface", () => {
    const configs = renderNetworkConfigs(clash);
    expect(configs?.v1.config.map((e) => e.name)).toEqual(["eth1", "eth4", "nic2", "eth3"]);
    expect(Object.keys(configs?.v2.ethernets ?? {})).toEqual(["eth1", "eth4", "nic2", "eth3"]);
  });
});
