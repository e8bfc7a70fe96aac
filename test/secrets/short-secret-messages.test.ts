/**
 * Property: a problem message never prints a spec value where `redactSecretTexts` cannot find it. The
 * component (and the seed ISO resources) redact the strings of secret inputs from the problems found when
 * Output values resolve: a secret's text is replaced when quoted (`"..."`) whatever its length, but bare
 * only from 6 characters on (src/core/errors.ts). So a message printing a short spec value bare leaks it.
 *
 * For valid specs with every kind of field (the corpus, bonds/VLANs/bridges, the transports' fixtures, a
 * bench spec), every string and number leaf in turn gets each of a set of short values, distinct enough
 * that no fixed wording contains them (checked below against the sources), some malformed and some well
 * formed but wrong where they land (an old cloud-init release, an IPv6 address, a route). Every problem
 * the late path can report is collected: the spec's checks (`validateSpec`), the render's, and the
 * platforms' checks of a spec (vSphere guestinfo and vApp, OpenStack, Proxmox, a seed image of either
 * format). Each message, redacted with the value as the secret text, must no longer contain the value (nor
 * an address of it without its prefix length), and no check may throw instead of listing problems.
 *
 * Number leaves get these strings (what the schema says of a string where a number belongs) and short
 * numbers: a secret number reaches the redaction as its text (`secretTexts`), and its problems print it
 * bare (`-77 is not a usable uid`), which the redaction replaces as a token whatever its length.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { redactSecretTexts } from "../../src/core/errors";
import { SpecValidationError, type SpecProblem } from "../../src/core/problems";
import { renderAll } from "../../src/render/render-all";
import { validateSpec } from "../../src/render/validate-spec";
import type { KnownArgs } from "../../src/platforms/platform";
import { platformRegistry } from "../../src/platforms/registry";
import { SeedImageFormat } from "../../src/seed-image/types";
import { VsphereTransport } from "../../src/platforms/vsphere/args";
import type { RenderedDocuments, RenderOptions } from "../../src/render/types";
import type { BootstrapSpec } from "../../src/spec/types";
import { benchSpec } from "../../bench/bench-specs";
import { loadCorpus } from "../corpus";
import {
  BOND_VLAN_SPEC,
  LACP_BRIDGE_SPEC,
  ROUND_ROBIN_SPEC,
  UNADDRESSED_DNS_SPEC,
} from "../render/network-devices-fixtures";
import { DUAL_NIC_SPEC, ENI_ONLY_SPEC, NAMED_IPV6_SPEC } from "../render/transport-fixtures";

// The messages do not depend on the password hashes; SHA-512 crypt costs milliseconds by design.
jest.mock("../../src/render/password", () => ({
  ...jest.requireActual("../../src/render/password"),
  hashPassword: () => "$6$placeholder$placeholder",
}));

/** Short strings no fixed wording contains: malformed, or well formed but wrong where they land. */
const STRINGS = [
  "q7", // a host name, user or group; not an address, version or mode
  "zz9",
  "k_k", // not a host name
  "q q", // a space
  "7.77", // a number, not a release
  "19.9", // a release older than the oldest known
  "21.1", // a known release too old for guestinfo, a vApp network and most features
  "8989", // a number out of every range
  "0779", // not a mode
  "::7", // an IPv6 address, without prefix length
  "7::/7", // an IPv6 network
  "::7/77", // an IPv6 address with prefix length
  "q7!",
];

/** Short numbers no fixed wording contains, for number leaves: out of range, negative, fractional. */
const NUMBERS = [8989, -97, 7.77];

function sourceTexts(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceTexts(path, out);
    else if (name.endsWith(".ts")) out.push(readFileSync(path, "utf8"));
  }
  return out;
}

type Leaf = { path: (string | number)[]; value: string | number };

function leaves(value: unknown, path: (string | number)[] = [], out: Leaf[] = []): Leaf[] {
  if (typeof value === "string" || typeof value === "number") out.push({ path, value });
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  return out;
}

/**
 * The leaves worth a mutation: of list items of the same kind (24 users' uids), the first two (a message
 * about the second of two addresses can print the first).
 */
function distinctLeaves(spec: BootstrapSpec): Leaf[] {
  const seen = new Map<string, number>();
  return leaves(spec).filter(({ path }) => {
    const kind = path.map((key) => (typeof key === "number" ? "[]" : key)).join(".");
    const count = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, count);
    return count <= 2;
  });
}

function withValue(spec: BootstrapSpec, path: (string | number)[], value: unknown): BootstrapSpec {
  const copy = structuredClone(spec) as unknown as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[last] = value;
  return copy as unknown as BootstrapSpec;
}

/** The problems an `InputPropertiesError` or `SpecValidationError` thrown by `fn` lists (and `fn`'s own). */
function problemsOf(fn: () => SpecProblem[]): SpecProblem[] {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SpecValidationError) return err.problems;
    if (pulumi.InputPropertiesError.isInstance(err))
      return err.errors.map((e) => ({ path: e.propertyPath, message: e.reason }));
    throw err;
  }
}

/** The platforms' arguments a spec is checked with: one NIC per interface. */
function platformChecks(spec: BootstrapSpec): (() => SpecProblem[])[] {
  const count = Math.max(spec.network?.interfaces?.length ?? 0, 1);
  const each = <T>(make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));
  const rendered = new Map<string, RenderedDocuments>();
  const render = (options: RenderOptions = {}): RenderedDocuments => {
    const key = JSON.stringify(options);
    const docs = rendered.get(key) ?? renderAll(spec, options);
    rendered.set(key, docs);
    return docs;
  };
  const known: KnownArgs = { name: "leak", bootstrap: spec, render };
  const vsphere = {
    resourcePoolId: "rp",
    datastoreId: "ds",
    networkInterfaces: each(() => ({ networkId: "n" })),
  };
  return [
    () => render() && [],
    () => platformRegistry.vsphere.validate(vsphere, known),
    () =>
      platformRegistry.vsphere.validate(
        { ...vsphere, transport: VsphereTransport.Vapp, clone: { templateUuid: "4217c5a0-template" } },
        known,
      ),
    () =>
      platformRegistry.openstack.validate(
        { flavorName: "m1", imageName: "debian", networks: each(() => ({ networkId: "n" })) },
        known,
      ),
    () =>
      platformRegistry.proxmox.validate(
        {
          nodeName: "pve",
          snippetsDatastoreId: "local",
          clone: { vmId: 9000 },
          networkDevices: each(() => ({ bridge: "vmbr0" })),
        },
        known,
      ),
    () => platformRegistry.seedImage.validate({ path: "seed.iso" }, known),
    () =>
      platformRegistry.seedImage.validate(
        { path: "seed.iso", format: SeedImageFormat.ConfigDrive, legacyNetworkFile: true },
        known,
      ),
  ];
}

/** Every problem the component's late path can report for `spec`. */
function lateProblems(spec: BootstrapSpec): SpecProblem[] {
  const problems = validateSpec(spec);
  if (problems.length > 0) return problems;
  return platformChecks(spec).flatMap(problemsOf);
}

/**
 * What of `value` a message must not print: the value, and an address or network without its prefix
 * length (`::7` of `::7/77`). Shorter parts (the `77`) would be found in any message.
 */
function printedForms(value: string): string[] {
  return [value, ...value.split("/").filter((part) => part.length >= 3 && part !== value)];
}

/** The message as the component reports it with `secret` the text of a secret input. */
function redacted(message: string, secret: string): string {
  const err = new pulumi.InputPropertiesError({ message, errors: [{ propertyPath: "p", reason: message }] });
  return redactSecretTexts(err, [secret])
    .errors.map((e) => e.reason)
    .join("\n");
}

const SPECS: { name: string; spec: BootstrapSpec }[] = [
  ...loadCorpus(),
  { name: "bond-vlan", spec: BOND_VLAN_SPEC },
  { name: "lacp-bridge", spec: LACP_BRIDGE_SPEC },
  { name: "round-robin", spec: ROUND_ROBIN_SPEC },
  { name: "unaddressed-dns", spec: UNADDRESSED_DNS_SPEC },
  { name: "dual-nic", spec: DUAL_NIC_SPEC },
  { name: "eni-only", spec: ENI_ONLY_SPEC },
  { name: "named-ipv6", spec: NAMED_IPV6_SPEC },
  { name: "bench", spec: benchSpec(3) },
  // A short address of its own, for a gateway equal to it.
  {
    name: "short-ipv6",
    spec: {
      hostname: "six",
      network: { interfaces: [{ macAddress: "52:54:00:00:00:77", addresses: ["::7/64"], gateway6: "::8" }] },
    },
  },
];

describe("short secret values in problem messages", () => {
  it("uses values no fixed wording contains", () => {
    const sources = sourceTexts(join(__dirname, "../../src")).join("\n");
    for (const value of [...STRINGS, ...NUMBERS.map(String)])
      expect([value, sources.includes(value)]).toEqual([value, false]);
  });

  it("starts from valid specs", () => {
    expect(SPECS.filter(({ spec }) => validateSpec(spec).length > 0).map(({ name }) => name)).toEqual([]);
  });

  it("never prints a spec value where redaction cannot find it", () => {
    const leaks = new Map<string, string>();
    let checked = 0;
    for (const { name, spec } of SPECS) {
      for (const leaf of distinctLeaves(spec)) {
        for (const value of typeof leaf.value === "number" ? [...STRINGS, ...NUMBERS] : STRINGS) {
          const text = String(value);
          let problems: SpecProblem[];
          try {
            problems = lateProblems(withValue(spec, leaf.path, value));
          } catch (err) {
            // Not a problem list: the component would report it unredacted (and a check must not throw).
            leaks.set(`thrown: ${String(err)}`, `${name} ${leaf.path.join(".")}=${JSON.stringify(value)}`);
            continue;
          }
          for (const problem of problems) {
            checked++;
            const left = redacted(problem.message, text);
            const found = printedForms(text).filter((form) => left.includes(form));
            if (found.length === 0) continue;
            const key = `${problem.path}: ${found.reduce((m, form) => m.split(form).join("<V>"), left)}`;
            if (!leaks.has(key)) leaks.set(key, `${name} ${leaf.path.join(".")}=${JSON.stringify(value)}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect([...leaks].map(([k, v]) => `${v}\n    ${k}`)).toEqual([]);
  });
});

describe("a secret number in a message", () => {
  it("is redacted as a token whatever its length, not inside a longer number or word", () => {
    for (const [message, secret, expected] of [
      ["-77 is not a usable uid", "-77", "<secret> is not a usable uid"],
      [
        "mtu 9000 is over 1500 (the link's 9000).",
        "9000",
        "mtu <secret> is over 1500 (the link's <secret>).",
      ],
      ["metric 7 of 1977, v7, 7.5 or 2.7", "7", "metric <secret> of 1977, v7, 7.5 or 2.7"],
      ["7.77 is not a release", "7.77", "<secret> is not a release"],
      ["1e+21 is too big", "1e+21", "<secret> is too big"],
    ] as const) {
      expect(redacted(message, secret)).toBe(expected);
    }
  });
});
