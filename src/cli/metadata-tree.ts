/**
 * The HTTP tree of an OpenStack metadata service for one VM, made from the config-drive tree
 * (`renderConfigDriveTree`), so the service answers exactly the documents the config drive carries:
 *
 * - `openstack` lists the OpenStack versions and `latest`, one a line (cloud-init reads it to pick a version:
 *   `cloudinit/sources/helpers/openstack.py` 22.4 lines 476-489); `openstack/<version>` lists that version's
 *   files; `openstack/<version>/<file>` is the config drive's file (`meta_data.json`, `user_data`,
 *   `vendor_data.json`, `vendor_data2.json`, `network_data.json`);
 * - the root lists the EC2 versions and `latest`; `<version>/meta-data/...` is the config drive's
 *   `ec2/<version>/meta-data.json` spread over the EC2 tree cloud-init's `MetadataMaterializer` walks
 *   (`cloudinit/sources/helpers/ec2.py` 22.4 lines 65-135): a listing line per key, `name/` for a subtree,
 *   `0=key-0` for a public key (its `0/openssh-key` holds the key, lines 96-105); `<version>/user-data` is
 *   the user data.
 *
 * Paths have no leading or trailing slash. Pure: the same tree gives the same bytes.
 */
import { EC2_METADATA_VERSIONS, OPENSTACK_METADATA_VERSIONS } from "../render";

export interface MetadataTree {
  /** Documents and EC2 leaves, by path. */
  files: ReadonlyMap<string, Buffer>;
  /** Directory listings, by path (`""` is the root). */
  listings: ReadonlyMap<string, Buffer>;
}

function lines(names: readonly string[]): Buffer {
  return Buffer.from(names.join("\n"), "utf8");
}

/** An EC2 leaf as the EC2 metadata service writes it: text as is, numbers in decimal, lists one item a line. */
function leaf(value: unknown): Buffer {
  if (Array.isArray(value)) return lines(value.map(String));
  return Buffer.from(String(value), "utf8");
}

/** Spreads an EC2 meta-data object over `files` and `listings` under `dir`. */
function spreadEc2(
  value: Record<string, unknown>,
  dir: string,
  files: Map<string, Buffer>,
  listings: Map<string, Buffer>,
): void {
  const names: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const child = value[key];
    const path = `${dir}/${key}`;
    if (child !== null && typeof child === "object" && !Array.isArray(child)) {
      spreadEc2(child as Record<string, unknown>, path, files, listings);
      names.push(`${key}/`);
    } else {
      files.set(path, leaf(child));
      names.push(key);
    }
  }
  if (dir.endsWith("/meta-data/public-keys")) {
    // The key index listing names each key: `<index>=<name>` (the config drive's `keys[].name`).
    const indexes = Object.keys(value).sort((a, b) => Number(a) - Number(b));
    listings.set(dir, lines(indexes.map((i) => `${i}=key-${i}`)));
  } else listings.set(dir, lines(names));
}

/** The metadata service's tree for one VM, from its config-drive tree (paths without a leading slash). */
export function metadataServiceTree(configDrive: ReadonlyMap<string, Buffer>): MetadataTree {
  const files = new Map<string, Buffer>();
  const listings = new Map<string, Buffer>();
  const osVersions = [...OPENSTACK_METADATA_VERSIONS, "latest"];
  listings.set("openstack", lines(osVersions));
  for (const version of osVersions) {
    const prefix = `openstack/${version}/`;
    const names = [...configDrive.keys()]
      .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes("/"))
      .map((p) => p.slice(prefix.length))
      .sort();
    for (const name of names) files.set(`${prefix}${name}`, configDrive.get(`${prefix}${name}`) as Buffer);
    listings.set(`openstack/${version}`, lines(names));
  }
  const ec2Versions = [...EC2_METADATA_VERSIONS, "latest"];
  listings.set("", lines(ec2Versions));
  for (const version of ec2Versions) {
    const md = configDrive.get(`ec2/${version}/meta-data.json`);
    const ud = configDrive.get(`ec2/${version}/user-data`);
    if (md === undefined) continue;
    spreadEc2(
      JSON.parse(md.toString("utf8")) as Record<string, unknown>,
      `${version}/meta-data`,
      files,
      listings,
    );
    if (ud !== undefined) files.set(`${version}/user-data`, ud);
    listings.set(version, lines(ud === undefined ? ["meta-data/"] : ["meta-data/", "user-data"]));
  }
  return { files, listings };
}

/** Characters a metadata path may hold; anything else (`%`, `\`, control bytes) is no path of the tree. */
const PATH_CHARS = /^[A-Za-z0-9._=/-]*$/;

export type TreeAnswer =
  | { kind: "file"; path: string; body: Buffer }
  | { kind: "listing"; path: string; body: Buffer }
  | { kind: "bad"; why: string }
  | { kind: "missing" };

/**
 * The answer of `tree` to the request path `path` (with its leading slash, without a query). A listing
 * answers with or without a trailing slash, as Nova's does; `.` and `..` segments, empty segments inside
 * the path and percent-encoding are refused (the tree is a map, never the file system).
 */
export function lookupMetadata(tree: MetadataTree, path: string): TreeAnswer {
  if (!PATH_CHARS.test(path)) return { kind: "bad", why: "the path holds characters no metadata path has" };
  const inner = path.replace(/^\//, "").replace(/\/$/, "");
  const segments = inner === "" ? [] : inner.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) {
    return { kind: "bad", why: "empty, . or .. path segments are not served" };
  }
  const listing = tree.listings.get(inner);
  if (listing !== undefined) return { kind: "listing", path: inner, body: listing };
  const file = path.endsWith("/") ? undefined : tree.files.get(inner);
  if (file !== undefined) return { kind: "file", path: inner, body: file };
  return { kind: "missing" };
}
