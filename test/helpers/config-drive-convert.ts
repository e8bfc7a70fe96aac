/**
 * A config drive's `network_data.json`, rendered for a generation's own release (`cloudInit.minVersion`), as
 * that generation's `cloud-init devel net-convert` converts it (convert_net_json, then network_state and one
 * renderer) in its chroot, with the NICs cloud-init finds given by `-m name,mac`.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderValidSpec } from "../../src/render/render-all";
import type { BootstrapSpec } from "../../src/spec/types";
import { ChrootResult, ChrootWorkdir, Generation, runCloudInitIn, targetOf } from "./chroots";
import { readTree } from "./read-tree";

export interface ConvertedNetworkDataJson extends ChrootResult {
  /** The files the renderer wrote, by path under its output directory (`etc/network/interfaces.d/...`). */
  files: Map<string, string>;
}

/** `spec`'s config drive rendered for `suite`'s release: its `openstack/latest/network_data.json`. */
export function networkDataJsonFor(suite: Generation["suite"], spec: BootstrapSpec): Buffer {
  const targeted: BootstrapSpec = { ...spec, cloudInit: { minVersion: targetOf(suite) } };
  const json = renderConfigDriveTree(targeted, renderValidSpec(targeted)).get(
    "openstack/latest/network_data.json",
  );
  if (json === undefined) throw new Error("the config drive has no openstack/latest/network_data.json");
  return json;
}

/** Writes `networkDataJsonFor(suite, spec)` into `dir`, for `convertNetworkDataJson`. */
export function writeNetworkDataJson(
  suite: Generation["suite"],
  spec: BootstrapSpec,
  dir: ChrootWorkdir,
): void {
  writeFileSync(join(dir.host, "network_data.json"), networkDataJsonFor(suite, spec));
}

/**
 * Converts the `network_data.json` written into `dir` (`writeNetworkDataJson`) with `renderer` (`eni`,
 * `netplan`, `networkd`) into `dir`'s `out` directory.
 */
export function convertNetworkDataJson(
  suite: Generation["suite"],
  dir: ChrootWorkdir,
  renderer: string,
  nics: readonly { name: string; mac: string }[],
  out = `out-${renderer}`,
): ConvertedNetworkDataJson {
  const r = runCloudInitIn(suite, [
    "devel",
    "net-convert",
    ...["-p", `${dir.inside}/network_data.json`, "-k", "network_data.json", "-D", "debian"],
    ...["-O", renderer, "-d", `${dir.inside}/${out}`],
    ...nics.flatMap((n) => ["-m", `${n.name},${n.mac}`]),
  ]);
  const written = join(dir.host, out);
  return { ...r, files: existsSync(written) ? readTree(written) : new Map() };
}
