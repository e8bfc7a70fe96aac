/**
 * The ways out of a problem in the command line's terms: its formats, modes and options
 * (src/core/remedy.ts). What a command offers depends on how it gives NICs their MACs (`MacSource`).
 */
import { rewordProblem, type SpecProblem } from "../core/problems";
import { libraryWording, oneOf, type Carrier, type Wording } from "../core/remedy";

/**
 * How the CLI can give an interface matched by position its MAC: `render`, `validate` and `diff` take the
 * platform's MACs with `--mac`; `serve` takes none (its guests get no MACs from a platform), so the spec
 * must name the interface or give its MAC; a fleet member takes its MAC from the base spec, where a
 * placeholder makes one per member.
 */
export type MacSource = "option" | "spec" | "fleet";

const FORMATS: Record<Carrier, string> = { nocloud: "nocloud-iso", guestinfo: "guestinfo", vapp: "vapp" };

/** The CLI's words for a command whose NICs get their MACs from `macs`. */
export function cliWording(macs: MacSource): Wording {
  const serve = macs === "spec";
  return (way) => {
    switch (way.kind) {
      case "carrier":
        // serve has one mode that carries what a config drive cannot: NoCloud.
        if (serve) return way.carriers.includes("nocloud") ? "use serve --mode nocloud" : undefined;
        return `render --format ${oneOf(way.carriers.map((c) => FORMATS[c]))}`;
      case "platformMac":
        if (macs === "option")
          return `pass the MAC the platform gives NIC ${way.nic} with --mac (one --mac per NIC, in NIC order)`;
        if (macs === "fleet")
          return 'give each member its own with a placeholder, e.g. macAddress: "52:54:00:00:00:%{n:x2}" (--fleet takes no --mac)';
        return { unoffered: "a served spec gets no MAC addresses from a platform" };
      case "seeder":
        return serve
          ? undefined
          : "pass --seeder when the template has the bootstrapped-vm seeder (render --format vmware-seeder)";
      case "targetCloudInit":
        return serve
          ? libraryWording(way)
          : `pass --cloud-init ${way.version} when every image runs ${way.version} or later`;
      case "guestinfoLimit":
        return undefined; // the CLI writes guestinfo for the default limit only
      case "noLegacyNetworkFile":
        return `drop --legacy-network-file (${way.note})`;
    }
  };
}

/** `problem` with its ways out in the CLI's words (see `cliWording`). */
export function inCliTerms(problem: SpecProblem, macs: MacSource): SpecProblem {
  return rewordProblem(problem, cliWording(macs));
}
