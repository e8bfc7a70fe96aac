/**
 * Reads the report a booted guest wrote (see guest/bootproof-report) into plain values the tests assert on.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface IpAddressInfo {
  family: "inet" | "inet6";
  local: string;
  prefixlen: number;
  scope: string;
  dynamic?: boolean;
  tentative?: boolean;
}

export interface IpLink {
  ifname: string;
  address?: string;
  operstate?: string;
  addr_info: IpAddressInfo[];
}

export interface IpNextHop {
  gateway?: string;
  dev?: string;
}

export interface IpRoute extends IpNextHop {
  dst: string;
  protocol?: string;
  metric?: number;
  /** A multipath route (the kernel merges IPv6 routes of equal metric) lists its hops here. */
  nexthops?: IpNextHop[];
}

/**
 * `ip -j route` leaves out the protocol of routes with protocol `boot` (RTPROT_BOOT, what `ip route add`
 * without `proto` gives, e.g. ifupdown's): iproute2's print_route prints it only when it is not `boot` or with
 * `-d` (ip/iproute.c). Put it back, so a route reads the same from every guest.
 */
function withProtocol(routes: IpRoute[]): IpRoute[] {
  return routes.map((r) => (r.protocol === undefined ? { ...r, protocol: "boot" } : r));
}

export interface StatResult {
  owner: string;
  group: string;
  mode: string;
}

/** A NIC rename as the kernel logs it: `[  62.95] host kernel: virtio_net virtio2 ens4: renamed from eth0`. */
export interface KernelRename {
  /** Seconds into the boot (the journal's monotonic clock). */
  at: number;
  /** The device (`virtio2`): the same for every rename of one NIC. */
  device: string;
  name: string;
  from: string;
}

export class GuestReport {
  constructor(readonly dir: string) {}

  has(name: string): boolean {
    return existsSync(join(this.dir, name));
  }

  text(name: string): string {
    const path = join(this.dir, name);
    if (!existsSync(path)) throw new Error(`the guest report has no ${name} (report dir ${this.dir})`);
    return readFileSync(path, "utf8");
  }

  /** The names of the files the report holds in its directory `dir`, sorted. */
  files(dir: string): string[] {
    const path = join(this.dir, dir);
    if (!existsSync(path)) throw new Error(`the guest report has no ${dir} (report dir ${this.dir})`);
    return readdirSync(path).sort();
  }

  line(name: string): string {
    return this.text(name).trim();
  }

  json<T>(name: string): T {
    return JSON.parse(this.text(name)) as T;
  }

  /** The `name:...` line of a colon-separated database (`passwd`, `shadow`, `group`), split into fields. */
  entry(database: "passwd" | "shadow" | "group", name: string): string[] | undefined {
    return this.text(database)
      .split("\n")
      .map((l) => l.split(":"))
      .find((fields) => fields[0] === name);
  }

  links(): IpLink[] {
    return this.json<IpLink[]>("ip-addr.json");
  }

  /** The link whose MAC address is `mac` (the NIC the spec matched by MAC). */
  linkByMac(mac: string): IpLink {
    const link = this.links().find((l) => l.address?.toLowerCase() === mac.toLowerCase());
    if (!link) throw new Error(`no guest interface has MAC ${mac}; ip addr: ${this.text("ip-addr.json")}`);
    return link;
  }

  routes4(): IpRoute[] {
    return withProtocol(this.json<IpRoute[]>("ip-route.json"));
  }

  routes6(): IpRoute[] {
    return withProtocol(this.json<IpRoute[]>("ip-6-route.json"));
  }

  /** Every next hop of the default routes of a family, multipath routes flattened, as `gateway dev`. */
  defaultNextHops(family: 4 | 6): string[] {
    const routes = family === 4 ? this.routes4() : this.routes6();
    return routes
      .filter((r) => r.dst === "default")
      .flatMap((r) => r.nexthops ?? [r])
      .map((h) => `${h.gateway ?? "-"} ${h.dev ?? "-"}`);
  }

  /** `stat` of a path listed in the boot's inspect paths, or undefined when the path did not exist. */
  inspectedStat(path: string): StatResult | undefined {
    const raw = this.line(`inspect/${inspectName(path)}.stat`);
    if (raw === "missing") return undefined;
    const [ownerGroup = "", mode = ""] = raw.split(" ");
    const [owner = "", group = ""] = ownerGroup.split(":");
    return { owner, group, mode };
  }

  inspectedContent(path: string): string | undefined {
    const name = `inspect/${inspectName(path)}.content`;
    return this.has(name) ? this.text(name) : undefined;
  }

  /** Every NIC rename in the journal, in its order (by udev, by cloud-init, by anyone). */
  kernelRenames(): KernelRename[] {
    return this.journalLines().flatMap(({ at, message }) => {
      const m = /^\S+ kernel: \S+ (\S+) (\S+): renamed from (\S+)$/.exec(message);
      return m ? [{ at, device: m[1] ?? "", name: m[2] ?? "", from: m[3] ?? "" }] : [];
    });
  }

  /**
   * When systemd logged `Finished <unit> - <description>` (seconds into the boot, the journal's monotonic clock,
   * as `kernelRenames`), or undefined when it did not. systemd names the unit there from 249 on (its
   * `StatusUnitFormat=combined` default; bullseye's 247 writes the description only).
   */
  finishedAt(unit: string): number | undefined {
    return this.journalLines().find(({ message }) => message.includes(` systemd[1]: Finished ${unit} `))?.at;
  }

  /** The journal's lines (`journalctl -o short-monotonic`): seconds into the boot, and the rest of the line. */
  private journalLines(): { at: number; message: string }[] {
    return [...this.text("journal.txt").matchAll(/^\[\s*([0-9.]+)\] (.*)$/gm)].map((m) => ({
      at: Number(m[1]),
      message: m[2] ?? "",
    }));
  }

  /** The current instance's semaphores (`config_runcmd`, ...) with their modification times (epoch seconds). */
  semaphores(): Map<string, number> {
    const entries = this.text("semaphores.txt")
      .split("\n")
      .map((l) => l.trim().split(" "))
      .filter((fields): fields is [string, string] => fields.length === 2 && /^\d+$/.test(fields[0] ?? ""))
      .map(([mtime, name]): [string, number] => [name, Number(mtime)]);
    return new Map(entries);
  }
}

function inspectName(path: string): string {
  return path.replace(/\//g, "_");
}
