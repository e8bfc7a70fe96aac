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
      [
        "fleet.base.runcmd[0]",
        "unknown fleet variable %{ipv4}; known: hostname, index, n. For a literal %{ipv4} (an rpm query format, a logstash pattern), write %%{ipv4}.",
      ],
      [
        "fleet.base.runcmd[0]",
        "unknown fleet variable %{role}; known: hostname, index, n. For a literal %{role} (an rpm query format, a logstash pattern), write %%{role}.",
      ],
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

describe("planFleet: the base spec's structure", () => {
  /** `base.network.interfaces` set to `interfaces`, as a YAML file or Pulumi config could give it. */
  const withInterfaces = (interfaces: unknown) =>
    ({ hostname: "w", network: { interfaces } }) as unknown as BootstrapSpec;

  it.each<[string, unknown, [string, string][]]>([
    [
      "addresses as a string",
      withInterfaces([{ addresses: "10.0.0.5/24" }]),
      [["fleet.base.network.interfaces[0].addresses", 'must be a list, not the string "10.0.0.5/24"']],
    ],
    [
      "interfaces as a mapping",
      withInterfaces({ eth0: { dhcp4: true } }),
      [["fleet.base.network.interfaces", "must be a list, not a mapping"]],
    ],
    [
      "network as a number",
      { hostname: "w", network: 5 },
      [["fleet.base.network", "must be a mapping, not the number 5"]],
    ],
    [
      "an address as a number",
      withInterfaces([{ name: "eth0", addresses: [7] }]),
      [["fleet.base.network.interfaces[0].addresses[0]", "must be a string, not the number 7"]],
    ],
    [
      "a MAC as a number",
      withInterfaces([{ macAddress: 525400000001 }]),
      [["fleet.base.network.interfaces[0].macAddress", "must be a string, not the number 525400000001"]],
    ],
    ["no mapping at all", null, [["fleet.base", "must be a mapping, not null"]]],
  ])("reports %s with its path before planning reads it (no TypeError)", (_name, shape, expected) => {
    const plan = { count: 2, hostname: "w-%{n}", addressPools: [{ cidr: "10.0.0.0/24" }] };
    expect(problems(() => planFleet(shape as BootstrapSpec, plan))).toEqual(expected);
  });

  it("checks the structure only: a placeholder string's value (an enum) once it is filled in, no base host name", () => {
    const encoded = (encoding: string) =>
      ({ hostname: "w", files: [{ path: "/etc/x", content: "eA==", encoding }] }) as unknown as BootstrapSpec;
    const members = planFleet(encoded("%{enc}"), {
      count: 2,
      hostname: "w-%{n}",
      commonVariables: { enc: "b64" },
    });
    expect(members[1]?.spec.files?.[0]?.encoding).toBe("b64");
    expect(problems(() => planFleet(encoded("base64x"), { count: 2, hostname: "w-%{n}" }))).toEqual([
      ["fleet.base.files[0].encoding", expect.stringMatching(/^the string "base64x" is not one of /)],
    ]);
    // The plan gives every member its host name: the base spec needs none.
    const nameless = planFleet({ runcmd: ["true"] } as unknown as BootstrapSpec, {
      count: 2,
      hostname: "w-%{n}",
    });
    expect(nameless.map((m) => m.spec.hostname)).toEqual(["w-1", "w-2"]);
  });
});

describe("planFleet: placeholders", () => {
  it("writes a literal %{ for %%{ (rpm query formats, logstash patterns), next to substituted variables", () => {
    const members = planFleet(
      {
        hostname: "w",
        runcmd: [
          "rpm -qa --qf '%%{NAME} %%{VERSION}\\n' > /root/%{hostname}.rpms",
          "grok %%{IP:client} %%%{n}",
        ],
      },
      { count: 2, hostname: "w-%{n}", commonVariables: { NAME: "not this" } },
    );
    expect(members[1]?.spec.runcmd).toEqual([
      "rpm -qa --qf '%{NAME} %{VERSION}\\n' > /root/w-2.rpms",
      "grok %{IP:client} %%{n}",
    ]);
    // An escaped placeholder names no member number: the host name pattern needs a real one.
    expect(problems(() => planFleet({ hostname: "w" }, { count: 2, hostname: "w-%%{n}" }))).toEqual([
      ["fleet.hostname", '"w-%%{n}" gives every member the same host name; include %{n} or %{index}.'],
    ]);
  });

  it("writes a number in hexadecimal with %{n:x2}: member 100's MAC ends in 64, member 255's in ff", () => {
    const macBase: BootstrapSpec = {
      hostname: "w",
      network: { interfaces: [{ macAddress: "52:54:00:00:00:%{n:x2}" }] },
    };
    const members = planFleet(macBase, { count: 255, hostname: "w-%{index:x}" });
    const macs = members.map((m) => m.spec.network?.interfaces[0]?.macAddress);
    expect([macs[0], macs[9], macs[15], macs[99], macs[254]]).toEqual([
      "52:54:00:00:00:01",
      "52:54:00:00:00:0a",
      "52:54:00:00:00:10",
      "52:54:00:00:00:64",
      "52:54:00:00:00:ff",
    ]);
    expect(new Set(macs).size).toBe(255);
    for (const m of members) expect(validateSpec(m.spec)).toEqual([]);
    expect(members.map((m) => m.hostname).slice(9, 11)).toEqual(["w-9", "w-a"]);
    expect(
      planFleet({ hostname: "w", runcmd: ["%{n:x4}"] }, { count: 300, hostname: "w-%{n}" })[299]?.spec.runcmd,
    ).toEqual(["012c"]);
  });

  it("refuses a number too large for its hex digits, naming the member, and a value that is no number", () => {
    const macBase: BootstrapSpec = {
      hostname: "w",
      network: { interfaces: [{ macAddress: "52:54:00:00:00:%{n:x2}" }] },
    };
    expect(problems(() => planFleet(macBase, { count: 256, hostname: "w-%{n:3}" }))).toEqual([
      [
        "fleet.base.network.interfaces[0].macAddress",
        "%{n:x2} is 256 for member 255 (w-256), hexadecimal 100: more than 2 digits, whose most is ff (255); " +
          "give fewer members, a wider format where the text allows one, or each member's value in `variables`.",
      ],
    ]);
    expect(
      problems(() =>
        planFleet(
          { hostname: "w", runcmd: ["echo %{rack:x2}"] },
          { count: 2, hostname: "w-%{n}", commonVariables: { rack: "r1" } },
        ),
      ),
    ).toEqual([
      [
        "fleet.base.runcmd[0]",
        '%{rack:x2} writes a whole number in hexadecimal, and the value is "r1" for member 0 (w-1); give a whole number or drop :x2.',
      ],
    ]);
  });
});
