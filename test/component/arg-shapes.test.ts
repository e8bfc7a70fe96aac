/**
 * Platform arguments of the wrong shape (a JavaScript program, or a cast) are refused before anything is
 * registered, with the property path and the fix, never with a TypeError from deep inside a platform.
 * The fields come from the package schema, the generated description of the argument interfaces.
 */
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { installMocks, settle } from "./mock-harness";
import { thrownInputPropertiesError } from "../helpers/input-properties-error";

const mocks = installMocks();
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const { BootstrappedVm } = require("../../src/component") as typeof import("../../src/component");
/* eslint-enable @typescript-eslint/no-require-imports */
import type { BootstrappedVmArgs } from "../../src/component";
import { platformArgProblems } from "../../src/platforms/arg-shapes";
import type { PlatformKey } from "../../src/platforms/platform-args";

beforeEach(() => mocks.clear());

function refused(args: Record<string, unknown>): pulumi.InputPropertiesError {
  return thrownInputPropertiesError(
    () => new BootstrappedVm("shape", { bootstrap: { hostname: "web-01" }, ...args } as BootstrappedVmArgs),
    "the component was constructed without an error",
  );
}

function reasons(err: pulumi.InputPropertiesError): [string, string][] {
  return err.errors.map((e) => [e.propertyPath, e.reason]);
}

const vsphere = { resourcePoolId: "rp", datastoreId: "ds", networkInterfaces: [{ networkId: "n" }] };

describe("platform arguments of the wrong shape", () => {
  it("names the path and the fix for a string where a list belongs, a mapping for a list, a null entry", async () => {
    expect(reasons(refused({ seedImage: { path: "out/s.iso", macAddresses: "52:54:00:12:34:56" } }))).toEqual(
      [
        [
          "seedImage.macAddresses",
          'must be a list of strings, not the string "52:54:00:12:34:56"; e.g. `["52:54:00:12:34:56"]`',
        ],
      ],
    );
    expect(reasons(refused({ vsphere: { ...vsphere, networkInterfaces: { networkId: "n" } } }))).toEqual([
      ["vsphere.networkInterfaces", 'must be a list of mappings, not a mapping; e.g. `[{ networkId: "n" }]`'],
    ]);
    expect(reasons(refused({ vsphere: { ...vsphere, networkInterfaces: [null] } }))).toEqual([
      [
        "vsphere.networkInterfaces[0]",
        "must be a mapping (macAddress, networkId, adapterType, bandwidthLimit, ...), not null; remove the entry or give one",
      ],
    ]);
    await settle();
    expect(mocks.registrations.filter((r) => r.name !== "shape")).toEqual([]);
  });

  it("refuses a number where a string belongs (nocloudIso.pathKey) instead of failing in serialization", () => {
    const nocloudIso = { datacenter: "dc", datastore: "ds1", pathKey: 12345678901234567 };
    expect(reasons(refused({ vsphere: { ...vsphere, transport: "nocloudIso", nocloudIso } }))).toEqual([
      [
        "vsphere.nocloudIso.pathKey",
        'must be a string, not the number 12345678901234568; e.g. `"12345678901234568"`',
      ],
    ]);
  });

  it("refuses a mapping or a resource where a string belongs with what to give, not a made-up example", () => {
    // From another language a resource reference arrives as the resource (provider server deserializeInputs).
    class Network extends pulumi.CustomResource {
      constructor() {
        super("test:index:Network", "net", {});
      }
    }
    const network = new Network();
    const nocloudIso = { datacenter: "dc", datastore: { id: "ds1" } };
    const networkInterfaces = [{ networkId: network }];
    const args = { vsphere: { ...vsphere, transport: "nocloudIso", nocloudIso, networkInterfaces } };
    expect(reasons(refused(args))).toEqual([
      [
        "vsphere.networkInterfaces[0].networkId",
        "must be a string, not a resource (test:index:Network); give one of its outputs, e.g. its `id`",
      ],
      ["vsphere.nocloudIso.datastore", "must be a string, not a mapping"],
    ]);
  });

  it("refuses an Output where the platform needs a plain value (it decides which resources exist)", () => {
    const networks = pulumi.output([{ networkId: "n" }]);
    expect(reasons(refused({ openstack: { flavorName: "f", imageName: "i", networks } }))).toEqual([
      [
        "openstack.networks",
        "must be a plain value, not an Output or Promise: it decides which resources the component creates; give it directly",
      ],
    ]);
  });

  it("refuses misspelt keys with the field meant", () => {
    expect(reasons(refused({ vsphere: { ...vsphere, numCPUs: 4 } }))).toEqual([
      [
        "vsphere.numCPUs",
        "unknown key; did you mean `numCpus`? (other `VirtualMachine` arguments go in `passthrough`)",
      ],
    ]);
    expect(reasons(refused({ seedImage: { path: "out/s.iso", fromat: "configDrive" } }))).toEqual([
      ["seedImage.fromat", "unknown key; did you mean `format`?"],
    ]);
    expect(
      reasons(
        refused({
          proxmox: {
            nodeName: "pve",
            snippetsDatastoreId: "local",
            clone: { vmId: 9000 },
            networkDevices: [{ bridge: "vmbr0", vlanid: 5 }],
          },
          bootstrap: { hostname: "web-01", network: { interfaces: [{ dhcp4: true }] } },
        }),
      ),
    ).toEqual([["proxmox.networkDevices[0].vlanid", "unknown key; did you mean `vlanId`?"]]);
  });

  it("keeps the platform's own message where it checks the value too", () => {
    // proxmox words VM ids itself (pve-common's range), vsphere the seeder flag.
    const err = refused({
      proxmox: {
        nodeName: "pve",
        snippetsDatastoreId: "local",
        clone: { vmId: 9000.5 },
        networkDevices: [{ bridge: "vmbr0" }],
      },
      bootstrap: { hostname: "web-01", network: { interfaces: [{ dhcp4: true }] } },
    });
    expect(err.errors.map((e) => e.propertyPath)).toEqual(["proxmox.clone.vmId"]);
    expect(err.errors[0]?.reason).not.toContain("must be an integer");
  });
});

/** The package schema's types, by short name. */
const schemaTypes = (
  JSON.parse(readFileSync(join(__dirname, "..", "..", "schema", "pulumi-package.json"), "utf8")) as {
    types: Record<string, { type?: string; enum?: unknown; properties?: Record<string, Prop> }>;
  }
).types;
interface Prop {
  type?: string;
  $ref?: string;
  items?: Prop;
  additionalProperties?: Prop;
}
const typeOf = (ref: string) => schemaTypes[ref.replace("#/types/", "")];

/** A value of another JSON type than `prop` takes. */
function wrongValue(prop: Prop): unknown {
  if (prop.$ref !== undefined) {
    const t = typeOf(prop.$ref);
    if (t === undefined) return undefined; // Any
    return t.enum !== undefined ? 5 : "not a mapping";
  }
  return { string: 42, integer: "7", number: "7", boolean: "yes", array: "x", object: "x" }[prop.type ?? ""];
}

/** Every field of `typeName` (nested object types too), as the path of keys (0 for a list entry) to it. */
function fields(
  typeName: string,
  prefix: (string | number)[] = [],
  depth = 0,
): [(string | number)[], Prop][] {
  const t = schemaTypes[`bootstrapped-vm:index:${typeName}`];
  return Object.entries(t?.properties ?? {}).flatMap(([k, prop]) => {
    const here: [(string | number)[], Prop][] = [[[...prefix, k], prop]];
    const ref = prop.$ref ?? prop.items?.$ref;
    const nested = ref !== undefined ? typeOf(ref) : undefined;
    if (depth > 0 || nested?.properties === undefined || ref === undefined) return here;
    const at = prop.items !== undefined ? [...prefix, k, 0] : [...prefix, k];
    return [...here, ...fields(ref.split(":").pop() as string, at, depth + 1)];
  });
}

/** `base` with the value at `path` set (lists and mappings on the way created or copied). */
function setAt(base: unknown, path: (string | number)[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const copy = (
    typeof head === "number" ? [...((base as unknown[]) ?? [])] : { ...((base as object) ?? {}) }
  ) as Record<string | number, unknown>;
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}

const pathText = (path: (string | number)[]) =>
  path.reduce<string>((p, k) => (typeof k === "number" ? `${p}[${k}]` : p ? `${p}.${k}` : k), "");

const BASES: Record<string, [string, Record<string, unknown>, Record<string, unknown>]> = {
  vsphere: ["VsphereArgs", { ...vsphere, clone: { templateUuid: "t" } }, {}],
  openstack: ["OpenstackArgs", { flavorName: "f", imageName: "i", networks: [{ networkId: "n" }] }, {}],
  seedImage: ["SeedImageArgs", { path: "out/s.iso" }, {}],
  proxmox: [
    "ProxmoxArgs",
    {
      nodeName: "pve",
      snippetsDatastoreId: "local",
      clone: { vmId: 9000 },
      networkDevices: [{ bridge: "vmbr0" }],
    },
    { network: { interfaces: [{ dhcp4: true }] } },
  ],
};

describe.each(Object.entries(BASES))("every %s field of another type", (key, [typeName, base, spec]) => {
  const cases = fields(typeName)
    .map(([path, prop]) => [pathText(path), path, wrongValue(prop)] as const)
    .filter(([, , wrong]) => wrong !== undefined);

  it.each(cases)(`${key}.%s is refused with its path, not a TypeError`, (_text, path, wrong) => {
    const err = refused({ [key]: setAt(base, path, wrong), bootstrap: { hostname: "web-01", ...spec } });
    expect(err.errors.map((e) => e.propertyPath)).toContain(`${key}.${pathText(path)}`);
  });
});

/** A value of `prop`'s type, for a field the test needs present. */
function sampleValue(prop: Prop | undefined): unknown {
  if (prop?.$ref !== undefined) {
    const t = typeOf(prop.$ref) as { enum?: { value: unknown }[] } | undefined;
    return t?.enum?.[0]?.value ?? {};
  }
  return (
    { string: "x", integer: 1, number: 1, boolean: true, array: [], object: {} }[prop?.type ?? ""] ?? "x"
  );
}

/** What the platform needs besides the object holding a required field (`nocloudIso` is for its transport). */
const CONTEXT: Record<string, (base: Record<string, unknown>) => Record<string, unknown>> = {
  "vsphere.nocloudIso": (base) => ({ ...base, transport: "nocloudIso" }),
  "proxmox.disks[0]": ({ clone: _clone, ...base }) => base,
};

describe("required fields and enum members of the platform arguments", () => {
  /** Every required field of each platform type and of the types of its fields: [key, base, path]. */
  const requiredCases = Object.entries(BASES).flatMap(([key, [typeName, base, spec]]) => {
    const holders: [(string | number)[], string][] = [
      [[], typeName],
      ...fields(typeName).flatMap(([path, prop]): [(string | number)[], string][] => {
        const ref = prop.$ref ?? prop.items?.$ref;
        const t = ref === undefined ? undefined : typeOf(ref);
        if (ref === undefined || t?.properties === undefined) return [];
        return [[prop.items !== undefined ? [...path, 0] : path, ref.split(":").pop() as string]];
      }),
    ];
    return holders.flatMap(([at, holder]) => {
      const t = schemaTypes[`bootstrapped-vm:index:${holder}`] as {
        required?: string[];
        properties?: Record<string, Prop>;
      };
      return (t.required ?? []).map((field) => {
        const siblings = Object.fromEntries(
          (t.required ?? []).filter((f) => f !== field).map((f) => [f, sampleValue(t.properties?.[f])]),
        );
        const inContext = CONTEXT[`${key}.${pathText(at)}`]?.(base) ?? base;
        const args =
          at.length === 0
            ? Object.fromEntries(Object.entries(base).filter(([k]) => k !== field))
            : setAt(inContext, at, siblings);
        return { key, args, spec, path: `${key}.${pathText([...at, field])}` };
      });
    });
  });

  it("refuses every required field left out with its path and what to give, before any child is registered", async () => {
    expect(requiredCases.length).toBeGreaterThan(10);
    for (const { key, args, spec, path } of requiredCases) {
      const err = refused({ [key]: args, bootstrap: { hostname: "web-01", ...spec } });
      expect([path, err.errors.find((e) => e.propertyPath === path)?.reason]).toEqual([
        path,
        expect.any(String),
      ]);
    }
    // Where the platform has no words of its own, the schema's: what the field is.
    const err = refused({
      vsphere: {
        ...vsphere,
        networkInterfaces: [{ adapterType: "vmxnet3" }],
        disks: [{ size: 20 }],
        clone: {},
      },
    });
    expect(reasons(err)).toEqual([
      [
        "vsphere.networkInterfaces[0].networkId",
        "is required; add it (managed object ID of the network/port group)",
      ],
      ["vsphere.disks[0].label", "is required; add it (unique label, e.g. `disk0`)"],
      ["vsphere.clone.templateUuid", "is required; add it (UUID of the template or VM to clone)"],
    ]);
    expect(
      reasons(
        refused({ openstack: { ...BASES.openstack?.[1], blockDevices: [{ uuid: "u", bootIndex: 0 }] } }),
      ),
    ).toEqual([
      [
        "openstack.blockDevices[0].sourceType",
        'is required; add it (the source type of the device; must be one of "blank", "image", "volume", or "snapshot")',
      ],
    ]);
    // Options the platform refuses as a whole are not picked apart.
    expect(reasons(refused({ vsphere: { ...vsphere, nocloudIso: {} } }))).toEqual([
      ["vsphere.nocloudIso", 'nocloudIso options only apply to transport "nocloudIso".'],
    ]);
    await settle();
    expect(mocks.registrations.filter((r) => r.name !== "shape")).toEqual([]);
  });

  it("refuses an enum value outside the schema's members, with them, even where the platform's check does not word it", () => {
    const enumCases = Object.entries(BASES).flatMap(([key, [typeName, base]]) =>
      fields(typeName)
        .filter(([, prop]) => prop.$ref !== undefined && typeOf(prop.$ref)?.enum !== undefined)
        .map(([path]) => [key, setAt(base, path, "Bogus"), pathText(path)] as const),
    );
    expect(enumCases.map(([key, , path]) => `${key}.${path}`)).toEqual(
      expect.arrayContaining(["vsphere.transport", "vsphere.guestinfo.redact", "seedImage.format"]),
    );
    for (const [key, args, path] of enumCases) {
      // A platform whose own checks say nothing about the value.
      const found = platformArgProblems(key as PlatformKey, args, () => []);
      expect(found).toContainEqual({
        path,
        message: expect.stringMatching(/^the string "Bogus" is not one of "/),
      });
    }
    expect(platformArgProblems("seedImage", { path: "s.iso", format: "NoCloud" }, () => [])).toEqual([
      {
        path: "format",
        message: 'the string "NoCloud" is not one of "nocloud", "configDrive" (did you mean `nocloud`?)',
      },
    ]);
    // The platform's own message is kept where it words the same path.
    expect(reasons(refused({ seedImage: { path: "out/s.iso", format: "isoo" } }))).toEqual([
      ["seedImage.format", '"isoo" is not a seed image format; use "nocloud" or "configDrive".'],
    ]);
  });
});

describe("a whole platform argument given as one Output or Promise", () => {
  const wrappers: [string, (v: unknown) => unknown][] = [
    ["pulumi.output", (v) => pulumi.output(v)],
    ["pulumi.secret", (v) => pulumi.secret(v)],
    ["a Promise", (v) => Promise.resolve(v)],
    // Refused unread: its rejection must not end the program as an unhandled one too.
    ["a rejected Promise", () => Promise.reject(new Error("no such pool"))],
  ];
  const example: Record<string, string> = {
    vsphere: "resourcePoolId",
    openstack: "name",
    seedImage: "path",
    proxmox: "nodeName",
  };
  it.each(Object.keys(BASES))(
    "%s is refused with its path and the fix (its fields decide which resources exist), before any child",
    async (key) => {
      const [, base, spec] = BASES[key] as [string, Record<string, unknown>, Record<string, unknown>];
      for (const [, wrap] of wrappers) {
        const err = refused({ [key]: wrap(base), bootstrap: { hostname: "web-01", ...spec } });
        expect(err.errors.map((e) => e.propertyPath)).toEqual([key]);
        expect(err.errors[0]?.reason).toMatch(
          /^must be a mapping \(.*\) given directly, not an Output or Promise: /,
        );
        expect(err.errors[0]?.reason).toContain(
          `give Outputs to its fields instead, e.g. \`{ ${example[key]}: <Output>, ... }\``,
        );
      }
      await settle();
      expect(mocks.registrations.filter((r) => r.name !== "shape")).toEqual([]);
    },
  );
});
