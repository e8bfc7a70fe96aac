/**
 * The provider plugin's side of `SeedIsoFile` (`bootstrapped-vm:index:SeedIsoFile`, seed-image/seed-iso-file.ts):
 * check/diff/create/update/read/delete over the gRPC values the Node SDK's provider server hands over
 * (`Struct.toJavaScript()` of the request: provider/server.js), run by the same code as the dynamic provider
 * (seed-image/seed-iso-ops.ts).
 *
 * The plugin accepts secrets (server.js `configure` sets `acceptSecrets`), so a secret input arrives as
 * `{ [specialSigKey]: specialSecretSig, value }` and an unknown one (preview) as `unknownValue`
 * (@pulumi/pulumi runtime/rpc.js). Secrets are unwrapped for the work and the digests are returned as
 * secrets when the files were one, so the state never holds them in plain (the component also lists them
 * in `additionalSecretOutputs`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as BuildImage from "../seed-image/build-image";
import {
  checkSeedIso,
  deleteSeedIso,
  diffSeedIso,
  readSeedIso,
  writeSeedIso,
} from "../seed-image/seed-iso-ops";
import type { SeedIsoInputs, SeedIsoOutputs } from "../seed-image/types";

export { SEED_ISO_FILE_TYPE } from "../seed-image/seed-iso-file";

/** The plugin has the ISO writer in its own process. */
const loadBuilder = async (): Promise<typeof BuildImage> => BuildImage;

/** A wire value with its secrets unwrapped, and whether it held a secret or an unknown. */
interface Unwrapped<T> {
  value: T;
  secret: boolean;
  unknown: boolean;
}

function unwrap<T>(wire: unknown): Unwrapped<T> {
  let secret = false;
  let unknown = false;
  const walk = (v: unknown): unknown => {
    if (v === pulumi.runtime.unknownValue) {
      unknown = true;
      return v;
    }
    if (pulumi.runtime.isRpcSecret(v)) {
      secret = true;
      return walk(pulumi.runtime.unwrapRpcSecret(v));
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  const value = walk(wire) as T;
  return { value, secret, unknown };
}

const asSecret = (value: unknown): unknown => ({
  [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
  value,
});

/** The state as the plugin returns it: the digests secret when the documents are. */
function toWire(outs: SeedIsoOutputs, secret: boolean): Record<string, unknown> {
  if (!secret) return { ...outs };
  return { ...outs, sha256: asSecret(outs.sha256), documentsHash: asSecret(outs.documentsHash) };
}

/** Check: the inputs as given (secrets kept), or the problems; nothing to check while values are unknown. */
export async function checkSeedIsoFile(news: unknown): Promise<pulumi.provider.CheckResult> {
  const { value, unknown } = unwrap<SeedIsoInputs>(news);
  if (unknown) return { inputs: news };
  const { failures } = checkSeedIso(value);
  return failures ? { failures } : { inputs: news };
}

/**
 * Diff: what the dynamic provider says. A value unknown at preview arrives as Pulumi's unknown marker
 * string, which differs from every known path, format, mode and documents hash there: a change, and a
 * replacement when it is the path.
 */
export async function diffSeedIsoFile(olds: unknown, news: unknown): Promise<pulumi.provider.DiffResult> {
  return diffSeedIso(unwrap<SeedIsoOutputs>(olds).value, unwrap<SeedIsoInputs>(news).value);
}

/** Create and update: writes the ISO; the id is its path. */
export async function writeSeedIsoFile(
  inputs: unknown,
): Promise<{ id: string; outs: Record<string, unknown> }> {
  const { value, secret } = unwrap<SeedIsoInputs>(inputs);
  const outs = await writeSeedIso(value, loadBuilder);
  return { id: outs.path, outs: toWire(outs, secret) };
}

/** Read (refresh): the file's state; an empty id when it is gone. */
export async function readSeedIsoFile(id: string, props: unknown): Promise<pulumi.provider.ReadResult> {
  const { value, secret } = unwrap<SeedIsoOutputs | undefined>(props);
  const known = value && typeof value.path === "string" ? value : undefined;
  const read = await readSeedIso(id, known);
  if (read.props === undefined) return { id: "", props: {} };
  return { id: read.id, props: toWire(read.props, secret) };
}

/** Delete: removes the file. */
export async function deleteSeedIsoFile(id: string, props: unknown): Promise<void> {
  const { value } = unwrap<Partial<SeedIsoOutputs> | undefined>(props);
  await deleteSeedIso({ path: typeof value?.path === "string" ? value.path : id });
}
