import { planFleet } from "../../src/fleet/plan";
import type { BootstrapSpec } from "../../src/spec/types";
import { validateSpec } from "../../src/render/validate-spec";
import { thrownInputPropertiesError } from "../helpers/input-properties-error";

const base: BootstrapSpec = {
  hostname: "placeholder",
  runcmd: ["echo %{hostname} %{ipv4} %{role} > /etc/fleet-member"],
  network: { interfaces: [{ nameservers: ["10.20.0.53"] }] },
};

function problems(fn: () => unknown): [string, string][] {
  return (thrownInputPropertiesError(fn).errors ?? []).map((e) => [e.propertyPath, e.reason]);
}

describe("planFleet", () => {
  it("gives every member its own host name, dual-stack addresses, gateways and variables", () => {
    const members = planFleet(base, {
      count: 3,
      hostname: "web-%{n:3}",
      addressPools: [
        { cidr: "10.20.0.0/24", gateway: "10.20.0.1", reserved: ["10.20.0.2-10.20.0.9"] },
        { cidr: "2001:db8:20::/64", gateway: "2001:db8:20::1" },
      ],
      commonVariables: { role: "web" },
      variables: [{}, { role: "canary" }, {}],
    });
    expect(members.map((m) => m.hostname)).toEqual(["web-001", "web-002", "web-003"]);
    expect(members[1]?.spec).toEqual({
      hostname: "web-002",
      runcmd: ["echo web-002 10.20.0.11 canary > /etc/fleet-member"],
      network: {
        interfaces: [
          {
            nameservers: ["10.20.0.53"],
            addresses: ["10.20.0.11/24", "2001:db8:20::3/64"],
            gateway4: "10.20.0.1",
            gateway6: "2001:db8:20::1",
          },
        ],
      },
    });
    for (const m of members) expect(validateSpec(m.spec)).toEqual([]);
    expect(base.network?.interfaces[0]?.addresses).toBeUndefined(); // the base spec is not modified
  });

  it("plans 100 members with 100 distinct addresses from a /24", () => {
    const members = planFleet(base, {
      count: 100,
      hostname: "node-%{index}",
      addressPools: [{ cidr: "10.20.0.0/24", gateway: "10.20.0.1" }],
      commonVariables: { role: "node" },
    });
    expect(new Set(members.map((m) => m.addresses[0])).size).toBe(100);
    expect(members.at(-1)?.addresses).toEqual(["10.20.0.101/24"]);
  });

  it("reports an exhausted pool at plan time, with its path", () => {
    expect(
      problems(() =>
        planFleet(base, {
          count: 20,
          hostname: "w-%{n}",
          addressPools: [{ cidr: "10.0.0.0/28", gateway: "10.0.0.1" }],
          commonVariables: { role: "x" },
        }),
      ),
    ).toEqual([
      [
        "fleet.addressPools[0]",
        "10.0.0.0/28: the pool has 13 free address(es) after the network, gateway, broadcast/anycast and reserved addresses, but 20 are needed; use a larger subnet or fewer reserved addresses.",
      ],
    ]);
  });

  it("reports overlapping pools and base addresses every member would share", () => {
    const shared: BootstrapSpec = { ...base, network: { interfaces: [{ addresses: ["10.0.0.5/24"] }] } };
    expect(
      problems(() =>
        planFleet(shared, {
          count: 2,
          hostname: "w-%{n}",
          addressPools: [{ cidr: "10.0.0.0/24" }, { cidr: "10.0.0.128/25" }],
          commonVariables: { role: "x" },
        }),
      ).map(([path]) => path),
    ).toEqual(["fleet.addressPools[1].cidr", "fleet.base.network.interfaces[0].addresses[0]"]);
  });

  it("refuses plan variables named like the built-ins, which every member gets from the plan", () => {
    expect(
      problems(() =>
        planFleet(base, {
          count: 2,
          hostname: "w-%{n}",
          commonVariables: { role: "x", hostname: "zzz", ipv4: "1.1.1.1" },
          variables: [{ n: "7" }, {}],
        }),
      ),
    ).toEqual([
      [
        "fleet.commonVariables.hostname",
        "%{hostname} is a built-in variable (the member's host name), set for every member; give yours another name.",
      ],
      [
        "fleet.commonVariables.ipv4",
        "%{ipv4} is a built-in variable (the member's first IPv4 address), set for every member; give yours another name.",
      ],
      [
        "fleet.variables[0].n",
        "%{n} is a built-in variable (the member's number from 1), set for every member; give yours another name.",
      ],
    ]);
  });

  it("reports a host name pattern without a member number, a bad count, unknown variables", () => {
    expect(
      problems(() => planFleet(base, { count: 2, hostname: "same", commonVariables: { role: "x" } })),
    ).toEqual([
      ["fleet.hostname", '"same" gives every member the same host name; include %{n} or %{index}.'],
    ]);
    expect(problems(() => planFleet(base, { count: 0, hostname: "w-%{n}" }))[0]?.[0]).toBe("fleet.count");
    expect(problems(() => planFleet(base, { count: 1, hostname: "w-%{n}" }))).toEqual([
      ["fleet.base.runcmd[0]", "unknown fleet variable %{ipv4}; known: hostname, index, n."],
      ["fleet.base.runcmd[0]", "unknown fleet variable %{role}; known: hostname, index, n."],
    ]);
  });

  it("reports a pool for an interface the base spec does not have, and a variables list of the wrong length", () => {
    expect(
      problems(() =>
        planFleet(base, {
          count: 2,
          hostname: "w-%{n}",
          addressPools: [{ cidr: "10.0.0.0/24", interfaceIndex: 1 }],
          variables: [{}],
        }),
      ).map(([path]) => path),
    ).toEqual(["fleet.variables", "fleet.addressPools[0].interfaceIndex"]);
  });
});
