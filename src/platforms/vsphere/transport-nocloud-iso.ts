/**
 * `nocloudIso` transport, for images whose cloud-init is older than 21.3 (no VMware datasource):
 * a NoCloud seed ISO (`cidata`) is written on the machine running `pulumi up` (`NoCloudSeedIso`,
 * never during preview), uploaded with the vSphere File resource and attached as the first CD-ROM.
 *
 * What the provider does (terraform-provider-vsphere v2.16.1, bridged by pulumi-vsphere 4.17.0,
 * `vsphere/resource_vsphere_file.go`): only `source_file`, `source_datacenter` and `source_datastore`
 * are ForceNew (lines 51-73); a changed `destination_file`, `datacenter` or `datastore` is an Update
 * that *moves* the existing datastore file (lines 209-261, MoveDatastoreFile) without uploading
 * anything; Read only stats the destination (lines 179-200), it keeps no checksum. So new content
 * must be a new file: the destination holds a content token, and `replaceOnChanges` on
 * `destinationFile`, `datastore` and `datacenter` turns the provider's move into a replacement. The
 * replacement is create-before-delete (Pulumi's default): the new file is uploaded, the VM's CD-ROM
 * moves to it, and only then is the old file deleted (delete-before-replace would delete an ISO the
 * running VM still has attached).
 *
 * `createDirectories` stays off: the provider's createDirectory (lines 313-327) calls MakeDirectory
 * without tolerating an existing directory, which fails on vSAN when the folder already exists
 * (upstream issues #633/#2309, fixed for virtual disks only), i.e. for every upload after the first
 * into the shared folder. The folder must exist (create it once, see docs/vsphere.md).
 *
 * The File's resource id is `[<datastore>] <datacenter>/<destination_file>` (line 135) and Pulumi
 * stores resource ids unencrypted. A content hash of documents holding secrets would be a plain,
 * offline password-guess verifier there (the crypt salt is derived from the password, so a guess
 * can be rendered and hashed). With secrets, the token is therefore an HMAC of the content hash
 * under `nocloudIso.pathKey` (a secret the state does not hold in plain).
 */
import * as pulumi from "@pulumi/pulumi";
import { allMaybe, mapMaybe, maybe, toOutput, type Maybe } from "../../core/maybe";
import { File } from "../../providers/vsphere";
import type { RenderedDocuments } from "../../render/types";
import { hmacSha256 } from "../../util/hash";
import type { VsphereTransportBuilder } from "./transport";

/** Default folder on the datastore for seed ISOs (it must exist). */
export const DEFAULT_SEED_DIRECTORY = "bootstrapped-vm";

/** File properties whose change would make the provider move the old file instead of uploading. */
export const FILE_REPLACE_ON_CHANGES = ["destinationFile", "datastore", "datacenter"];

/** The 16-hex token of the file name: the content hash, or its HMAC under `pathKey` with secrets. */
export function seedFileToken(docs: RenderedDocuments, pathKey: string | undefined): string {
  if (!docs.containsSecrets) return docs.contentHash.slice(0, 16);
  if (pathKey === undefined || pathKey.length < 16) {
    throw new Error(
      "vsphere.nocloudIso.pathKey: the documents hold secrets, and the seed ISO's datastore path (part of the File's resource id, stored unencrypted) would carry a hash of them; set pathKey to a secret of at least 16 characters (e.g. config.requireSecret(\"seedPathKey\")).",
    );
  }
  return hmacSha256(pathKey, docs.contentHash).toString("hex").slice(0, 16);
}

export const nocloudIsoTransport: VsphereTransportBuilder = ({
  ctx,
  args,
  vmName,
  documents,
  assignedMacAddresses,
}) => {
  const options = args.nocloudIso;
  if (options === undefined) throw new Error("vsphere.nocloudIso: required with transport nocloudIso");
  const iso = ctx.seedIsoWriter.noCloud(
    ctx.childName("seed-iso"),
    {
      path: options.localPath ?? `.bootstrapped-vm/${ctx.name}-seed.iso`,
      bootstrap: ctx.bootstrap,
      // Entries are undefined for interfaces the spec matches by name or MAC; the renderer ignores them.
      assignedMacAddresses: assignedMacAddresses as Maybe<string[]>,
    },
    ctx.childOptions,
  );
  const directory = options.directory ?? DEFAULT_SEED_DIRECTORY;
  const pathKey: Maybe<string | undefined> =
    options.pathKey === undefined ? undefined : pulumi.unsecret(pulumi.output(options.pathKey));
  // Plain on purpose: without secrets it is the content hash of public documents, with secrets an
  // HMAC under a key the state holds only encrypted (see the module comment).
  const destinationFile = mapMaybe(
    allMaybe<[string, string, RenderedDocuments, string | undefined]>([
      maybe(directory),
      vmName,
      isOutputLike(documents) ? pulumi.unsecret(documents) : documents,
      pathKey,
    ]),
    ([dir, vm, d, key]) => `${dir}/${vm}-seed-${seedFileToken(d, key)}.iso`,
  );
  const upload = new File(
    ctx.childName("seed-iso-file"),
    {
      sourceFile: iso.path,
      destinationFile,
      datastore: options.datastore,
      ...(options.datacenter !== undefined ? { datacenter: options.datacenter } : {}),
    },
    { ...ctx.childOptions, replaceOnChanges: FILE_REPLACE_ON_CHANGES },
  );
  const datastoreId = pulumi.output(args.datastoreId as pulumi.Input<string>);
  return {
    seedIso: iso,
    cdroms: pulumi
      .all([datastoreId, upload.destinationFile])
      .apply(([id, path]) => [{ datastoreId: id, path }]),
    description: pulumi.interpolate`vSphere VM "${toOutput(vmName)}": NoCloud seed ISO [${options.datastore}] ${upload.destinationFile}, attached as CD-ROM`,
  };
};

function isOutputLike<T>(value: Maybe<T>): value is pulumi.Output<T> {
  return pulumi.Output.isInstance(value);
}
