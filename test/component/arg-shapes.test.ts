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
