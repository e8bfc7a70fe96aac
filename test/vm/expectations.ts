/**
 * What a guest must show after booting from a seed rendered from `proofSpec(variant)`. Each function asserts
 * one part of the spec against the guest's report with jest's `expect`.
 */
import { hashPassword } from "../../src/render/password";
import { networkdValues, parseNetworkdSections } from "../conformance/network-expected";
import { cloudInitLogWarnings, FailedRename, renameRaceErrors } from "../helpers/rename-race";
import { GuestReport, IpAddressInfo, KernelRename } from "./guest-report";
import { NETWORK, PROOF_USER, ProofVariant, SETTINGS_FILE, settingsFileContent, SSH_KEY } from "./proof-spec";
import { GUEST_MAC } from "./qemu";
import type { ProofSeed } from "./proof-runs";
import { NetworkRenderer, SuiteInfo } from "./suites";

export interface CloudInitStatus {
  v1: Record<string, { errors?: unknown[] } | string | null | undefined>;
}

/**
 * `cloud-init status --long` says done (exit 0) from `datasource`, every stage recorded no errors, the
 * machine-readable status (22.4+) lists no errors and empty recoverable errors (23.4+), and the
 * log has no WARNING/ERROR/CRITICAL/DEPRECATED line, no deprecation and no traceback (on 20.4 and 22.4, which
 * have no recoverable_errors, degraded paths and deprecations log at WARNING: the log check covers them).
 */
export function expectCloudInitDone(
  report: GuestReport,
  datasource: string,
  suite: SuiteInfo,
  tolerated: readonly string[] = [],
): void {
  const status = report.text("cloud-init-status.txt");
  expect(status).toMatch(/^status: done$/m);
  // A recoverable error makes 23.4+'s `cloud-init status` exit 2; older releases only log the warning.
  expect(report.line("cloud-init-status.rc")).toBe(
    suite.recoverableErrors && tolerated.length > 0 ? "2" : "0",
  );
  expect(status).toContain(datasource);

  const result = report.json<{ v1: { datasource: string; errors: unknown[] } }>("result.json");
  expect(result.v1.errors).toEqual([]);
  expect(result.v1.datasource).toContain(datasource);
  const stages = report.json<CloudInitStatus>("status.json").v1;
  for (const stage of ["init-local", "init", "modules-config", "modules-final"]) {
    expect({ stage, recorded: typeof stages[stage] === "object" && stages[stage] !== null }).toEqual({
      stage,
      recorded: true,
    });
  }
  const stageErrors = Object.entries(stages)
    .filter(([, entry]) => typeof entry === "object" && entry !== null)
    .map(([stage, entry]) => ({ stage, errors: (entry as { errors?: unknown[] }).errors }));
  expect(stageErrors.filter((s) => !Array.isArray(s.errors) || s.errors.length > 0)).toEqual([]);

  if (suite.statusJson) {
    const json = report.json<{ status?: string; errors?: unknown[]; recoverable_errors?: unknown }>(
      "cloud-init-status.json",
    );
    expect(json.status).toBe("done");
    expect(json.errors).toEqual([]);
    const warnings = tolerated.length > 0 ? { WARNING: [...tolerated] } : {};
    expect(json.recoverable_errors).toEqual(suite.recoverableErrors ? warnings : undefined);
  }

  const problems = report
    .text("cloud-init.log")
    .split("\n")
    .filter((l) => /\[(WARNING|ERROR|CRITICAL|DEPRECATED)\]|Traceback|deprecat/i.test(l))
    .filter((l) => !tolerated.some((t) => l.endsWith(`[WARNING]: ${t.split("\n")[0] ?? ""}`)));
  expect(problems).toEqual([]);
}

/**
 * The warnings cloud-init recorded in a boot: the status's recoverable errors on 23.4+ (in their order there),
 * the log's WARNING records before.
 */
export function recordedWarnings(report: GuestReport, suite: SuiteInfo): string[] {
  return suite.recoverableErrors
    ? (report.json<{ recoverable_errors?: { WARNING?: string[] } }>("cloud-init-status.json")
        .recoverable_errors?.WARNING ?? [])
    : cloudInitLogWarnings(report.text("cloud-init.log"));
}

/** cloud-init's NetworkManager keyfile for `device` (25.1.4 net/network_manager.py `nm_conn_filename`). */
export function nmKeyfile(report: GuestReport, device: string): string {
  return report.text(`nm/cloud-init-${device}.nmconnection`);
}

/**
 * `nmcli -t -f DEVICE,TYPE,STATE,CONNECTION device status` of a report (bootproof-report writes it after
 * `nm-online -s --timeout=60`): each device's state and the profile it is connected to.
 */
function nmcliDevices(report: GuestReport): Map<string, { state: string; connection: string }> {
  return new Map(
    report
      .text("nmcli-device.txt")
      .split("\n")
      .map((l) => l.split(":"))
      .filter((f) => f.length === 4)
      .map(([device = "", , state = "", connection = ""]) => [device, { state, connection }]),
  );
}

/**
 * NetworkManager's start-up completed (`nm-online -s` exit 0 in the report) and every guest device but the
 * loopback is `connected` to cloud-init's profile for it (`cloud-init <device>`).
 */
export function expectNetworkManagerSettled(report: GuestReport): void {
  expect(report.line("nm-online.rc")).toBe("0");
  const devices = nmcliDevices(report);
  const guest = report
    .links()
    .map((l) => l.ifname)
    .filter((n) => n !== "lo");
  expect([...devices.keys()].filter((d) => d !== "lo").sort()).toEqual([...guest].sort());
  expect(guest.map((d) => [d, devices.get(d)])).toEqual(
    guest.map((d) => [d, { state: "connected", connection: `cloud-init ${d}` }]),
  );
}

/** A `Key: value` line of /proc/net/bonding/<bond> (the first one, the bond's own section). */
export function bondingField(text: string, key: string): string | undefined {
  return text
    .split("\n")
    .find((l) => l.startsWith(`${key}: `))
    ?.slice(key.length + 2)
    .trim();
}

/**
 * The warnings of cloud-init's first-boot NIC rename that lost a race with udev's own rename, each proven by
 * the guest: cloud-init read a NIC under the kernel's first name (`eth1`) and ran `ip link set eth1 name
 * nic1` while udev renamed it (`ens5: renamed from eth1` in the kernel log), so the device was gone ("Cannot
 * find device"); cloud-init renames it again in its network stage, and the NIC with that MAC ends up with the
 * asked name; or the NIC was missing from the list cloud-init read while udev renamed it ("[nic not present]"),
 * proven by udev's rename away from the asked name (`ens4: renamed from eth0`) or by the kernel log showing the
 * same device (`virtio2`) renamed by udev as well as to the asked name (networkd logs renames in the network
 * stage that the kernel log lacks), and it ends up with the asked name all the same (renameRaceErrors, both forms).
 * A warning may carry several such renames (one per NIC that lost the race); it is one of these
 * only when every rename in it is proven. Seen under TCG on 26.2 (docs/cloud-init-versions.md, Known
 * limits); any other warning, or a rename that did not end with the asked name, is not one of these. Read from
 * the status's recoverable errors on 23.4+, and from the log's WARNING records before (20.4's `cloud-init
 * status --format json` is empty, 22.4's has no recoverable errors).
 */
export function udevRenameRaces(report: GuestReport, suite: SuiteInfo): string[] {
  const warnings = recordedWarnings(report, suite);
  const renames = report.kernelRenames();
  // A bond member's `address` is the bond's MAC; its own is `permaddr` (ip -d link).
  const links = report.json<{ ifname: string; address?: string; permaddr?: string }[]>("ip-d-link.json");
  const endsAs = (mac: string, to: string): boolean =>
    links.find((l) => (l.permaddr ?? l.address)?.toLowerCase() === mac)?.ifname === to;
  // The device that was renamed to `to` was also renamed to another name: udev's rename beside cloud-init's.
  const renamedByUdevToo = (to: string): boolean => {
    const devices = new Set(renames.filter((r) => r.name === to).map((r) => r.device));
    return renames.some((r) => devices.has(r.device) && r.name !== to);
  };
  const proven = ({ from, to, mac, notPresent }: FailedRename): boolean =>
    (renames.some((r) => r.from === from) || (notPresent === true && renamedByUdevToo(to))) &&
    endsAs(mac, to);
  return warnings.filter((w) => renameRaceErrors(w)?.every(proven) ?? false);
}

/**
 * The window of the late-udev flavour (harness.ts `LATE_UDEV_FLAVOUR`), read from the guest's journal: udev
 * renamed the NIC `nic` to `udevName` (its first such rename) after systemd finished cloud-init's local stage,
 * and the network stage named the same device `nic` again after that. Throws, naming what the journal lacks,
 * when the boot missed it.
 */
export function lateUdevWindow(
  report: GuestReport,
  nic: string,
  udevName: string,
): { localDone: number; byUdev: KernelRename; back: KernelRename } {
  const localDone = report.finishedAt("cloud-init-local.service");
  if (localDone === undefined) throw new Error("the journal has no end of cloud-init-local.service");
  const renames = report.kernelRenames();
  const byUdev = renames.find((r) => r.from === nic && r.name === udevName);
  if (byUdev === undefined) throw new Error(`the kernel logged no rename from ${nic} to ${udevName}`);
  if (byUdev.at <= localDone)
    throw new Error(
      `udev renamed ${nic} to ${udevName} at ${byUdev.at}, before the local stage ended (${localDone})`,
    );
  const back = renames.find(
    (r) => r.device === byUdev.device && r.from === udevName && r.name === nic && r.at > byUdev.at,
  );
  if (back === undefined)
    throw new Error(
      `the kernel logged no rename of ${byUdev.device} back to ${nic} after udev's (${byUdev.at})`,
    );
  return { localDone, byUdev, back };
}

/** The instance-id the library rendered (meta-data `instance-id` / meta_data.json `uuid`) is the guest's. */
export function expectInstanceId(report: GuestReport, seed: ProofSeed): void {
  expect(seed.documents.instanceId).toMatch(/^iid-[0-9a-f]{20}$/);
  expect(report.line("instance-id")).toBe(seed.documents.instanceId);
}

export function expectHostname(report: GuestReport, variant: ProofVariant): void {
  expect(report.line("hostname.txt")).toBe(variant.hostname);
  expect(report.line("hostname-f.txt")).toBe(`${variant.hostname}.boot.example`);
}

/**
 * The user exists with its shell, groups, sudo rule and SSH key; /etc/shadow holds exactly the library's hash
 * of `shadowVariant`'s password, and the seed carried the hash of `seedVariant`'s.
 */
export function expectProofUser(
  report: GuestReport,
  seed: ProofSeed,
  seedVariant: ProofVariant,
  shadowVariant: ProofVariant = seedVariant,
): void {
  const passwd = report.entry("passwd", PROOF_USER);
  expect(passwd?.slice(4)).toEqual(["Boot Proof", `/home/${PROOF_USER}`, "/bin/bash"]);

  const seedHash = hashPassword(seedVariant.password, PROOF_USER);
  expect(seedHash).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
  const users = seed.documents.cloudConfig.users as ({ name?: string; hashed_passwd?: string } | string)[];
  const rendered = users.find(
    (u): u is { name: string; hashed_passwd: string } => typeof u === "object" && u.name === PROOF_USER,
  );
  expect(rendered?.hashed_passwd).toBe(seedHash);
  expect(report.entry("shadow", PROOF_USER)?.[1]).toBe(hashPassword(shadowVariant.password, PROOF_USER));

  const adm = report.entry("group", "adm");
  expect(adm?.[3]?.split(",")).toContain(PROOF_USER);
  expect(report.text(`users/${PROOF_USER}/sudo-l.txt`)).toMatch(/\(ALL\) NOPASSWD: ALL/);

  expect(
    report
      .text(`users/${PROOF_USER}/authorized_keys`)
      .split("\n")
      .filter((l) => l && !l.startsWith("#")),
  ).toEqual([SSH_KEY]);
  expect(report.line(`users/${PROOF_USER}/authorized_keys.stat`)).toBe(`${PROOF_USER}:${PROOF_USER} 600`);
}

export function expectSettingsFile(report: GuestReport, variant: ProofVariant): void {
  expect(report.inspectedStat(SETTINGS_FILE)).toEqual({ owner: PROOF_USER, group: "adm", mode: "640" });
  expect(report.inspectedContent(SETTINGS_FILE)).toBe(settingsFileContent(variant));
}

export function expectTimezone(report: GuestReport, variant: ProofVariant): void {
  expect(report.line("timezone.txt")).toBe(variant.timezone);
  expect(report.line("localtime-link.txt")).toBe(`/usr/share/zoneinfo/${variant.timezone}`);
}

/** The link-local address QEMU's user-mode network routes and advertises IPv6 from. */
const QEMU_ROUTER_LINK_LOCAL = "fe80::2";

function globalAddresses(addrs: IpAddressInfo[], family: "inet" | "inet6"): IpAddressInfo[] {
  return addrs.filter((a) => a.family === family && a.scope !== "link" && a.scope !== "host");
}

/** EUI-64 interface identifier of a MAC (what SLAAC derives an address from). */
export function slaacAddress(prefix: string, mac: string): string {
  const b = mac.split(":").map((h) => parseInt(h, 16));
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0] = b;
  const hex = (hi: number, lo: number): string => ((hi << 8) | lo).toString(16);
  return `${prefix}${hex(b0 ^ 2, b1)}:${hex(b2, 0xff)}:${hex(0xfe, b3)}:${hex(b4, b5)}`;
}

export interface NetworkExpectation {
  renderer: NetworkRenderer;
  /** Whether the network sent IPv6 router advertisements (QEMU's user network unless `ipv6=off`). */
  routerAdvertisements: boolean;
  /** Whether the spec gave the NIC its static IPv6 address and gateway (proof-spec.ts `ProofNetwork`). */
  staticIpv6: boolean;
}

/**
 * The NIC with the fixed MAC has exactly the spec's static addresses, default routes via the spec's gateways,
 * and the spec's DNS servers and search domain. Where QEMU's user network sends IPv6 router advertisements for
 * fec0::/64 (the spec leaves SLAAC unset, which keeps the kernel's default: accept them), the only other
 * addresses and routes allowed are the ones the kernel derives from those advertisements (flagged dynamic /
 * fe80::2, QEMU's router, as a next hop of the default route); without them, nothing else.
 */
export function expectStaticNetwork(report: GuestReport, net: NetworkExpectation): void {
  const link = report.linkByMac(GUEST_MAC);
  expect(link.operstate).toBe("UP");

  const v4 = globalAddresses(link.addr_info, "inet").map((a) => `${a.local}/${a.prefixlen}`);
  expect(v4).toEqual([`${NETWORK.ipv4}/${NETWORK.ipv4Prefix}`]);
  const v6 = globalAddresses(link.addr_info, "inet6");
  const v6Static = v6.filter((a) => !a.dynamic).map((a) => `${a.local}/${a.prefixlen}`);
  expect(v6Static).toEqual(net.staticIpv6 ? [`${NETWORK.ipv6}/${NETWORK.ipv6Prefix}`] : []);
  const fromRouterAdvertisements = v6.filter((a) => a.dynamic).map((a) => `${a.local}/${a.prefixlen}`);
  expect(fromRouterAdvertisements.filter((a) => a !== `${slaacAddress("fec0::", GUEST_MAC)}/64`)).toEqual([]);
  if (!net.routerAdvertisements) expect(fromRouterAdvertisements).toEqual([]);
  expect(v6.every((a) => !a.tentative)).toBe(true);

  // Other links carry no global addresses (only the loopback exists besides the NIC).
  const others = report.links().filter((l) => l.ifname !== link.ifname && l.ifname !== "lo");
  expect(others.map((l) => l.ifname)).toEqual([]);

  // networkd (also under netplan) marks its routes `static`; ifupdown adds them with `ip route`, the kernel's `boot`.
  const protocol = net.renderer === NetworkRenderer.Eni ? "boot" : "static";
  const defaults4 = report.routes4().filter((r) => r.dst === "default");
  expect(defaults4.map((r) => ({ gateway: r.gateway, dev: r.dev, protocol: r.protocol }))).toEqual([
    { gateway: NETWORK.gateway4, dev: link.ifname, protocol },
  ]);
  // IPv6: the spec's gateway; besides it only QEMU's router (fe80::2, the source of the advertisements).
  const hops6 = report.defaultNextHops(6);
  const spec6 = `${NETWORK.gateway6} ${link.ifname}`;
  const router6 = `${QEMU_ROUTER_LINK_LOCAL} ${link.ifname}`;
  if (net.staticIpv6) expect(hops6).toContain(spec6);
  else expect(hops6).not.toContain(spec6);
  expect(hops6.filter((h) => h !== spec6)).toEqual(
    net.routerAdvertisements && hops6.includes(router6) ? [router6] : [],
  );
  expect(report.routes6().filter((r) => r.dst === "default" && r.protocol === protocol)).toHaveLength(
    net.staticIpv6 ? 1 : 0,
  );

  // cloud-init rendered it from the datasource's network config (not its DHCP fallback).
  expect(report.text("cloud-init.log")).toContain("Applying network configuration from ds bringup=False");
  expect(report.text("cloud-init.log")).not.toContain("Applying network configuration from fallback");

  if (net.renderer === NetworkRenderer.Eni) {
    // ifupdown: cloud-init's file configures the NIC under its name; resolvconf wrote the DNS settings.
    expect(report.text("eni/50-cloud-init")).toMatch(new RegExp(`^iface ${link.ifname} inet static$`, "m"));
    const resolv = report.text("resolv.conf").split("\n");
    const values = (key: string): string[] =>
      resolv.filter((l) => l.startsWith(`${key} `)).flatMap((l) => l.split(/\s+/).slice(1));
    expect(values("nameserver")).toEqual([...NETWORK.nameservers]);
    expect(values("search")).toEqual([...NETWORK.searchDomains]);
    return;
  }
  if (net.renderer === NetworkRenderer.NetworkManager) {
    // cloud-init's keyfile (25.1.4 net/network_manager.py): the NIC matched by its MAC alone (`interface-name` is
    // written only for a device without one), both families `manual` with the spec's address and gateway; and
    // NetworkManager activated it.
    const keyfile = nmKeyfile(report, link.ifname);
    expect(networkdValues(keyfile, "ethernet")).toEqual({ "mac-address": [GUEST_MAC.toUpperCase()] });
    expect(networkdValues(keyfile, "connection")).not.toHaveProperty("interface-name");
    // Per family: method, address, the default route (`gateway=` from v1 and v2, `routeN=<default>,<via>` from
    // network_data.json, whose gateways are routes) and the family's DNS servers, each once.
    const families = [
      {
        family: "ipv4",
        address: `${NETWORK.ipv4}/${NETWORK.ipv4Prefix}`,
        via: NETWORK.gateway4,
        to: "0.0.0.0/0",
      },
      ...(net.staticIpv6
        ? [
            {
              family: "ipv6",
              address: `${NETWORK.ipv6}/${NETWORK.ipv6Prefix}`,
              via: NETWORK.gateway6,
              to: "::/0",
            },
          ]
        : []),
    ];
    for (const { family, address, via, to } of families) {
      const values = networkdValues(keyfile, family);
      const defaults = Object.entries(values)
        .filter(([key]) => /^route\d+$/.test(key))
        .flatMap(([, v]) => v)
        .filter((v) => v.startsWith(`${to},`))
        .map((v) => v.split(",")[1]);
      expect({
        family,
        method: values.method,
        address1: values.address1,
        defaults: [...(values.gateway ?? []), ...defaults],
      }).toEqual({
        family,
        method: ["manual"],
        address1: [address],
        defaults: [via],
      });
      expect({ family, dns: values.dns }).toEqual({
        family,
        dns: [`${NETWORK.nameservers.filter((a) => a.includes(":") === (family === "ipv6")).join(";")};`],
      });
    }
    expect(report.text("journal.txt")).toMatch(
      new RegExp(`NetworkManager\\[\\d+\\]: .*device \\(${link.ifname}\\): Activation: successful`),
    );
    // NetworkManager's start-up completed within bootproof-report's 60 s (`nm-online -s`).
    expect(report.line("nm-online.rc")).toBe("0");
  } else {
    // The systemd-networkd file (cloud-init's own, or netplan's in /run) matches the NIC by MAC and name;
    // netplan 0.106 by its permanent MAC (`PermanentMACAddress=`, as in the bond boot).
    const [networkFile, macKey] =
      net.renderer === NetworkRenderer.Netplan
        ? [`networkd-run/10-netplan-${link.ifname}.network`, "PermanentMACAddress"]
        : [`networkd/10-cloud-init-${link.ifname}.network`, "MACAddress"];
    const match = parseNetworkdSections(report.text(networkFile)).find((x) => x.name === "Match");
    expect(match?.entries).toEqual([
      [macKey, GUEST_MAC],
      ["Name", link.ifname],
    ]);
  }
  // systemd-resolved has the link's DNS (from networkd, or from NetworkManager over D-Bus).
  const dnsLine = report
    .text("resolvectl-dns.txt")
    .split("\n")
    .find((l) => l.includes(`(${link.ifname})`));
  expect(dnsLine?.split(":").slice(1).join(":").trim().split(/\s+/)).toEqual([...NETWORK.nameservers]);
  const domainLine = report
    .text("resolvectl-domain.txt")
    .split("\n")
    .find((l) => l.includes(`(${link.ifname})`));
  expect(domainLine?.split(":").slice(1).join(":").trim().split(/\s+/)).toEqual([...NETWORK.searchDomains]);
}

/**
 * `networkctl list` of a report (IDX LINK TYPE OPERATIONAL SETUP; bootproof-report writes it after
 * `systemd-networkd-wait-online --timeout=60`): each link's operational and setup state.
 */
export function networkctlStates(report: GuestReport): Map<string, [string, string]> {
  return new Map(
    report
      .text("networkctl-list.txt")
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length === 5 && /^\d+$/.test(f[0] ?? ""))
      .map(([, link = "", , operational = "", setup = ""]) => [link, [operational, setup]]),
  );
}

/**
 * What kept systemd-networkd from finishing: `systemd-networkd-wait-online`'s exit code (bootproof-report's
 * networkd-wait-online.rc: 0 when every managed link was configured within 60 s) and the links networkd still
 * had `configuring` after it.
 */
export function stillConfiguring(report: GuestReport): { waitOnline: string; configuring: string[] } {
  return {
    waitOnline: report.line("networkd-wait-online.rc"),
    configuring: [...networkctlStates(report)]
      .filter(([, [, setup]]) => setup === "configuring")
      .map(([l]) => l),
  };
}
