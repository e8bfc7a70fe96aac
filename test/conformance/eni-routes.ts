/**
 * Where cloud-init's ENI renderer put each route: every subnet is its own `iface` stanza, brought up in
 * file order, with its routes as `post-up route add ... || true` (`cloudinit/net/eni.py` `_render_route`,
 * `_render_iface`, 25.1.4 lines 372-491), or from 25.3 on, where the system has `ip`, as
 * `post-up ip [-family inet6] route add ... via ... || true` (26.2 lines 465-544). A route can only be added
 * once its next hop is on a subnet that is up, so it must sit in a stanza of its own family (`inet` /
 * `inet6`) and, where one of the interface's static addresses holds the next hop, in that address's stanza.
 */
import ipaddr from "ipaddr.js";

interface Stanza {
  iface: string;
  family: "ipv4" | "ipv6";
  address?: string;
  routes: { line: string; family: "ipv4" | "ipv6"; via: string }[];
}

function stanzas(eni: string): Stanza[] {
  const out: Stanza[] = [];
  for (const line of eni.split("\n")) {
    const start = /^iface (\S+) (inet6?) /.exec(line);
    if (start) {
      out.push({
        iface: (start[1] ?? "").split(":")[0] ?? "",
        family: start[2] === "inet6" ? "ipv6" : "ipv4",
        routes: [],
      });
      continue;
    }
    const current = out[out.length - 1];
    if (current === undefined || !/^\s/.test(line)) continue;
    const address = /^\s+address (\S+)/.exec(line);
    if (address) current.address = address[1];
    const route = eniRoute(line);
    if (route) current.routes.push({ line: line.trim(), ...route });
  }
  return out;
}

/** A `post-up` route line of either form: its family (that of its next hop) and next hop. */
export function eniRoute(line: string): { family: "ipv4" | "ipv6"; via: string } | undefined {
  const m = /^\s*post-up (?:route add .* gw|ip (?:-family inet6 )?route add .* via) (\S+)/.exec(line);
  if (!m) return undefined;
  const via = m[1] ?? "";
  return { family: via.includes(":") ? "ipv6" : "ipv4", via };
}

function holds(cidr: string | undefined, ip: string): boolean {
  if (cidr === undefined || !cidr.includes("/") || !ipaddr.isValid(ip)) return false;
  const [net, bits] = ipaddr.parseCIDR(cidr);
  const hop = ipaddr.parse(ip);
  return net.kind() === hop.kind() && hop.match(net, bits);
}

/** The `post-up route add` lines of an ENI file that sit in a stanza that cannot reach their next hop. */
export function misplacedEniRoutes(eni: string): string[] {
  const all = stanzas(eni);
  return all.flatMap((s) =>
    s.routes
      .filter((r) => {
        if (r.family !== s.family) return true;
        const holder = all.find(
          (o) => o.iface === s.iface && o.family === r.family && holds(o.address, r.via),
        );
        return holder !== undefined && holder !== s;
      })
      .map((r) => `iface ${s.iface} ${s.family === "ipv6" ? "inet6" : "inet"}: ${r.line}`),
  );
}
