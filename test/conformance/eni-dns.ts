/**
 * The DNS cloud-init's ENI renderer wrote: per interface, the families of its stanzas (`iface eth0 inet6
 * static`, `lo` is `inet`) and the `dns-nameservers` / `dns-search` values of those stanzas, which the
 * guest's resolvconf merges into one resolv.conf as each stanza comes up. From 25.2 a stanza keeps only the
 * name servers of its own family, and from 26.1 only the search domains of a stanza that kept a name server
 * (`cloudinit/net/eni.py` 26.2 lines 74-165, `_iface_add_subnet`; canonical/cloud-init#6331, #6535).
 */
export type Family = "ipv4" | "ipv6";

export interface EniDns {
  families: Set<Family>;
  /** Whether one of its stanzas is `static` (an address of its own). */
  static: boolean;
  nameservers: Set<string>;
  search: Set<string>;
}

/** The DNS of each interface of an ENI file, by interface name (`lo` included). */
export function eniDns(eni: string): Map<string, EniDns> {
  const out = new Map<string, EniDns>();
  let current: EniDns | undefined;
  for (const line of eni.split("\n")) {
    const start = /^iface (\S+) (inet6?) (\S+)/.exec(line);
    if (start) {
      const name = (start[1] ?? "").split(":")[0] ?? "";
      current = out.get(name) ?? {
        families: new Set(),
        static: false,
        nameservers: new Set(),
        search: new Set(),
      };
      current.families.add(start[2] === "inet6" ? "ipv6" : "ipv4");
      if (start[3] === "static") current.static = true;
      out.set(name, current);
      continue;
    }
    if (!/^\s/.test(line)) {
      current = undefined;
      continue;
    }
    const dns = /^\s+dns-(nameservers|search) (.*)$/.exec(line);
    if (current === undefined || !dns) continue;
    const values = (dns[2] ?? "").trim().split(/\s+/);
    for (const v of values) (dns[1] === "nameservers" ? current.nameservers : current.search).add(v);
  }
  return out;
}
