/**
 * The NetworkManager repair boot: what cloud-init's NetworkManager renderer loses of a spec, as NetworkManager runs
 * it, and the repair docs/cloud-init-versions.md gives for it (the spec's `runcmd`), both booted.
 *
 * trixie's `network-manager` flavour (cloud-init 25.1.4, NetworkManager 1.52) boots a NoCloud seed (network config
 * v2) with an 802.3ad bond over two NICs (miimon, LACP rate fast, transmit hash layer3+4) carrying a static IPv4
 * address, the default route and a static IPv6 address beside SLAAC, and a bridge with STP and a forward delay of
 * 4 s over a third NIC. QEMU's user network sends router advertisements for fec0::/64 on every NIC. cloud-init
 * 25.1's renderer drops `lacp-rate` and `transmit-hash-policy` (its option map spells them the v1 schema's way,
 * network_manager.py 25.1.4:352-382), the forward delay (the map has `stp` and `priority` only) and SLAAC beside a
 * static address (v2's `accept-ra: true` makes no subnet, so `[ipv6] method=manual`); test/generations/
 * network-manager.test.ts pins that from `net-convert`. Here the spec's first `runcmd` line records the keyfiles
 * and the running state as cloud-init left them, the next ones are the documented repair, word for word
 * (`REPAIR_COMMANDS`), and the last waits (at most 60 s) for the SLAAC address the repair asks for. The report
 * then shows the repaired state. Run with `npm run test:vm` (BOOTPROOF_SUITES picks the suites; trixie only).
 */
import { join } from "node:path";
import { readFileSync, rmSync } from "node:fs";
import { networkdValues } from "../conformance/network-expected";
import { BondMode, BootstrapSpec, LacpRate, TransmitHashPolicy } from "../../src/spec/types";
import { NIC_A, NIC_B, NIC_C } from "./bond-cases";
import {
  bondingField,
  expectCloudInitDone,
  expectNetworkManagerSettled,
  nmKeyfile,
  slaacAddress,
  udevRenameRaces,
} from "./expectations";
import { GuestReport, IpAddressInfo } from "./guest-report";
import {
  bootSuiteGuest,
  GuestBoot,
  handled,
  NETWORK_MANAGER_FLAVOUR,
  RUNS_DIR,
  runDir,
  timings,
} from "./harness";
import { killAllGuests } from "./qemu";
import { EXPECTED_DATASOURCE, SeedKind, WrittenSeed, writeSeed } from "./seeds";
import { selectedSuites, Suite, SUITES } from "./suites";

const BOND = {
  name: "bond0",
  ipv4: "10.0.2.15/24",
  ipv6: "fd00:2::15/64",
  gateway: "10.0.2.2",
  options: "mode=802.3ad,miimon=100,lacp_rate=fast,xmit_hash_policy=layer3+4",
};
const BRIDGE = { name: "br0", address: "192.168.50.15/24", forwardDelay: 4 };
/** The prefix QEMU's user network advertises, and its router's link-local address. */
const RA_PREFIX = "fec0::";
const RA_ROUTER = "fe80::2";

/**
 * The repair docs/cloud-init-versions.md gives for what a NetworkManager image loses (Known limits, "NetworkManager
 * images"): the bond's options and IPv6 method, the bridge's forward delay, then each profile activated again.
 * `ipv6.may-fail yes`: cloud-init writes `may-fail=false` for each family a device has; with `method=auto` that
 * makes the whole profile wait for a router advertisement, and fail about 30 s later without one, IPv4 included
 * (booted: the first run of this boot, whose bond could not send, docs/vm-tests.md).
 */
export const REPAIR_COMMANDS = [
  `nmcli connection modify "cloud-init ${BOND.name}" bond.options "${BOND.options}" ipv6.method auto ipv6.may-fail yes`,
  `nmcli connection modify "cloud-init ${BRIDGE.name}" bridge.forward-delay ${BRIDGE.forwardDelay}`,
  `nmcli connection up "cloud-init ${BOND.name}"`,
  `nmcli connection up "cloud-init ${BRIDGE.name}"`,
];

/** Where the first `runcmd` line records the state cloud-init left (read back through the report's inspect paths). */
const BEFORE = "/run/bootproof-before";
const BEFORE_FILES = {
  bondKeyfile: `${BEFORE}/cloud-init-${BOND.name}.nmconnection`,
  bridgeKeyfile: `${BEFORE}/cloud-init-${BRIDGE.name}.nmconnection`,
  bonding: `${BEFORE}/${BOND.name}.bonding`,
  forwardDelay: `${BEFORE}/${BRIDGE.name}.forward_delay`,
  bondAddresses: `${BEFORE}/${BOND.name}.addr6.json`,
};
const KEYFILES = "/etc/NetworkManager/system-connections";
/** How many seconds the last `runcmd` line waited for the SLAAC address (60: it never came). */
const SLAAC_WAIT = "/run/bootproof-slaac-wait";

/** The command before the repair: record the state cloud-init and NetworkManager left. */
const RECORD = [
  `mkdir -p ${BEFORE}`,
  `cp ${KEYFILES}/cloud-init-${BOND.name}.nmconnection ${KEYFILES}/cloud-init-${BRIDGE.name}.nmconnection ${BEFORE}/`,
  `cat /proc/net/bonding/${BOND.name} >${BEFORE_FILES.bonding}`,
  `cat /sys/class/net/${BRIDGE.name}/bridge/forward_delay >${BEFORE_FILES.forwardDelay}`,
  `ip -j -6 addr show dev ${BOND.name} >${BEFORE_FILES.bondAddresses}`,
].join(" && ");
/**
 * Waits (at most 60 s) for a dynamic IPv6 address on the bond, any scope: SLAAC's address in QEMU's fec0::/64 is
 * `site` (a `scope global` filter waited out the whole 60 s), the link-local one is not dynamic.
 */
const WAIT_FOR_SLAAC =
  `i=0; while [ "$i" -lt 60 ] && ! ip -6 -o addr show dev ${BOND.name} dynamic | grep -q inet6; ` +
  `do sleep 1; i=$((i + 1)); done; echo "$i" >${SLAAC_WAIT}`;

function repairSpec(): BootstrapSpec {
  return {
    hostname: "nm-repair",
    cloudInit: { minVersion: SUITES[Suite.Trixie].cloudInit },
    dns: { nameservers: ["10.0.2.3"] },
    network: {
      interfaces: [{ macAddress: NIC_A }, { macAddress: NIC_B }, { macAddress: NIC_C }],
      bonds: [
        {
          name: BOND.name,
          interfaces: [NIC_A, NIC_B],
          mode: BondMode.Lacp,
          miimon: 100,
          lacpRate: LacpRate.Fast,
          transmitHashPolicy: TransmitHashPolicy.Layer3And4,
          addresses: [BOND.ipv4, BOND.ipv6],
          gateway4: BOND.gateway,
          slaac: true,
        },
      ],
      bridges: [
        {
          name: BRIDGE.name,
          interfaces: [NIC_C],
          stp: true,
          forwardDelay: BRIDGE.forwardDelay,
          addresses: [BRIDGE.address],
        },
      ],
    },
    runcmd: [RECORD, ...REPAIR_COMMANDS, WAIT_FOR_SLAAC],
  };
}

interface RepairBoot extends GuestBoot {
  seed: WrittenSeed;
}

const SUITE = Suite.Trixie;
const selected = selectedSuites().includes(SUITE);
let started: Promise<RepairBoot> | undefined;

async function repairBoot(): Promise<RepairBoot> {
  const label = "nm-repair/trixie-network-manager-nocloud-v2";
  const seed = await writeSeed(SeedKind.NoCloud, repairSpec(), join(runDir(label), "seed.iso"));
  const booted = await bootSuiteGuest({
    suite: SUITE,
    flavour: NETWORK_MANAGER_FLAVOUR,
    label,
    cdroms: [seed.path],
    nics: [NIC_A, NIC_B, NIC_C],
    // A link speed, as VMware's and physical NICs report one: 802.3ad aggregates no port without it.
    nicOptions: ["speed=1000", "duplex=full"],
    inspectPaths: [...Object.values(BEFORE_FILES), SLAAC_WAIT],
  });
  return { ...booted, seed };
}

beforeAll(() => {
  if (!selected) return;
  rmSync(join(RUNS_DIR, "nm-repair"), { recursive: true, force: true });
  started = handled(repairBoot());
});

afterAll(async () => {
  if (started) await Promise.allSettled([started]);
  killAllGuests();
  console.log(`network-manager-repair timings:\n  ${timings.join("\n  ")}`);
});

function boot(): Promise<RepairBoot> {
  if (!started) throw new Error("the NetworkManager repair boot was not started");
  return started;
}

/** What the first `runcmd` line recorded at `path`; throws when the guest did not record it. */
function before(report: GuestReport, path: string): string {
  const text = report.inspectedContent(path);
  if (text === undefined) throw new Error(`the guest recorded nothing at ${path}`);
  return text;
}

/**
 * The addresses beyond the link: `global`, and `site` for QEMU's advertised fec0::/64 (site-local, RFC 3879, so
 * the kernel scopes SLAAC addresses there `site`).
 */
function globalAddresses(addrs: IpAddressInfo[]): { address: string; dynamic: boolean }[] {
  return addrs
    .filter((a) => a.scope !== "link" && a.scope !== "host")
    .map((a) => ({ address: `${a.local}/${a.prefixlen}`, dynamic: a.dynamic === true }));
}

interface BridgeLink {
  ifname: string;
  master?: string;
  linkinfo?: { info_kind?: string; info_data?: { forward_delay?: number; stp_state?: number } };
}

it("docs/cloud-init-versions.md gives the repair exactly as this boot runs it", () => {
  const doc = readFileSync(join(__dirname, "../../docs/cloud-init-versions.md"), "utf8");
  for (const command of REPAIR_COMMANDS) expect(doc).toContain(command);
});

(selected ? describe : describe.skip)(
  `${SUITE} (cloud-init ${SUITES[SUITE].cloudInit}, ${NETWORK_MANAGER_FLAVOUR} flavour), NoCloud v2: an 802.3ad bond with SLAAC beside static addresses, a bridge with a forward delay`,
  () => {
    it("finishes cloud-init, repair included, with no error, warning or deprecation", async () => {
      const { report } = await boot();
      expectCloudInitDone(
        report,
        EXPECTED_DATASOURCE[SeedKind.NoCloud],
        SUITES[SUITE],
        udevRenameRaces(report, SUITES[SUITE]),
      );
      expect(report.text("cloud-init.log")).toContain("Selected renderer 'network-manager'");
    });

    it("as cloud-init wrote them, the keyfiles lack the LACP rate, the hash policy, the forward delay and SLAAC", async () => {
      const { report } = await boot();
      const bond = before(report, BEFORE_FILES.bondKeyfile);
      expect(networkdValues(bond, "bond")).toEqual({ mode: ["802.3ad"], miimon: ["100"] });
      expect(networkdValues(bond, "ipv6")).toEqual({
        method: ["manual"],
        address1: [BOND.ipv6],
        "may-fail": ["false"],
      });
      expect(networkdValues(before(report, BEFORE_FILES.bridgeKeyfile), "bridge")).toEqual({ stp: ["true"] });
    });

    it("and NetworkManager ran them so: LACP rate slow, layer2 hash, a 15 s forward delay, no SLAAC address", async () => {
      const { report } = await boot();
      const bonding = before(report, BEFORE_FILES.bonding);
      expect(bondingField(bonding, "Bonding Mode")).toBe("IEEE 802.3ad Dynamic link aggregation");
      expect(bondingField(bonding, "Transmit Hash Policy")).toBe("layer2 (0)");
      expect(bondingField(bonding, "LACP rate")).toBe("slow");
      // USER_HZ hundredths of a second: NetworkManager's default bridge.forward-delay, 15 s.
      expect(before(report, BEFORE_FILES.forwardDelay).trim()).toBe("1500");
      const [bond0] = JSON.parse(before(report, BEFORE_FILES.bondAddresses)) as {
        addr_info: IpAddressInfo[];
      }[];
      expect(globalAddresses(bond0?.addr_info ?? [])).toEqual([{ address: BOND.ipv6, dynamic: false }]);
    });

    it("after the repair the keyfiles hold the bond's options, IPv6 method auto that may fail, and the forward delay", async () => {
      const { report } = await boot();
      const bond = nmKeyfile(report, BOND.name);
      expect(networkdValues(bond, "bond")).toEqual({
        lacp_rate: ["fast"],
        miimon: ["100"],
        mode: ["802.3ad"],
        xmit_hash_policy: ["layer3+4"],
      });
      // nmcli writes a profile's settings anew and leaves out those at NetworkManager's defaults: may-fail (yes)
      // here, and the bridge's `stp` (on).
      expect(networkdValues(bond, "ipv6")).toEqual({ method: ["auto"], address1: [BOND.ipv6] });
      expect(networkdValues(nmKeyfile(report, BRIDGE.name), "bridge")).toEqual({
        "forward-delay": [String(BRIDGE.forwardDelay)],
      });
    });

    it("and the kernel runs them: LACP rate fast, layer3+4 hash, both members up", async () => {
      const { report } = await boot();
      const bonding = report.text(`bonding/${BOND.name}`);
      expect(bondingField(bonding, "Bonding Mode")).toBe("IEEE 802.3ad Dynamic link aggregation");
      expect(bondingField(bonding, "Transmit Hash Policy")).toBe("layer3+4 (1)");
      expect(bondingField(bonding, "LACP rate")).toBe("fast");
      expect(bondingField(bonding, "MII Status")).toBe("up");
      expect(bondingField(bonding, "MII Polling Interval (ms)")).toBe("100");
      const members = [...bonding.matchAll(/^Slave Interface: (\S+)\nMII Status: (\S+)/gm)].map((m) => m[2]);
      expect(members).toEqual(["up", "up"]);
      const permanent = [...bonding.matchAll(/^Permanent HW addr: (\S+)$/gm)].map((m) => m[1]);
      expect(permanent.sort()).toEqual([NIC_A, NIC_B]);
    });

    it("the bridge runs STP with the spec's forward delay over the third NIC", async () => {
      const { report } = await boot();
      const links = report.json<BridgeLink[]>("ip-d-link.json");
      const bridge = links.find((l) => l.ifname === BRIDGE.name);
      expect(bridge?.linkinfo?.info_kind).toBe("bridge");
      expect(bridge?.linkinfo?.info_data).toMatchObject({
        forward_delay: BRIDGE.forwardDelay * 100,
        stp_state: 1,
      });
      const third = report.linkByMac(NIC_C);
      expect(links.filter((l) => l.master === BRIDGE.name).map((l) => l.ifname)).toEqual([third.ifname]);
      const br0 = report.links().find((l) => l.ifname === BRIDGE.name);
      expect(globalAddresses(br0?.addr_info ?? []).filter((a) => !a.address.includes(":"))).toEqual([
        { address: BRIDGE.address, dynamic: false },
      ]);
    });

    it("the bond keeps its static addresses and default route and takes a SLAAC address and the router's IPv6 default", async () => {
      const { report } = await boot();
      expect(Number(report.inspectedContent(SLAAC_WAIT))).toBeLessThan(60);
      const bond0 = report.links().find((l) => l.ifname === BOND.name);
      const addresses = globalAddresses(bond0?.addr_info ?? []);
      expect(addresses.filter((a) => !a.dynamic).map((a) => a.address)).toEqual([BOND.ipv4, BOND.ipv6]);
      // SLAAC's address: QEMU's prefix and the EUI-64 identifier of the bond's MAC (no addr-gen-mode in the profile).
      expect(addresses.filter((a) => a.dynamic).map((a) => a.address)).toEqual([
        `${slaacAddress(RA_PREFIX, bond0?.address ?? "")}/64`,
      ]);
      expect(bond0?.addr_info.every((a) => !a.tentative)).toBe(true);
      const defaults4 = report.routes4().filter((r) => r.dst === "default");
      expect(defaults4.map((r) => ({ gateway: r.gateway, dev: r.dev }))).toEqual([
        { gateway: BOND.gateway, dev: BOND.name },
      ]);
      expect(report.defaultNextHops(6)).toContain(`${RA_ROUTER} ${BOND.name}`);
    });

    it("has NetworkManager's start-up complete and every device connected to its cloud-init profile", async () => {
      const { report } = await boot();
      expectNetworkManagerSettled(report);
    });
  },
);
