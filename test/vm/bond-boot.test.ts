/**
 * The bond boot: a bookworm guest (cloud-init 22.4) with two NICs boots from the library's NoCloud seed
 * (network config v2) and brings up an active-backup bond over both NICs carrying an untagged static address
 * and the default route, and a tagged VLAN on the bond with its own static IPv4 and IPv6 addresses and a route.
 * The guest is the bookworm image's `netplan` flavour: cloud-init renders netplan YAML and netplan writes
 * systemd-networkd's .netdev/.network files (cloud-init's own networkd renderer writes no .netdev before 25.2,
 * docs/spec.md). Asserted from inside the guest: /proc/net/bonding, `ip -d link`, addresses, routes, DNS, and a
 * cloud-init run without warnings. Run with `npm run test:vm` (BOOTPROOF_SUITES must include bookworm).
 */
import { join } from "node:path";
import { rmSync } from "node:fs";
import { BondMode, BootstrapSpec } from "../../src/spec/types";
import { expectCloudInitDone } from "./expectations";
import { GuestReport, IpAddressInfo } from "./guest-report";
import { bootSuiteGuest, GuestBoot, handled, NETPLAN_FLAVOUR, RUNS_DIR, runDir, timings } from "./harness";
import { killAllGuests } from "./qemu";
import { EXPECTED_DATASOURCE, SeedKind, WrittenSeed, writeSeed } from "./seeds";
import { selectedSuites, Suite, SUITES } from "./suites";

/** The two NICs, in PCI order; the specs make the second one the bond's primary. */
const NIC_A = "52:54:00:b0:0d:01";
const NIC_B = "52:54:00:b0:0d:02";
const BOND = { name: "bond0", address: "10.0.2.15/24", gateway: "10.0.2.2", nameserver: "10.0.2.3" };
const VLAN = {
  name: "bond0.100",
  id: 100,
  addresses: ["192.168.100.15/24", "fd00:100::15/64"],
  route: { to: "198.51.100.0/24", via: "192.168.100.1" },
};

/**
 * The bond and VLAN spec; `names` gives the NICs names (members and primary then refer to them by name), else
 * they are matched and referred to by MAC.
 */
function bondSpec(names?: [string, string]): BootstrapSpec {
  const [refA, refB] = names ?? [NIC_A, NIC_B];
  return {
    hostname: "bond-proof",
    cloudInit: { minVersion: SUITES[Suite.Bookworm].cloudInit },
    dns: { nameservers: [BOND.nameserver], searchDomains: ["boot.example"] },
    network: {
      interfaces: [
        { macAddress: NIC_A, ...(names ? { name: names[0] } : {}) },
        { macAddress: NIC_B, ...(names ? { name: names[1] } : {}) },
      ],
      bonds: [
        {
          name: BOND.name,
          interfaces: [refA, refB],
          mode: BondMode.ActiveBackup,
          miimon: 100,
          primary: refB,
          addresses: [BOND.address],
          gateway4: BOND.gateway,
        },
      ],
      vlans: [{ id: VLAN.id, link: BOND.name, addresses: [...VLAN.addresses], routes: [VLAN.route] }],
    },
  };
}

interface BondCase {
  title: string;
  label: string;
  kind: SeedKind;
  spec: BootstrapSpec;
  /** The file of the seed that carries the network configuration. */
  networkFile: string;
  /** The members' names in the guest, when the spec names them. */
  memberNames?: [string, string];
}

const UPLINKS: [string, string] = ["uplink0", "uplink1"];
const CASES: BondCase[] = [
  {
    title: "NoCloud ISO, network config v2 (members by MAC)",
    label: "bookworm-netplan-nocloud-v2",
    kind: SeedKind.NoCloud,
    spec: bondSpec(),
    networkFile: "network-config",
  },
  {
    title: "config drive, network_data.json bond and vlan links (members by name)",
    label: "bookworm-netplan-config-drive",
    kind: SeedKind.ConfigDriveNetworkData,
    spec: bondSpec(UPLINKS),
    networkFile: "openstack/latest/network_data.json",
    memberNames: UPLINKS,
  },
];

interface LinkDetails {
  ifname: string;
  address?: string;
  permaddr?: string;
  master?: string;
  /** The lower device (a VLAN's link). */
  link?: string;
  operstate?: string;
  flags?: string[];
  linkinfo?: {
    info_kind?: string;
    info_data?: Record<string, unknown>;
    info_slave_kind?: string;
    info_slave_data?: Record<string, unknown>;
  };
}

interface BondBoot extends GuestBoot {
  seed: WrittenSeed;
}

const bookworm = selectedSuites().includes(Suite.Bookworm);
const boots = new Map<string, Promise<BondBoot>>();

async function bondBoot(c: BondCase): Promise<BondBoot> {
  const label = `bond/${c.label}`;
  const seed = await writeSeed(c.kind, c.spec, join(runDir(label), "seed.iso"));
  const booted = await bootSuiteGuest({
    suite: Suite.Bookworm,
    flavour: NETPLAN_FLAVOUR,
    label,
    cdroms: [seed.path],
    nics: [NIC_A, NIC_B],
    // No router advertisements: the bond and VLAN hold exactly the spec's addresses (no SLAAC address).
    netdevOptions: ["ipv6=off"],
  });
  return { ...booted, seed };
}

beforeAll(() => {
  if (!bookworm) return;
  rmSync(join(RUNS_DIR, "bond"), { recursive: true, force: true });
  for (const c of CASES) boots.set(c.label, handled(bondBoot(c)));
});

afterAll(async () => {
  await Promise.allSettled(boots.values());
  killAllGuests();
  console.log(`bond-boot timings:\n  ${timings.join("\n  ")}`);
});

function global(addrs: IpAddressInfo[]): string[] {
  return addrs.filter((a) => a.scope === "global").map((a) => `${a.local}/${a.prefixlen}`);
}

function linkDetails(report: GuestReport): LinkDetails[] {
  return report.json<LinkDetails[]>("ip-d-link.json");
}

/** A `Key: value` line of /proc/net/bonding/<bond> (the first one, the bond's own section). */
function bondingField(text: string, key: string): string | undefined {
  return text
    .split("\n")
    .find((l) => l.startsWith(`${key}: `))
    ?.slice(key.length + 2)
    .trim();
}

(bookworm ? describe : describe.skip).each(CASES)(
  "bookworm (cloud-init 22.4, netplan 0.106), $title",
  (c) => {
    const boot = (): Promise<BondBoot> => {
      const started = boots.get(c.label);
      if (!started) throw new Error(`the ${c.label} boot was not started`);
      return started;
    };

    it("finishes cloud-init from the seed's network config with no error, warning or deprecation", async () => {
      const { report, seed } = await boot();
      expect(seed.files.filter((f) => f.replace(/^\//, "") === c.networkFile)).toHaveLength(1);
      expectCloudInitDone(report, EXPECTED_DATASOURCE[c.kind], SUITES[Suite.Bookworm]);
      expect(report.text("cloud-init.log")).toContain("Applying network configuration from ds bringup=False");
      expect(report.text("cloud-init.log")).not.toContain("Applying network configuration from fallback");
    });

    it("renders through netplan into networkd .netdev files for the bond and the VLAN", async () => {
      const { report } = await boot();
      const yaml = report.text("netplan/50-cloud-init.yaml");
      expect(yaml).toMatch(/^ {4}bonds:$/m);
      expect(yaml).toMatch(/^ {4}vlans:$/m);
      expect(report.text(`networkd-run/10-netplan-${BOND.name}.netdev`)).toMatch(/^Kind=bond$/m);
      const vlanNetdev = report.text(`networkd-run/10-netplan-${VLAN.name}.netdev`);
      expect(vlanNetdev).toMatch(/^Kind=vlan$/m);
      expect(vlanNetdev).toMatch(new RegExp(`^Id=${VLAN.id}$`, "m"));
    });

    it("enslaves both NICs to an active-backup bond whose active member is the spec's primary", async () => {
      const { report } = await boot();
      const links = linkDetails(report);
      const member = (mac: string): LinkDetails | undefined =>
        links.find((l) => (l.permaddr ?? l.address)?.toLowerCase() === mac);
      const a = member(NIC_A);
      const b = member(NIC_B);
      expect([a?.master, b?.master]).toEqual([BOND.name, BOND.name]);
      // Named members are renamed (cloud-init renames NICs by MAC); others keep the kernel's names.
      expect([a?.ifname, b?.ifname]).toEqual(c.memberNames ?? [a?.ifname, b?.ifname]);
      expect([a?.linkinfo?.info_slave_kind, b?.linkinfo?.info_slave_kind]).toEqual(["bond", "bond"]);
      expect([a?.linkinfo?.info_slave_data?.state, b?.linkinfo?.info_slave_data?.state]).toEqual([
        "BACKUP",
        "ACTIVE",
      ]);

      const bond = links.find((l) => l.ifname === BOND.name);
      expect(bond?.linkinfo?.info_kind).toBe("bond");
      expect(bond?.linkinfo?.info_data).toMatchObject({
        mode: "active-backup",
        miimon: 100,
        primary: b?.ifname,
      });
      expect(bond?.operstate).toBe("UP");

      const bonding = report.text(`bonding/${BOND.name}`);
      expect(bondingField(bonding, "Bonding Mode")).toBe("fault-tolerance (active-backup)");
      expect(bondingField(bonding, "Primary Slave")).toBe(`${b?.ifname} (primary_reselect always)`);
      expect(bondingField(bonding, "Currently Active Slave")).toBe(b?.ifname);
      expect(bondingField(bonding, "MII Status")).toBe("up");
      expect(bondingField(bonding, "MII Polling Interval (ms)")).toBe("100");
      const slaves = [...bonding.matchAll(/^Slave Interface: (\S+)\nMII Status: (\S+)/gm)].map((m) => [
        m[1],
        m[2],
      ]);
      expect(slaves.sort()).toEqual(
        [
          [a?.ifname, "up"],
          [b?.ifname, "up"],
        ].sort(),
      );
      const permanent = [...bonding.matchAll(/^Permanent HW addr: (\S+)$/gm)].map((m) => m[1]);
      expect(permanent.sort()).toEqual([NIC_A, NIC_B]);
    });

    it("tags the VLAN with its id on the bond", async () => {
      const { report } = await boot();
      const vlan = linkDetails(report).find((l) => l.ifname === VLAN.name);
      expect(vlan?.linkinfo?.info_kind).toBe("vlan");
      expect(vlan?.linkinfo?.info_data).toMatchObject({ protocol: "802.1Q", id: VLAN.id });
      expect(vlan?.link).toBe(BOND.name);
      expect(vlan?.operstate).toBe("UP");
    });

    it("puts the untagged address on the bond, the VLAN's addresses on the VLAN, and none on the members", async () => {
      const { report } = await boot();
      const byName = new Map(report.links().map((l) => [l.ifname, l]));
      expect(global(byName.get(BOND.name)?.addr_info ?? [])).toEqual([BOND.address]);
      expect(global(byName.get(VLAN.name)?.addr_info ?? [])).toEqual(VLAN.addresses);
      expect(byName.get(VLAN.name)?.addr_info.every((a) => !a.tentative)).toBe(true);
      const members = linkDetails(report).filter((l) => l.master === BOND.name);
      expect(members.map((m) => global(byName.get(m.ifname)?.addr_info ?? []))).toEqual([[], []]);
      const devices = [...byName.keys()].filter((n) => n !== "lo" && !members.some((m) => m.ifname === n));
      expect(devices.sort()).toEqual([BOND.name, VLAN.name]);
    });

    it("routes the default via the bond and the VLAN's route via the VLAN", async () => {
      const { report } = await boot();
      const routes = report
        .routes4()
        .map((r) => ({ dst: r.dst, gateway: r.gateway, dev: r.dev, protocol: r.protocol }));
      expect(routes).toContainEqual({
        dst: "default",
        gateway: BOND.gateway,
        dev: BOND.name,
        protocol: "static",
      });
      expect(routes).toContainEqual({
        dst: VLAN.route.to,
        gateway: VLAN.route.via,
        dev: VLAN.name,
        protocol: "static",
      });
      expect(routes.filter((r) => r.dst === "default")).toHaveLength(1);
      expect(report.routes6().map((r) => ({ dst: r.dst, dev: r.dev }))).toContainEqual({
        dst: "fd00:100::/64",
        dev: VLAN.name,
      });
      expect(report.routes6().filter((r) => r.dst === "default")).toEqual([]);
    });

    it("gives systemd-resolved the spec's DNS server on the bond", async () => {
      const { report } = await boot();
      const dns = report
        .text("resolvectl-dns.txt")
        .split("\n")
        .find((l) => l.includes(`(${BOND.name})`));
      expect(dns?.split(":").slice(1).join(":").trim().split(/\s+/)).toEqual([BOND.nameserver]);
    });
  },
);
