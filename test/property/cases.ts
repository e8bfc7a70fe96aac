/**
 * Builds generated specs (a valid base plus hostile strings put into string-bearing fields) and, for each
 * one validation accepts, every document a guest can receive together with the values it must read back.
 */
import fc from "fast-check";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderEni } from "../../src/render/eni";
import { GuestinfoEncoding, renderGuestinfo } from "../../src/render/guestinfo";
import { encodeUserData } from "../../src/render/mime";
import { resolveInterfaces } from "../../src/render/network";
import { renderValidSpec } from "../../src/render/render-all";
import { validateSpec } from "../../src/render/validate-spec";
import { userDataParts } from "../../src/render/user-data";
import { renderVappProperties } from "../../src/render/vapp";
import type { BootstrapSpec } from "../../src/spec/types";
import { stableYaml } from "../../src/util/serialize";
import { hatchValue, text, timezone } from "./generators";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ0ZXN0a2V5";
const push = (spec: Spec, field: string, value: unknown): void => {
  spec[field] = [...((spec[field] as unknown[] | undefined) ?? []), value];
};
const iface = (spec: Spec): Spec => {
  spec.network ??= {
    interfaces: [{ macAddress: "52:54:00:12:34:56", addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }],
  };
  return (spec.network as { interfaces: Spec[] }).interfaces[0] as Spec;
};

/** Where a generated string goes: the property the validator must name if it refuses it, and how. */
interface Placement {
  root: string;
  put(spec: Spec, a: string, b: string, hatch: unknown, zone: string): void;
}

const PLACEMENTS: Placement[] = [
  { root: "users[0].gecos", put: (s, a) => void (s.users[0].gecos = a) },
  { root: "users[0].sudo", put: (s, a) => void (s.users[0].sudo = [a]) },
  { root: "users[0].homeDir", put: (s, a) => void (s.users[0].homeDir = `/home/${a}`) },
  { root: "users", put: (s, a) => push(s, "users", { name: a }) },
  { root: "finalMessage", put: (s, a) => void (s.finalMessage = a) },
  { root: "runcmd", put: (s, a) => push(s, "runcmd", a) },
  { root: "bootcmd", put: (s, a) => push(s, "bootcmd", a) },
  { root: "files", put: (s, a) => push(s, "files", { path: `/etc/p/${s.files?.length ?? 0}`, content: a }) },
  { root: "files", put: (s, a, b) => push(s, "files", { path: `/${a}`, content: b }) },
  { root: "powerState", put: (s, a) => void (s.powerState = { mode: "reboot", message: a }) },
  { root: "metadata", put: (s, a) => void ((s.metadata ??= {})[`k${Object.keys(s.metadata).length}`] = a) },
  { root: "metadata", put: (s, a, b) => void ((s.metadata ??= {})[a] = b) },
  { root: "extraCloudConfig", put: (s, a, _b, h) => void ((s.extraCloudConfig ??= {})[a] = h) },
  { root: "vendorCloudConfig", put: (s, a, _b, h) => void ((s.vendorCloudConfig ??= {})[a] = h) },
  {
    root: "defaultUserSshAuthorizedKeys",
    put: (s, a) => push(s, "defaultUserSshAuthorizedKeys", `${KEY} ${a}`),
  },
  { root: "scripts", put: (s, a, b) => push(s, "scripts", { name: a, content: `#!/bin/sh\n${b}` }) },
  {
    root: "extraParts",
    put: (s, a, b) =>
      push(s, "extraParts", { contentType: "text/x-shellscript", filename: a, content: `#!/bin/sh\n${b}` }),
  },
  { root: "boothooks", put: (s, a) => push(s, "boothooks", `#!/bin/sh\n${a}`) },
  { root: "jinjaTemplates", put: (s, a) => push(s, "jinjaTemplates", `#!/bin/sh\n${a}`) },
  { root: "phoneHome", put: (s, a) => void (s.phoneHome = { url: `https://h.example/${a}` }) },
  { root: "includeUrls", put: (s, a) => push(s, "includeUrls", `https://h.example/${a}`) },
  { root: "timezone", put: (s, _a, _b, _h, zone) => void (s.timezone = zone) },
  { root: "locale", put: (s, a) => void (s.locale = a) },
  { root: "hostname", put: (s, a) => void (s.hostname = a) },
  { root: "network", put: (s, a) => void (iface(s).name = a) },
  { root: "network", put: (s, a) => void (iface(s).searchDomains = [a]) },
  { root: "dns", put: (s, a) => void (iface(s) && (s.dns = { searchDomains: [a], nameservers: [b4(a)] })) },
];
/** A nameserver that is sometimes the generated text itself. */
const b4 = (a: string): string => (a.length % 2 === 0 ? "192.0.2.53" : a);

/** A generated spec with the property roots its strings went to. */
export interface GeneratedSpec {
  spec: Spec;
  roots: string[];
}

/** Fields that take any text come up three times as often as those validated to a narrow shape. */
const NARROW = new Set([
  "users",
  "hostname",
  "locale",
  "timezone",
  "network",
  "dns",
  "scripts",
  "extraParts",
]);
const WEIGHTED = PLACEMENTS.flatMap((p, i) => (NARROW.has(p.root) ? [i] : [i, i, i]));

export const generatedSpec: fc.Arbitrary<GeneratedSpec> = fc
  .array(fc.tuple(fc.constantFrom(...WEIGHTED), text, text, hatchValue, timezone), {
    minLength: 1,
    maxLength: 5,
  })
  .map((placements) => {
    const spec: Spec = { hostname: "prop", users: [{ name: "alice" }] };
    const roots: string[] = [];
    for (const [index, a, b, hatch, zone] of placements) {
      const placement = PLACEMENTS[index] as Placement;
      placement.put(spec, a, b, hatch, zone);
      roots.push(placement.root);
    }
    return { spec, roots };
  });

/** How many strings (values and mapping keys) a value holds. */
export function countStrings(value: unknown): number {
  if (typeof value === "string") return 1;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countStrings(v), 0);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).reduce((n, [, v]) => n + 1 + countStrings(v), 0);
  }
  return 0;
}

/** Generated specs sorted into the read-back cases of those validation accepts and the refused ones. */
export interface SortedSpecs {
  /** `readBackCase` of each accepted spec. */
  cases: Record<string, unknown>[];
  /** How many specs validation refused. */
  refused: number;
  /** Problems of refused specs whose path is under none of the roots the strings went to. */
  unplaced: string[];
  /** Accepted specs the renderer then failed on. */
  renderErrors: string[];
  /** Strings (values and keys) in all the specs. */
  strings: number;
}

/**
 * Validates each generated spec (as `target` makes it: e.g. with a `cloudInit.minVersion`) and makes the
 * read-back case of each accepted one; a refused spec must have each problem under a root its strings went to.
 */
export function sortSpecs(
  specs: readonly GeneratedSpec[],
  target: (spec: Spec) => Spec = (s) => s,
): SortedSpecs {
  const sorted: SortedSpecs = { cases: [], refused: 0, unplaced: [], renderErrors: [], strings: 0 };
  specs.forEach(({ spec, roots }, id) => {
    const targeted = target(spec);
    sorted.strings += countStrings(spec);
    const problems = validateSpec(targeted);
    if (problems.length === 0) {
      try {
        sorted.cases.push(readBackCase(id, targeted));
      } catch (e) {
        sorted.renderErrors.push(`spec ${id}: ${(e as Error).message}`);
      }
      return;
    }
    sorted.refused++;
    for (const p of problems) {
      const placed = roots.some(
        (r) => p.path === r || p.path.startsWith(`${r}.`) || p.path.startsWith(`${r}[`),
      );
      if (!placed) sorted.unplaced.push(`spec ${id}: ${JSON.stringify(p)}`);
    }
  });
  return sorted;
}

const b64 = (data: Buffer | string): string => Buffer.from(data).toString("base64");

/** Every document of an accepted spec, and what cloud-init must read from each (see read_back.py). */
export function readBackCase(id: number, input: Spec): Record<string, unknown> {
  const spec = input as BootstrapSpec;
  const docs = renderValidSpec(spec);
  const guestinfo = renderGuestinfo(docs, { encoding: GuestinfoEncoding.Auto });
  const tree = renderConfigDriveTree(spec, docs, { legacyNetworkFile: true });
  const keys = docs.publicKeys;
  const metaData: Record<string, unknown> = {
    "instance-id": docs.instanceId,
    "local-hostname": spec.hostname,
  };
  if (keys.length > 0) metaData["public-keys"] = keys;
  if (Object.keys(docs.metadata).length > 0) metaData["bootstrapped-vm"] = docs.metadata;
  const guestinfoMetadata: Record<string, unknown> = {
    "instance-id": docs.instanceId,
    "local-hostname": spec.hostname,
    redact: ["userdata"],
  };
  if (keys.length > 0) guestinfoMetadata["public-keys-data"] = keys.join("\n");
  const interfaces = spec.network === undefined ? undefined : resolveInterfaces(spec);
  const search = [...(spec.dns?.searchDomains ?? []), ...(spec.network?.interfaces[0]?.searchDomains ?? [])];
  return {
    id,
    userData: b64(encodeUserData(docs)),
    cloudConfig: docs.cloudConfig,
    parts: userDataParts(spec, docs.cloudConfig)
      .slice(1)
      .filter((p) => p.contentType !== "text/x-include-url")
      .map((p) => [p.contentType, p.filename, p.content]),
    includeUrls: spec.includeUrls ?? [],
    vendorData: docs.vendorData ?? null,
    vendorCloudConfig: spec.vendorCloudConfig ?? null,
    metaData: docs.metaData,
    metaDataExpected: metaData,
    publicKeys: keys,
    guestinfo,
    guestinfoMetadata,
    configDrive: {
      "meta_data.json": b64(tree.get("openstack/latest/meta_data.json") as Buffer),
      "vendor_data.json": b64(tree.get("openstack/latest/vendor_data.json") as Buffer),
      metaExpected: {
        meta: { ...docs.metadata, "bootstrapped-vm-content-hash": docs.contentHash },
        ...(keys.length > 0
          ? {
              public_keys: Object.fromEntries(keys.map((k, i) => [`key-${i}`, k])),
              keys: keys.map((k, i) => ({ name: `key-${i}`, type: "ssh", data: k })),
            }
          : {}),
      },
    },
    vappPublicKeys: renderVappProperties(docs)["public-keys"] ?? null,
    network:
      docs.network === undefined
        ? null
        : {
            v1: docs.network.v1,
            v2: docs.network.v2,
            v1Yaml: stableYaml(docs.network.v1),
            v2Yaml: stableYaml(docs.network.v2),
            names: [spec.network?.interfaces[0]?.name ?? "eth0"],
            search: [...new Set(search)].sort(),
          },
    eni: interfaces === undefined ? null : renderEni(interfaces, spec.dns),
    timezone: spec.timezone ?? null,
  };
}
