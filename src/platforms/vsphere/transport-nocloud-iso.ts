/**
 * `nocloudIso` transport, for images whose cloud-init is older than 21.3 (no VMware datasource):
 * a NoCloud seed ISO (`cidata`) is written on the machine running `pulumi up` (`NoCloudSeedIso`,
 * never during preview), uploaded with the vSphere File resource and attached as the first CD-ROM.
 * The File resource keeps no checksum, so the datastore path holds the content hash: new content is
 * a new file (the File is replaced, the VM's CD-ROM points at the new path, the old file is deleted).
 */
import * as pulumi from "@pulumi/pulumi";
import { allMaybe, mapMaybe, maybe, type Maybe } from "../../component/maybe";
import { File } from "../../providers/vsphere";
import type { RenderedDocuments } from "../../render/types";
import { NoCloudSeedIso } from "../../seed-image";
import type { VsphereTransportBuilder } from "./transport";

/** Default folder on the datastore for seed ISOs. */
export const DEFAULT_SEED_DIRECTORY = "bootstrapped-vm";

export const nocloudIsoTransport: VsphereTransportBuilder = ({
  ctx,
  args,
  vmName,
  documents,
  assignedMacAddresses,
}) => {
  const options = args.nocloudIso;
  if (options === undefined) throw new Error("vsphere.nocloudIso: required with transport nocloudIso");
  const iso = new NoCloudSeedIso(
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
  const destinationFile = mapMaybe(
    allMaybe<[string, string, RenderedDocuments]>([maybe(directory), vmName, documents]),
    ([dir, vm, d]) => {
      // The name carries part of the content hash: a secret when the documents hold secrets.
      const file = `${dir}/${vm}-seed-${d.contentHash.slice(0, 16)}.iso`;
      return d.containsSecrets ? pulumi.secret(file) : file;
    },
  );
  const upload = new File(
    ctx.childName("seed-iso-file"),
    {
      sourceFile: iso.path,
      destinationFile,
      datastore: options.datastore,
      ...(options.datacenter !== undefined ? { datacenter: options.datacenter } : {}),
      createDirectories: true,
    },
    ctx.childOptions,
  );
  const datastoreId = pulumi.output(args.datastoreId as pulumi.Input<string>);
  return {
    seedIso: iso,
    cdroms: pulumi
      .all([datastoreId, upload.destinationFile])
      .apply(([id, path]) => [{ datastoreId: id, path }]),
    description: pulumi.interpolate`vSphere VM "${vmName}": NoCloud seed ISO [${options.datastore}] ${upload.destinationFile}, attached as CD-ROM`,
  };
};
