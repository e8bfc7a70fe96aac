/**
 * A spec's network documents, rendered for a generation's own release (`cloudInit.minVersion`), as that
 * generation's `cloud-init devel net-convert` converts them in its chroot (for a config drive's
 * `network_data.json`: convert_net_json, then network_state and one renderer; for network config v2:
 * network_state and one renderer), with the NICs present in the guest given by name and MAC.
 */
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderValidSpec } from "../../src/render/render-all";
import type { BootstrapSpec } from "../../src/spec/types";
import { stableYaml } from "../../src/util/serialize";
import { ChrootResult, ChrootWorkdir, Generation, runInChroot, targetOf } from "./chroots";
import { PYTHON_HELPERS } from "./cloud-init";
import { readTree } from "./read-tree";

export interface ConvertedNetwork extends ChrootResult {
  /** The files the renderer wrote, by path under its output directory (`etc/network/interfaces.d/...`). */
  files: Map<string, string>;
}

/** The documents `convertNetwork` reads: its file in the work directory and net-convert's `-k`. */
export const NETWORK_SOURCES = {
  "network_data.json": { file: "network_data.json", kind: "network_data.json" },
  v2: { file: "network-config-v2.yaml", kind: "yaml" },
} as const;

export type NetworkSource = keyof typeof NETWORK_SOURCES;

const targeted = (suite: Generation["suite"], spec: BootstrapSpec): BootstrapSpec => ({
  ...spec,
  cloudInit: { minVersion: targetOf(suite) },
});

/** `spec`'s config drive rendered for `suite`'s release: its `openstack/latest/network_data.json`. */
export function networkDataJsonFor(suite: Generation["suite"], spec: BootstrapSpec): Buffer {
  const forSuite = targeted(suite, spec);
  const json = renderConfigDriveTree(forSuite, renderValidSpec(forSuite)).get(
    "openstack/latest/network_data.json",
  );
  if (json === undefined) throw new Error("the config drive has no openstack/latest/network_data.json");
  return json;
}

/** `spec`'s network config v2 rendered for `suite`'s release, as YAML. */
export function networkConfigV2For(suite: Generation["suite"], spec: BootstrapSpec): string {
  const v2 = renderValidSpec(targeted(suite, spec)).network?.v2;
  if (v2 === undefined) throw new Error("the spec has no network");
  return stableYaml(v2);
}

/** Writes `networkDataJsonFor(suite, spec)` into `dir`, for `convertNetwork` (or `convertNetworkDataJson`). */
export function writeNetworkDataJson(
  suite: Generation["suite"],
  spec: BootstrapSpec,
  dir: ChrootWorkdir,
): void {
  writeFileSync(join(dir.host, NETWORK_SOURCES["network_data.json"].file), networkDataJsonFor(suite, spec));
}

/** Writes `networkConfigV2For(suite, spec)` into `dir`, for `convertNetwork`. */
export function writeNetworkConfigV2(
  suite: Generation["suite"],
  spec: BootstrapSpec,
  dir: ChrootWorkdir,
): void {
  writeFileSync(join(dir.host, NETWORK_SOURCES.v2.file), networkConfigV2For(suite, spec));
}

const IN_GUEST = "net_convert_in_guest.py";
const holdingScript = new Set<string>();

/**
 * The path, as cloud-init's Python sees it, of test/helpers/python/net_convert_in_guest.py in the work directory
 * `work` (`host` its path outside, `inside` the path the converting Python sees), copied there once.
 */
export function netConvertInGuestScript(work: { host: string; inside: string }): string {
  if (!holdingScript.has(work.host) || !existsSync(join(work.host, IN_GUEST))) {
    copyFileSync(join(PYTHON_HELPERS, IN_GUEST), join(work.host, IN_GUEST));
    holdingScript.add(work.host);
  }
  return `${work.inside}/${IN_GUEST}`;
}

/**
 * Converts the `source` document written into `dir` with `renderer` (`eni`, `netplan`, `networkd`) into `dir`'s
 * `out` directory, as in a guest whose NICs are `nics`: cloud-init's `get_interfaces_by_mac` returns them
 * (test/helpers/python/net_convert_in_guest.py: network_state names a v2 entry without `set-name` after one),
 * and net-convert's `-m name,mac` gives them to convert_net_json.
 */
export function convertNetwork(
  suite: Generation["suite"],
  dir: ChrootWorkdir,
  source: NetworkSource,
  renderer: string,
  nics: readonly { name: string; mac: string }[],
  out = `out-${renderer}`,
): ConvertedNetwork {
  const { file, kind } = NETWORK_SOURCES[source];
  const r = runInChroot(suite, [
    "/usr/bin/python3",
    netConvertInGuestScript(dir),
    ...nics.flatMap((n) => ["--nic", `${n.name},${n.mac}`]),
    "devel",
    "net-convert",
    ...["-p", `${dir.inside}/${file}`, "-k", kind, "-D", "debian"],
    ...["-O", renderer, "-d", `${dir.inside}/${out}`],
    ...nics.flatMap((n) => ["-m", `${n.name},${n.mac}`]),
  ]);
  const written = join(dir.host, out);
  return { ...r, files: existsSync(written) ? readTree(written) : new Map() };
}

/** `convertNetwork` of the `network_data.json` written by `writeNetworkDataJson`. */
export function convertNetworkDataJson(
  suite: Generation["suite"],
  dir: ChrootWorkdir,
  renderer: string,
  nics: readonly { name: string; mac: string }[],
  out = `out-${renderer}`,
): ConvertedNetwork {
  return convertNetwork(suite, dir, "network_data.json", renderer, nics, out);
}
