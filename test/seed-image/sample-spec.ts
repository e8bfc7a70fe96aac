/** The sample spec (`examples/sample-spec.yaml`) and small variants, for the seed-image tests. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { BootstrapSpec } from "../../src/spec/types";

export const SAMPLE_SPEC_PATH = join(__dirname, "..", "..", "examples", "sample-spec.yaml");

/** A fresh copy of the sample spec (holds a password: its documents are secret). */
export function sampleSpec(): BootstrapSpec {
  return parse(readFileSync(SAMPLE_SPEC_PATH, "utf8")) as BootstrapSpec;
}

/** A spec without secrets, one static NIC matched by position. */
export function plainSpec(hostname = "plain-01"): BootstrapSpec {
  return {
    hostname,
    runcmd: ["echo hello"],
    network: { interfaces: [{ addresses: ["198.51.100.7/24"], gateway4: "198.51.100.1" }] },
  };
}
