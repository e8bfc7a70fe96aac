/**
 * Ways out of a problem that each front end words in its own terms. The component names its arguments
 * (transport "nocloudIso", `guestinfo: { seeder: true }`), the command line its options (`render --format
 * nocloud-iso`, `--seeder`, `--mac`), the library's functions neither. A rule states its problem once, where
 * the rule is, as a fact and its ways out; each front end words the ways with its own `Wording`.
 */

/** What can carry the documents to a guest instead of the one that cannot. */
export type Carrier = "nocloud" | "guestinfo" | "vapp";

/** One way out of a problem. */
export type Way =
  /** Worded the same in every front end. */
  | { kind: "text"; text: string }
  /** Deliver through one of `carriers` instead (`note`: what they carry that the failing one does not). */
  | { kind: "carrier"; carriers: readonly Carrier[]; note?: string }
  /** Give NIC `nic` the MAC address the platform assigns it. */
  | { kind: "platformMac"; nic: number }
  /** The template has the bootstrapped-vm seeder, which reads guestinfo for any cloud-init. */
  | { kind: "seeder" }
  /** Raise the spec's target cloud-init to `version`, when every image runs it or later. */
  | { kind: "targetCloudInit"; version: string }
  /** A larger guestinfo value limit, where vSphere accepts one. */
  | { kind: "guestinfoLimit" }
  /** No legacy ENI file on the config drive (`note`: what carries the network instead). */
  | { kind: "noLegacyNetworkFile"; note: string };

/**
 * Why a front end offers no such way, said after the ways it offers (e.g. "a served spec gets no MAC
 * addresses from a platform"), so a user who expects it learns why it is missing.
 */
export interface Unoffered {
  unoffered: string;
}

/**
 * How one front end says a way; undefined when it offers no such way (the way is left out), `Unoffered`
 * when it says why. A carrier's `note` is the rule's, not the front end's: `wordRemedy` adds it.
 */
export type Wording = (way: Exclude<Way, { kind: "text" }>) => string | Unoffered | undefined;

/** A problem as its rule states it: what is wrong, and the ways out, in the order they are offered. */
export interface Remedy {
  fact: string;
  ways: readonly Way[];
}

/** `a`, `a, or b`, `a, b, or c`. */
function alternatives(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")}, or ${words.at(-1)}`;
}

/** `a`, `a or b`, `a, b or c`. */
export function oneOf(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/**
 * The remedy as one message: its fact, then every way `wording` offers, then why it offers none of the
 * ways it says so of (`Unoffered`).
 */
export function wordRemedy(remedy: Remedy, wording: Wording): string {
  const words: string[] = [];
  const unoffered: string[] = [];
  for (const way of remedy.ways) {
    const word = way.kind === "text" ? way.text : wording(way);
    if (word === undefined) continue;
    if (typeof word !== "string") unoffered.push(word.unoffered);
    else words.push(way.kind === "carrier" && way.note !== undefined ? `${word} (${way.note})` : word);
  }
  return [remedy.fact, ...(words.length === 0 ? [] : [alternatives(words)]), ...unoffered].join("; ");
}

const LIBRARY_CARRIERS: Record<Carrier, string> = {
  nocloud: "a NoCloud seed",
  guestinfo: "guestinfo",
  vapp: "vApp",
};

/** The library's own words, naming no front end's arguments or options. */
export const libraryWording: Wording = (way) => {
  switch (way.kind) {
    case "carrier":
      return `use ${oneOf(way.carriers.map((c) => LIBRARY_CARRIERS[c]))}`;
    case "platformMac":
      return "let the platform assign static MAC addresses";
    case "seeder":
      return "bake the bootstrapped-vm seeder into the template (it reads guestinfo and hands cloud-init a NoCloud seed; docs/vsphere.md)";
    case "targetCloudInit":
      return `set cloudInit.minVersion to ${way.version} when every image runs ${way.version} or later`;
    case "guestinfoLimit":
      return "raise `valueLimit` if your vSphere accepts larger values (docs/vsphere.md)";
    case "noLegacyNetworkFile":
      return `leave \`legacyNetworkFile\` off (${way.note})`;
  }
};
