/**
 * The OpenStack platform: one Neutron port per `networks` entry (`${name}-port-<i>`) carrying the spec
 * interface's static addresses, and one `openstack.compute.Instance` (`${name}-instance`) on those ports
 * with `configDrive: true`, the rendered user-data and Nova metadata holding the content hash.
 *
 * Updates, honestly: Nova cannot change a server's user data, so a changed user-data replaces the server
 * under either `onChange` policy (the provider marks `userData` as forcing a new server). Metadata
 * updates in place. `onChange: replace` additionally replaces the server when anything in the content
 * hash changes (metadata-only or network changes too), through `replaceOnChanges` on the hash's key.
 * `rerun` keeps the server for those: cloud-init's instance-id on OpenStack is the server's UUID, so
 * cloud-init runs again exactly when the server is new.
 *
 * Replacement order (pulumi-openstack 3.15.2 = terraform-provider-openstack 1.54.1, see
 * docs/openstack.md for the whole table): the engine keeps the provider's `deleteBeforeReplace` for a
 * replacement it derives from `replaceOnChanges` (pulumi/pulumi pkg/resource/deploy/step_generator.go,
 * `applyReplaceOnChanges` keeps `diff.DeleteBeforeReplace`, 3170-3260; a user option
 * overrides it, 2043-2046), and the bridge reports `deleteBeforeReplace` only with its own
 * replacements (pulumi-terraform-bridge v3.79.0 pkg/tfbridge/provider.go:954-955). Left alone, a
 * `replace` would create the new server on ports the old one still holds (Nova: PortInUse), and a port
 * replaced for a new MAC (`mac_address` is ForceNew, resource_openstack_networking_port_v2.go:71-76)
 * would be created beside the old one holding the same fixed IP. So the server is deleted before its
 * replacement whenever it uses our ports or block devices, and a port is deleted before its
 * replacement; the engine then deletes the server on it first, as `network[].port` is ForceNew
 * (resource_openstack_compute_instance_v2.go:162-167; step_generator.go `calculateDependentReplacements`).
 */
import type * as openstackSdk from "@pulumi/openstack";
import * as pulumi from "@pulumi/pulumi";
import { OnChange } from "../platform-args";
import { inputPropertiesError, platformProblems, prefixProblems } from "../../core/errors";
import { allMaybe, isOutput, mapMaybe, maybe, type Maybe } from "../../core/maybe";
import { secretIf } from "../../core/secrets";
import type { RenderedDocuments } from "../../render/types";
import { validateSpec } from "../../render/validate-spec";
import { loadOptionalPeer } from "../optional-peer";
import type { Platform } from "../platform";
import type { OpenstackNetworkArgs } from "./args";
import { CONTENT_HASH_METADATA_KEY, metadataProblems, serverMetadata } from "./metadata";
import { plannedFixedIps } from "./ports";
import { novaUserData } from "./user-data";
import { specOnOpenstackProblems, validateOpenstackArgs } from "./validate";

/** Server arguments copied unchanged when set. */
const PLAIN_SERVER_ARGS = [
  "flavorName",
  "flavorId",
  "imageName",
  "imageId",
  "blockDevices",
  "availabilityZone",
  "keyPair",
  "securityGroups",
  "tags",
  "region",
] as const;

/** The port for a `networks` entry, carrying the static addresses and MAC of the spec interface of its index. */
function createPort(
  network: OpenstackNetworkArgs,
  addresses: Maybe<unknown>,
  macAddress: Maybe<unknown>,
  checked: Maybe<true>,
  region: pulumi.Input<string> | undefined,
  opts: pulumi.CustomResourceOptions,
  name: string,
): openstackSdk.networking.Port {
  // The port waits on the spec's check, so an invalid spec creates no port. A preview creates nothing, and
  // there the check (which needs the whole spec) is unknown whenever any spec value is: waiting on it would
  // show the fixed IPs unknown, an update the deployment does not make.
  const gate = pulumi.runtime.isDryRun() ? true : checked;
  const fixedIps = pulumi
    .all([addresses, network.subnetId, network.ipv6SubnetId, gate])
    .apply(([a, v4, v6]) => {
      // Unchecked in a preview: a spec known only now may hold anything there (its check fails the server).
      const list: unknown = a;
      const ips = plannedFixedIps(Array.isArray(list) ? list.filter((x) => typeof x === "string") : []);
      if (ips.length === 0) return undefined;
      return ips.map((ip) => ({
        subnetId: (ip.family === "ipv4" ? v4 : v6) as string,
        ipAddress: ip.ipAddress,
      }));
    });
  const openstack = loadOptionalPeer<typeof openstackSdk>("@pulumi/openstack", "openstack");
  return new openstack.networking.Port(
    name,
    {
      networkId: network.networkId,
      // Outputs that resolve to undefined leave the value to Neutron (allocated IPs, assigned MAC).
      fixedIps: fixedIps as pulumi.Output<openstackSdk.types.input.networking.PortFixedIp[]>,
      // Taken on its own (`specValue`), like the addresses: `macAddress` forces a new port, and so a new
      // server, so an unknown one would show a replacement in a preview where only another value of the
      // spec is unknown. The port still waits on the spec's check through `fixedIps`.
      macAddress: macAddress as pulumi.Input<string>,
      ...(network.securityGroupIds !== undefined ? { securityGroupIds: network.securityGroupIds } : {}),
      ...(network.portSecurityEnabled !== undefined
        ? { portSecurityEnabled: network.portSecurityEnabled }
        : {}),
      ...(region !== undefined ? { region } : {}),
    },
    // Replacing a port (new MAC, network or region) must free its fixed IP and MAC first.
    { ...opts, deleteBeforeReplace: true },
  );
}

export const openstackPlatform: Platform<"openstack"> = {
  key: "openstack",
  validate: validateOpenstackArgs,
  freeFormMaps: [["metadata"]],
  deploy(args, ctx) {
    // Secret when the network config is (a secret address input): so are the ports' fixed IPs and MACs.
    const spec = ctx.spec;
    const networks = args.networks ?? [];
    // A spec (and metadata) known at construction passed `validate`. One known only now gets the same
    // checks when it resolves: the spec's own rules, then what this platform cannot do (ports, bonds,
    // VLANs, bridges, user-data over Nova's limit, metadata Nova refuses). Every port and server input
    // waits on them, so an invalid spec creates nothing; a failure names the property paths, as
    // `validate` would have.
    const platformMetadata = maybe(args.metadata ?? {}) as Maybe<Record<string, string>>;
    const checked: Maybe<true> =
      isOutput(spec) || isOutput(platformMetadata)
        ? pulumi.all([spec, platformMetadata]).apply(([s, m]) => {
            const specProblems = isOutput(spec) ? validateSpec(s) : [];
            const problems =
              specProblems.length > 0
                ? prefixProblems("bootstrap", specProblems)
                : platformProblems(
                    "openstack",
                    isOutput(spec)
                      ? specOnOpenstackProblems(s, args, m)
                      : metadataProblems(m, s.metadata ?? {}),
                  );
            if (problems.length > 0) ctx.fail(inputPropertiesError(problems));
            return true as const;
          })
        : true;
    const ports = networks.map((network, i) =>
      createPort(
        network,
        ctx.specValue(["network", "interfaces", i, "addresses"]),
        ctx.specValue(["network", "interfaces", i, "macAddress"]),
        checked,
        args.region,
        ctx.childOptions,
        ctx.childName(`port-${i}`),
      ),
    );
    const assignedMacAddresses = pulumi.all(ports.map((p) => p.macAddress));
    const documents = ctx.render(assignedMacAddresses.apply((macs) => ({ assignedMacAddresses: macs })));
    // Its size and the metadata were checked before the ports (`validate`, or `checked`).
    const userData = mapMaybe(
      allMaybe<[RenderedDocuments, true]>([documents, checked]),
      ([d]) => novaUserData(d).value,
    );
    const containsSecrets = mapMaybe(documents, (d) => d.containsSecrets);
    // The map carries the content hash, derived from the documents: a secret when they hold secrets.
    const metadata = mapMaybe(
      allMaybe<[RenderedDocuments, Record<string, string>, true]>([documents, platformMetadata, checked]),
      ([d, m]) => {
        const merged = serverMetadata(m, d.metadata, d.contentHash);
        return d.containsSecrets ? pulumi.secret(merged) : merged;
      },
    );

    const serverArgs: openstackSdk.compute.InstanceArgs = {
      name: args.name ?? ctx.name,
      configDrive: true,
      userData: secretIf(containsSecrets, userData),
      metadata,
    };
    for (const key of PLAIN_SERVER_ARGS) {
      if (args[key] !== undefined) (serverArgs as Record<string, unknown>)[key] = args[key];
    }
    if (ports.length > 0) {
      serverArgs.networks = ports.map((p) => ({ port: p.id }));
      // The ports outlive the server; detach them before it is deleted so a replacement finds them free
      // (resource_openstack_compute_instance_v2.go:1153-1180, "helpful when the port is not deleted").
      serverArgs.vendorOptions = { detachPortsBeforeDestroy: true };
    }
    const openstack = loadOptionalPeer<typeof openstackSdk>("@pulumi/openstack", "openstack");
    const server = new openstack.compute.Instance(ctx.childName("instance"), serverArgs, {
      ...ctx.childOptions,
      ...(ctx.onChange === OnChange.Replace
        ? { replaceOnChanges: [`metadata[${JSON.stringify(CONTENT_HASH_METADATA_KEY)}]`] }
        : {}),
      // A new server needs the ports (and volumes) the old one holds: delete the old one first.
      ...(ports.length > 0 || args.blockDevices !== undefined ? { deleteBeforeReplace: true } : {}),
    });

    const deliveredTo = pulumi.interpolate`OpenStack server ${serverArgs.name}: config drive (openstack/latest/user_data; meta_data.json meta["${CONTENT_HASH_METADATA_KEY}"]); network_data.json written by Nova from ${ports.length} port(s)`;
    const reportedAddresses = pulumi
      .all([server.accessIpV4, server.accessIpV6])
      .apply((ips) => ips.filter((ip): ip is string => typeof ip === "string" && ip !== ""));
    return {
      documents,
      deliveredTo,
      target: server,
      resources: { openstackInstance: server, openstackPorts: ports },
      reportedAddresses,
    };
  },
};
