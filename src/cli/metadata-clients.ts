/**
 * Which VM a metadata request comes from, by its source address, and never by guesswork: an address
 * belongs to a spec when the spec has it as a static address (as a fleet plan writes them into every
 * member's `network`), or when the lease table gives it to one of the spec's MAC addresses. An address no
 * spec claims, or that two specs claim, belongs to nobody: its requests get 404 and the reason in the log.
 *
 * The index follows the directory: every request compares the directory's spec files (names, inodes, sizes,
 * modification times: `SeedStore.directoryKey`, no file read) and the lease file with what the index was
 * built from, and builds it again when anything changed (only changed specs are rendered again, as in
 * NoCloud mode). So a second spec claiming a known VM's address takes the address from both at once, and
 * removing one of them gives it back.
 */
import { lstatSync } from "node:fs";
import { fsErrorWords, unreadableWords } from "./errors";
import type { BootstrapSpec } from "../spec/types";
import { networkDevices } from "../spec/network-list";
import { renderConfigDriveTree } from "../render";
import { canonicalAddress, Lease, readLeaseTable } from "./lease-table";
import { metadataServiceTree, MetadataTree } from "./metadata-tree";
import { renderSpecDocuments } from "./render-documents";
import { SeedStore } from "./seed-store";

/** What the metadata service keeps of one spec: its tree and what identifies its VM. */
export interface MetadataVm {
  tree: MetadataTree;
  /** Canonical static addresses of every device in `network` (prefix dropped). */
  addresses: readonly string[];
  /** MAC addresses of the spec's NICs, bonds and VLANs (lower case). */
  macs: readonly string[];
}

/** Renders a spec for the metadata service: its config-drive documents, served as the service's tree. */
export function renderMetadataVm(spec: BootstrapSpec): MetadataVm {
  const docs = renderSpecDocuments(spec, [], "spec");
  const tree = metadataServiceTree(renderConfigDriveTree(spec, docs));
  const devices = networkDevices(spec);
  const addresses = devices
    .flatMap((d) => d.addresses ?? [])
    .map((a) => canonicalAddress(a.split("/")[0] as string))
    .filter((a): a is string => a !== undefined);
  const macs = devices
    .map((d) => ("macAddress" in d ? d.macAddress : undefined))
    .filter((m): m is string => typeof m === "string")
    .map((m) => m.toLowerCase());
  return { tree, addresses: [...new Set(addresses)], macs: [...new Set(macs)] };
}

export type ClientLookup =
  | { kind: "vm"; name: string; vm: MetadataVm }
  | { kind: "unknown"; why: string }
  /** `problems`: each names its file (the spec in DIR, or the lease table). */
  | { kind: "invalid"; problems: readonly string[] };

/** A lease file read again when it changes (size, mtime or inode). */
class LeaseFile {
  private key = "";
  private result: { leases: Lease[]; problems: string[] } = { leases: [], problems: [] };

  constructor(readonly path: string) {}

  /**
   * The current leases, or the problems of the current file (each line names it); `changed` when this read
   * differs from the last.
   */
  read(): { leases: Lease[]; problems: string[]; changed: boolean } {
    let key: string;
    try {
      const st = lstatSync(this.path);
      key = `${st.ino}:${st.size}:${st.mtimeMs}`;
      if (key !== this.key) this.result = readLeaseTable(this.path);
    } catch (err) {
      key = "unreadable";
      this.result = {
        leases: [],
        // As a spec that cannot be read (load-spec.ts): the error's words, not Node's (`ENOENT: ..., lstat`).
        problems: [`${this.path}: cannot read the lease table: ${unreadableWords(err)}`],
      };
    }
    const changed = key !== this.key;
    this.key = key;
    return { ...this.result, changed };
  }
}

interface Owner {
  name: string;
  /** How the address was claimed, for the log (`static address of web-01`, `leases: 52:54:... of web-01`). */
  via: string;
}

/**
 * The lease table as the index looks it up: each lease's place in the table by its MAC, and each lease by its
 * address (`parseLeaseTable` refuses a MAC or an address leased twice). Looking a spec's MACs up here, not
 * every lease for each spec, keeps a rebuild linear: 8,000 specs and leases took 64 million comparisons.
 */
interface LeaseIndex {
  leases: readonly Lease[];
  placeOf: ReadonlyMap<string, number>;
  byAddress: ReadonlyMap<string, Lease>;
}

function leaseIndex(leases: readonly Lease[]): LeaseIndex {
  const placeOf = new Map<string, number>();
  const byAddress = new Map<string, Lease>();
  leases.forEach((lease, i) => {
    placeOf.set(lease.mac, i);
    byAddress.set(lease.address, lease);
  });
  return { leases, placeOf, byAddress };
}

/** The leases of `vm`'s MACs, each once, in the order of the table. */
function leasesOf(vm: MetadataVm, index: LeaseIndex): Lease[] {
  const places = new Set<number>();
  for (const mac of vm.macs) {
    const i = index.placeOf.get(mac);
    if (i !== undefined) places.add(i);
  }
  return [...places].sort((a, b) => a - b).map((i) => index.leases[i] as Lease);
}

export class MetadataClients {
  private index = new Map<string, Owner[]>();
  /** The `directoryKey` the index was built from. */
  private indexKey: string | undefined;
  private readonly leaseFile?: LeaseFile;
  private leases: LeaseIndex = leaseIndex([]);

  constructor(
    readonly store: SeedStore<MetadataVm>,
    leasePath?: string,
  ) {
    if (leasePath !== undefined) this.leaseFile = new LeaseFile(leasePath);
  }

  /**
   * Reads the directory (and lease table) again and rebuilds the index. Returns the problems that stop the
   * server from starting: invalid specs or lease table, addresses two specs claim, leases no spec has.
   */
  rebuild(): { problems: string[]; warnings: string[] } {
    const problems: string[] = [];
    const warnings: string[] = [];
    // Taken before the directory is read: a change while it is read makes the next request build again.
    const key = this.store.directoryKey();
    if (this.leaseFile !== undefined) {
      const read = this.leaseFile.read();
      problems.push(...read.problems);
      this.leases = leaseIndex(read.leases);
    }
    const loaded = this.store.loadAll();
    problems.push(...loaded.problems);
    const index = new Map<string, Owner[]>();
    const claim = (address: string, owner: Owner) =>
      index.set(address, [...(index.get(address) ?? []), owner]);
    const leasedMacs = new Set<string>();
    // A spec that became invalid keeps the addresses it had, so its VM gets 500 and the reason, not a 404.
    const before = new Map<string, [string, Owner][]>();
    for (const [address, owners] of this.index)
      for (const owner of owners)
        before.set(owner.name, [...(before.get(owner.name) ?? []), [address, owner]]);
    for (const name of loaded.names) {
      const found = this.store.lookup(name);
      if (found.kind === "invalid")
        for (const [address, owner] of before.get(name) ?? []) claim(address, owner);
      if (found.kind !== "found") continue;
      const vm = found.files;
      for (const address of vm.addresses) claim(address, { name, via: `static address of ${name}` });
      const leased = leasesOf(vm, this.leases);
      for (const lease of leased) {
        leasedMacs.add(lease.mac);
        claim(lease.address, { name, via: `lease of ${lease.mac} (${name})` });
      }
      if (vm.addresses.length === 0 && leased.length === 0)
        warnings.push(
          `${name}: served to nobody: it has no static address and no lease for its MAC addresses`,
        );
    }
    for (const [address, owners] of index) {
      const names = [...new Set(owners.map((o) => o.name))];
      if (names.length > 1)
        problems.push(
          `${address} is claimed by ${owners.map((o) => o.via).join(" and ")}; fix: give every VM its own address`,
        );
    }
    for (const lease of this.leases.leases.filter((l) => !leasedMacs.has(l.mac)))
      warnings.push(`lease ${lease.mac} -> ${lease.address}: no spec has this MAC address`);
    this.index = index;
    this.indexKey = key;
    return { problems, warnings };
  }

  private claims(vm: MetadataVm, address: string): boolean {
    const lease = this.leases.byAddress.get(address);
    return vm.addresses.includes(address) || (lease !== undefined && vm.macs.includes(lease.mac));
  }

  /** The VM `remoteAddress` belongs to, with its current documents. */
  lookup(remoteAddress: string): ClientLookup {
    const address = canonicalAddress(remoteAddress) ?? remoteAddress;
    let stale = false;
    if (this.leaseFile !== undefined) {
      const read = this.leaseFile.read();
      if (read.problems.length > 0) return { kind: "invalid", problems: read.problems };
      stale = read.changed;
    }
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        if (stale || this.store.directoryKey() !== this.indexKey) this.rebuild();
        const owners = this.index.get(address) ?? [];
        const names = [...new Set(owners.map((o) => o.name))];
        if (names.length > 1)
          return {
            kind: "unknown",
            why: `${address} is claimed by ${owners.map((o) => o.via).join(" and ")}`,
          };
        const name = names[0];
        if (name === undefined) break;
        const found = this.store.lookup(name);
        if (found.kind === "invalid") return { kind: "invalid", problems: found.problems };
        if (found.kind === "found" && this.claims(found.files, address))
          return { kind: "vm", name, vm: found.files };
        // Its spec changed after the directory was compared: build the index again, once.
        stale = true;
      }
    } catch (err) {
      return {
        kind: "invalid",
        problems: [`${this.store.dir}: cannot read the directory: ${fsErrorWords(err)}`],
      };
    }
    return {
      kind: "unknown",
      why: `${address} is no VM's address (no spec has it as a static address${this.leaseFile ? " and no lease gives it to a spec's MAC" : ""})`,
    };
  }
}
