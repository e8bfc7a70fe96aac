/**
 * The bond boot: a guest with two NICs boots from the library's NoCloud seed (network config v2) and from a
 * config drive (network_data.json) and brings up an active-backup bond over both NICs carrying an untagged
 * static address and the default route, and a tagged VLAN on the bond with its own static IPv4 and IPv6
 * addresses and a route (test/vm/bond-cases.ts), and a VLAN on a third NIC known to the spec only by MAC: named
 * `vlan200` in the NoCloud cases, and without a name, so `eth2.200`, in the config-drive cases. The NoCloud
 * cases also bring up a bridge (`br0`, STP off) over a fourth NIC known only by MAC.
 * - bookworm (cloud-init 22.4), the image's `netplan` flavour: cloud-init renders netplan YAML and netplan
 *   writes systemd-networkd's .netdev/.network files (cloud-init's own networkd renderer writes no .netdev
 *   before 25.2, docs/spec.md).
 * - bullseye (cloud-init 20.4), the image's `ifenslave` flavour: cloud-init's ENI renderer writes ifupdown
 *   stanzas (`bond-master`, `bond-slaves none`, `bond-*` options, `vlan-raw-device`); ifenslave's hooks make
 *   the bond, ifupdown itself the `bond0.100` VLAN (test/vm/harness.ts, docs/vm-tests.md).
 * - trixie (cloud-init 25.1), the image's `network-manager` flavour: cloud-init's NetworkManager renderer writes
 *   one keyfile per device (members and the bridge port bound to their master's UUID, VLANs to their parent's),
 *   and NetworkManager alone brings them up. The VLAN-only NIC's keyfile has no IP section, so NetworkManager
 *   runs DHCP on it and takes a lease of the NIC's user network (Known limits, docs/cloud-init-versions.md).
 * - forky (cloud-init 26.2), the base image: cloud-init's own networkd renderer, which writes `.netdev` files for
 *   bonds and VLANs from 25.2 but no bond `primary` (networkd.py 26.2:539-614: no `bond-primary` in its table,
 *   no `PrimarySlave=`), so the active member is the kernel's choice there (docs/cloud-init-versions.md).
 * Asserted from inside the guest: /proc/net/bonding, `ip -d link`, addresses, routes, DNS, and a cloud-init run
 * without warnings. Run with `npm run test:vm` (BOOTPROOF_SUITES picks the suites).
 */
import { join } from "node:path";
import { rmSync } from "node:fs";
import { networkdValues, parseNetworkdSections } from "../conformance/network-expected";
import { eniStanzaOptions } from "../helpers/eni";
import { resolveInterfaces } from "../../src/render/network";
import { renderNetworkDataJson } from "../../src/render/network-data-json";
import { resolveNetworkDevices } from "../../src/render/network-devices";
import { renderAll } from "../../src/render/render-all";
import {
  BOND,
  BOND_SUITES,
  BondCase,
  BondRenderer,
  BRIDGE,
  NIC_A,
  NIC_B,
  NIC_C,
  NIC_D,
  NIC_VLAN,
  SEARCH_DOMAIN,
  VLAN,
} from "./bond-cases";
import {
  bondingField,
  expectCloudInitDone,
  networkctlStates,
  expectNetworkManagerSettled,
  nmKeyfile,
  recordedWarnings,
  stillConfiguring,
  udevRenameRaces,
} from "./expectations";
import { GuestReport, IpAddressInfo } from "./guest-report";
import { bootSuiteGuest, GuestBoot, handled, RUNS_DIR, runDir, timings } from "./harness";
import { killAllGuests } from "./qemu";
import { EXPECTED_DATASOURCE, SeedKind, WrittenSeed, writeSeed } from "./seeds";
import { selectedSuites, SUITES } from "./suites";

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

const selected = BOND_SUITES.filter((b) => selectedSuites().includes(b.suite));
const boots = new Map<string, Promise<BondBoot>>();

async function bondBoot(c: BondCase): Promise<BondBoot> {
  const label = `bond/${c.label}`;
  const seed = await writeSeed(c.kind, c.spec, join(runDir(label), "seed.iso"));
  const booted = await bootSuiteGuest({
    suite: c.suite,
    flavour: c.flavour,
    label,
    cdroms: [seed.path],
    nics: c.nics,
    // No router advertisements: the bond and VLAN hold exactly the spec's addresses (no SLAAC address).
    netdevOptions: ["ipv6=off"],
  });
  return { ...booted, seed };
}

beforeAll(() => {
  if (selected.length === 0) return;
  rmSync(join(RUNS_DIR, "bond"), { recursive: true, force: true });
  for (const c of selected.flatMap((b) => b.cases)) boots.set(c.label, handled(bondBoot(c)));
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

/**
 * The NIC with `mac`: its own MAC (a bond member's `address` is the bond's, its own is `permaddr`), and not a
 * device made on it (a bridge and a VLAN take their port's or link's MAC).
 */
function nicByMac(links: LinkDetails[], mac: string): LinkDetails | undefined {
  return links.find(
    (l) => l.linkinfo?.info_kind === undefined && (l.permaddr ?? l.address)?.toLowerCase() === mac,
  );
}

/**
 * The name the NIC with `mac` should have in the guest: the one every document gives it, its v2 entry's
 * `set-name` (the spec's name, else `eth<i>` on every target: src/render/network-v2.ts `ethernetEntry`; v1 and
 * network_data.json give it the same).
 */
function expectedNicName(c: BondCase, mac: string): unknown {
  const ethernets = Object.values(renderAll(c.spec).network?.v2.ethernets ?? {});
  return ethernets.find((e) => (e.match as { macaddress?: string } | undefined)?.macaddress === mac)?.[
    "set-name"
  ];
}

/** The guest's link `name` is an 802.1Q VLAN with `id` on the device `link`, and it is UP. */
function expectVlanLink(links: LinkDetails[], name: string, id: number, link: string | undefined): void {
  const vlan = links.find((l) => l.ifname === name);
  expect(vlan?.linkinfo?.info_kind).toBe("vlan");
  expect(vlan?.linkinfo?.info_data).toMatchObject({ protocol: "802.1Q", id });
  expect(vlan?.link).toBe(link);
  expect(vlan?.operstate).toBe("UP");
}

/** The case's network_data.json, as the library renders it for the config drive. */
function networkDataJson(c: BondCase): ReturnType<typeof renderNetworkDataJson> {
  return renderNetworkDataJson(resolveInterfaces(c.spec), c.spec.dns, resolveNetworkDevices(c.spec.network));
}

/**
 * The `.netdev` `MACAddress=` of the VLAN `name`: network_data.json gives a VLAN link a MAC (`vlan_mac_address`,
 * its link's or the bond's first member's), which 26.2's networkd renderer writes; network config v2 none.
 */
function vlanMac(c: BondCase, name: string): { MACAddress?: string[] } {
  if (c.kind !== SeedKind.ConfigDriveNetworkData) return {};
  const mac = networkDataJson(c).links.find((l) => l.type === "vlan" && l.id === name)?.vlan_mac_address;
  if (typeof mac !== "string") throw new Error(`${c.label}: network_data.json has no vlan link ${name}`);
  return { MACAddress: [mac] };
}

/**
 * cloud-init's networkd files for `vlan` on the device `link`: the VLAN's `.netdev` (name, kind, id, and from
 * network_data.json its MAC) and `VLAN=` in the link's `.network`.
 */
function expectNetworkdVlan(
  report: GuestReport,
  c: BondCase,
  vlan: { name: string; id: number },
  link: string,
): void {
  const netdev = report.text(`networkd/10-cloud-init-${vlan.name}.netdev`);
  expect(networkdValues(netdev, "NetDev")).toEqual({
    Name: [vlan.name],
    Kind: ["vlan"],
    ...vlanMac(c, vlan.name),
  });
  expect(networkdValues(netdev, "VLAN")).toEqual({ Id: [String(vlan.id)] });
  expect(networkdValues(report.text(`networkd/10-cloud-init-${link}.network`), "Network")).toMatchObject({
    VLAN: [vlan.name],
  });
}

/** What 25.1's boot schema check logs when it refuses a network config (`stages.py` 25.1.4:1096-1103). */
const SCHEMA_WARNING =
  "network-config-v1 failed schema validation! You may run 'sudo cloud-init schema --system' to check the details.";

/**
 * Whether the boot's schema check refuses the v1 that cloud-init converts from the case's network_data.json: on
 * 25.1 `convert_net_json` gives a bond or VLAN link with a static IPv6 network `accept-ra` (openstack.py
 * 25.1.4:654-655), which 25.1's v1 schema allows on `physical` only (26.1 allows it: canonical/cloud-init#6545;
 * 20.4 and 22.4 check no schema at boot). The config is applied all the same. Known limits,
 * docs/cloud-init-versions.md; the warning's detail is pinned by test/generations/netplan.test.ts.
 */
function schemaRefusesAcceptRa(c: BondCase): boolean {
  if (c.kind !== SeedKind.ConfigDriveNetworkData || SUITES[c.suite].cloudInit !== "25.1") return false;
  const json = networkDataJson(c);
  const virtual = new Set(json.links.filter((l) => l.type === "bond" || l.type === "vlan").map((l) => l.id));
  return json.networks.some((n) => n.type === "ipv6" && virtual.has(n.link));
}

/**
 * The warnings a bond boot may record, in the order the status has them: udev rename races proven by the guest,
 * and the schema warning where `schemaRefusesAcceptRa` (25.1 records it under each of its stages: the records
 * are a class attribute of `LogExporter`, which `clean_logs` replaces on one handler only, `log/loggers.py`
 * 25.1.4:145-156, and `status_wrapper` stores them for every stage, `cmd/main.py` 25.1.4:922 and 961-976).
 */
function knownWarnings(report: GuestReport, c: BondCase): string[] {
  const info = SUITES[c.suite];
  const races = udevRenameRaces(report, info);
  if (!schemaRefusesAcceptRa(c)) return races;
  return recordedWarnings(report, info).filter((w) => w === SCHEMA_WARNING || races.includes(w));
}

/** The UUID of the keyfile of `device`: what its ports' `master` and its VLANs' `parent` refer to. */
function keyfileUuid(report: GuestReport, device: string): string | undefined {
  return networkdValues(nmKeyfile(report, device), "connection").uuid?.[0];
}

/** The sections of a keyfile that set IP configuration. */
function ipSections(text: string): string[] {
  return parseNetworkdSections(text)
    .map((x) => x.name)
    .filter((n) => n === "ipv4" || n === "ipv6");
}

/**
 * A `bond-*` option as cloud-init 20.4 writes it: from network config v2, `bond-<option>` (v2 parameter names
 * mapped back to v1's: network_state.py 20.4.1 `_handle_bond_bridge` 720-758, table at 33-47); from
 * network_data.json, the link's own `bond_<option>` key as it is (openstack.py 20.4.1 `convert_net_json`
 * 627-636 copies every `bond*` key into `params`). ifupdown passes both spellings to ifenslave's hooks as the
 * same variable (`IF_BOND_<OPTION>`; the guest shows both working).
 */
function bondOption(c: BondCase, option: string): string {
  return `bond${c.kind === SeedKind.ConfigDriveNetworkData ? "_" : "-"}${option}`;
}

for (const { suite, cases } of BOND_SUITES) {
  const info = SUITES[suite];
  (selected.some((b) => b.suite === suite) ? describe : describe.skip).each(cases)(
    `${suite} (cloud-init ${info.cloudInit}, $image), $title`,
    (c) => {
      const eni = c.renderer === BondRenderer.Eni;
      const boot = (): Promise<BondBoot> => {
        const started = boots.get(c.label);
        if (!started) throw new Error(`the ${c.label} boot was not started`);
        return started;
      };

      it("finishes cloud-init from the seed's network config with no error, warning or deprecation", async () => {
        const { report, seed } = await boot();
        expect(seed.files.filter((f) => f.replace(/^\//, "") === c.networkFile)).toHaveLength(1);
        // The members are renamed (set-name); a rename that lost udev's race is retried and tolerated exactly, as is
        // 25.1's schema warning for network_data.json (schemaRefusesAcceptRa), which must then be there.
        const tolerated = knownWarnings(report, c);
        expect(tolerated.includes(SCHEMA_WARNING)).toBe(schemaRefusesAcceptRa(c));
        expectCloudInitDone(report, EXPECTED_DATASOURCE[c.kind], info, tolerated);
        expect(report.text("cloud-init.log")).toContain(
          "Applying network configuration from ds bringup=False",
        );
        expect(report.text("cloud-init.log")).not.toContain("Applying network configuration from fallback");
      });

      if (eni)
        it("renders ifupdown stanzas: members with bond-master, the bond's bond-* options, the VLAN's raw device", async () => {
          const { report } = await boot();
          const file = report.text("eni/50-cloud-init");
          const stanzas = eniStanzaOptions(file);
          const members = linkDetails(report).filter((l) => l.master === BOND.name);
          const [a, b] = [NIC_A, NIC_B].map(
            (mac) => members.find((m) => (m.permaddr ?? m.address) === mac)?.ifname,
          );
          for (const member of [a, b]) {
            expect(file).toMatch(new RegExp(`^auto ${member}$`, "m"));
            expect(stanzas.get(member ?? "")).toEqual(
              expect.arrayContaining([`bond-master ${BOND.name}`, bondOption(c, "mode active-backup")]),
            );
          }
          expect(stanzas.get(BOND.name)).toEqual(
            expect.arrayContaining([
              "bond-slaves none",
              bondOption(c, "mode active-backup"),
              bondOption(c, "miimon 100"),
              bondOption(c, `primary ${b}`),
            ]),
          );
          expect(stanzas.get(VLAN.name)).toEqual(
            expect.arrayContaining([`vlan-raw-device ${BOND.name}`, `vlan_id ${VLAN.id}`]),
          );
          const links = linkDetails(report);
          const [nicC, nicD] = [NIC_C, NIC_D].map((mac) => nicByMac(links, mac)?.ifname ?? "");
          expect(stanzas.get(c.nicVlan)).toEqual(
            expect.arrayContaining([`vlan-raw-device ${nicC}`, `vlan_id ${NIC_VLAN.id}`]),
          );
          if (c.bridge)
            expect(stanzas.get(BRIDGE.name)).toEqual(
              expect.arrayContaining([`bridge_ports ${nicD}`, "bridge_stp off"]),
            );
        });
      else if (c.renderer === BondRenderer.Netplan)
        it("renders through netplan into networkd .netdev files for the bond and the VLAN", async () => {
          const { report } = await boot();
          const yaml = report.text("netplan/50-cloud-init.yaml");
          expect(yaml).toMatch(/^ {4}bonds:$/m);
          expect(yaml).toMatch(/^ {4}vlans:$/m);
          expect(report.text(`networkd-run/10-netplan-${BOND.name}.netdev`)).toMatch(/^Kind=bond$/m);
          const vlanNetdev = report.text(`networkd-run/10-netplan-${VLAN.name}.netdev`);
          expect(vlanNetdev).toMatch(/^Kind=vlan$/m);
          expect(vlanNetdev).toMatch(new RegExp(`^Id=${VLAN.id}$`, "m"));
          const nicVlan = report.text(`networkd-run/10-netplan-${c.nicVlan}.netdev`);
          expect(networkdValues(nicVlan, "NetDev")).toMatchObject({ Name: [c.nicVlan], Kind: ["vlan"] });
          expect(networkdValues(nicVlan, "VLAN")).toEqual({ Id: [String(NIC_VLAN.id)] });
          if (c.bridge) {
            expect(yaml).toMatch(/^ {4}bridges:$/m);
            const bridge = report.text(`networkd-run/10-netplan-${BRIDGE.name}.netdev`);
            expect(networkdValues(bridge, "NetDev")).toMatchObject({ Name: [BRIDGE.name], Kind: ["bridge"] });
            expect(networkdValues(bridge, "Bridge")).toMatchObject({ STP: ["false"] });
          }
        });
      else if (c.renderer === BondRenderer.NetworkManager)
        it("renders NetworkManager keyfiles: the bond's mode, miimon and primary, members and bridge port bound by UUID, VLANs by their parent's", async () => {
          const { report } = await boot();
          const links = linkDetails(report);
          const nicName = (mac: string): string => nicByMac(links, mac)?.ifname ?? "";
          const [a, b, nicC] = [nicName(NIC_A), nicName(NIC_B), nicName(NIC_C)];
          const bond = nmKeyfile(report, BOND.name);
          expect(networkdValues(bond, "connection")).toMatchObject({
            type: ["bond"],
            "interface-name": [BOND.name],
          });
          // Every option the spec sets is kept (25.1.4's `_prop_map`, network_manager.py 351-398, has
          // bond-mode, bond-miimon and bond-primary): the primary by the member's guest name.
          expect(networkdValues(bond, "bond")).toEqual({
            mode: ["active-backup"],
            miimon: ["100"],
            primary: [b],
          });
          // A member: a port of the bond's profile, matched by its MAC alone, without IP configuration.
          for (const [member, mac] of [
            [a, NIC_A],
            [b, NIC_B],
          ] as const) {
            const file = nmKeyfile(report, member);
            expect(networkdValues(file, "connection")).toMatchObject({
              type: ["ethernet"],
              "slave-type": ["bond"],
              master: [keyfileUuid(report, BOND.name)],
            });
            expect(networkdValues(file, "connection")).not.toHaveProperty("interface-name");
            expect(networkdValues(file, "ethernet")).toEqual({ "mac-address": [mac.toUpperCase()] });
            expect(ipSections(file)).toEqual([]);
          }
          for (const [vlan, id, parent] of [
            [VLAN.name, VLAN.id, BOND.name],
            [c.nicVlan, NIC_VLAN.id, nicC],
          ] as const) {
            const file = nmKeyfile(report, vlan);
            expect(networkdValues(file, "connection")).toMatchObject({
              type: ["vlan"],
              "interface-name": [vlan],
            });
            expect(networkdValues(file, "vlan")).toEqual({
              id: [String(id)],
              parent: [keyfileUuid(report, parent)],
            });
          }
          // The third NIC: its address where the spec gives one; else no [ipv4] or [ipv6] section at all, so
          // NetworkManager's defaults apply (network_manager.py 25.1.4:415-424 disables the IP configuration of a
          // bond without subnets only; Known limits, docs/cloud-init-versions.md).
          const third = nmKeyfile(report, nicC);
          const specAddresses =
            c.spec.network?.interfaces?.find((i) => i.macAddress === NIC_C)?.addresses ?? [];
          if (specAddresses.length > 0)
            expect(networkdValues(third, "ipv4")).toMatchObject({
              method: ["manual"],
              address1: specAddresses,
            });
          else expect(ipSections(third)).toEqual([]);
          if (c.bridge) {
            const nicD = nicName(NIC_D);
            const bridge = nmKeyfile(report, BRIDGE.name);
            expect(networkdValues(bridge, "connection")).toMatchObject({
              type: ["bridge"],
              "interface-name": [BRIDGE.name],
            });
            expect(networkdValues(bridge, "bridge")).toEqual({ stp: ["false"] });
            const port = nmKeyfile(report, nicD);
            expect(networkdValues(port, "connection")).toMatchObject({
              "slave-type": ["bridge"],
              master: [keyfileUuid(report, BRIDGE.name)],
            });
            expect(ipSections(port)).toEqual([]);
          }
          // NetworkManager alone: nothing of networkd's or netplan's.
          expect([
            ...report.files("networkd"),
            ...report.files("networkd-run"),
            ...report.files("netplan"),
          ]).toEqual([]);
        });
      else
        it("renders networkd .netdev files for the bond (no primary) and the VLAN, and binds members and VLAN", async () => {
          const { report } = await boot();
          const bondNetdev = report.text(`networkd/10-cloud-init-${BOND.name}.netdev`);
          expect(networkdValues(bondNetdev, "NetDev")).toEqual({ Name: [BOND.name], Kind: ["bond"] });
          // The spec's primary is not written: cloud-init's option table has no bond-primary (networkd.py 26.2:576-600).
          expect(networkdValues(bondNetdev, "Bond")).toEqual({
            Mode: ["active-backup"],
            MIIMonitorSec: ["100ms"],
          });
          expectNetworkdVlan(report, c, VLAN, BOND.name);
          const members = linkDetails(report).filter((l) => l.master === BOND.name);
          expect(members).toHaveLength(2);
          for (const m of members) {
            const network = report.text(`networkd/10-cloud-init-${m.ifname}.network`);
            expect(networkdValues(network, "Network")).toMatchObject({ Bond: [BOND.name] });
            expect(network).not.toMatch(/^PrimarySlave=/m);
          }
          const links = linkDetails(report);
          const [nicC, nicD] = [NIC_C, NIC_D].map((mac) => nicByMac(links, mac)?.ifname ?? "");
          expectNetworkdVlan(report, c, { name: c.nicVlan, id: NIC_VLAN.id }, nicC ?? "");
          if (c.bridge) {
            // `stp: false` is not written: render_bridges writes a bridge option only `if val:` (networkd.py 26.2
            // render_bridges, 663-668), and networkd's default, like the kernel's, is STP off.
            const bridge = report.text(`networkd/10-cloud-init-${BRIDGE.name}.netdev`);
            expect(networkdValues(bridge, "NetDev")).toEqual({ Name: [BRIDGE.name], Kind: ["bridge"] });
            expect(networkdValues(bridge, "Bridge")).toEqual({});
            expect(
              networkdValues(report.text(`networkd/10-cloud-init-${nicD}.network`), "Network"),
            ).toMatchObject({
              Bridge: [BRIDGE.name],
            });
          }
          // No netplan: cloud-init itself wrote them (/run/systemd/network is netplan's output directory).
          expect(report.files("networkd-run")).toEqual([]);
        });

      // cloud-init's networkd renderer writes no primary (above): there the kernel picks the active member.
      const primaryKept = c.renderer !== BondRenderer.Networkd;
      it(`enslaves both NICs to an active-backup bond whose active member is ${
        primaryKept ? "the spec's primary" : "the kernel's choice (no primary: cloud-init 25.2+ networkd)"
      }`, async () => {
        const { report } = await boot();
        const links = linkDetails(report);
        const a = nicByMac(links, NIC_A);
        const b = nicByMac(links, NIC_B);
        expect([a?.master, b?.master]).toEqual([BOND.name, BOND.name]);
        // Every member is renamed to the name its documents give it: the spec's, else `eth<i>` (expectedNicName).
        expect([a?.ifname, b?.ifname]).toEqual(
          c.memberNames ?? [expectedNicName(c, NIC_A), expectedNicName(c, NIC_B)],
        );
        expect([a?.linkinfo?.info_slave_kind, b?.linkinfo?.info_slave_kind]).toEqual(["bond", "bond"]);
        const states = [a?.linkinfo?.info_slave_data?.state, b?.linkinfo?.info_slave_data?.state];
        if (primaryKept) expect(states).toEqual(["BACKUP", "ACTIVE"]);
        else expect([...states].sort()).toEqual(["ACTIVE", "BACKUP"]);
        const active = states[0] === "ACTIVE" ? a : b;

        const bond = links.find((l) => l.ifname === BOND.name);
        expect(bond?.linkinfo?.info_kind).toBe("bond");
        expect(bond?.linkinfo?.info_data).toMatchObject({ mode: "active-backup", miimon: 100 });
        expect(bond?.linkinfo?.info_data?.primary).toBe(primaryKept ? b?.ifname : undefined);
        expect(bond?.operstate).toBe("UP");

        const bonding = report.text(`bonding/${BOND.name}`);
        expect(bondingField(bonding, "Bonding Mode")).toBe("fault-tolerance (active-backup)");
        expect(bondingField(bonding, "Primary Slave")).toBe(
          primaryKept ? `${b?.ifname} (primary_reselect always)` : "None",
        );
        expect(bondingField(bonding, "Currently Active Slave")).toBe(
          primaryKept ? b?.ifname : active?.ifname,
        );
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
        expectVlanLink(linkDetails(report), VLAN.name, VLAN.id, BOND.name);
      });

      it(`brings up the VLAN ${c.nicVlan} on a NIC known by MAC, the NIC under the name its documents give it`, async () => {
        const { report } = await boot();
        const links = linkDetails(report);
        const nicC = nicByMac(links, NIC_C);
        expect(nicC?.ifname).toBe(expectedNicName(c, NIC_C));
        expectVlanLink(links, c.nicVlan, NIC_VLAN.id, nicC?.ifname);
        expect(nicC?.operstate).toBe("UP");
        const byName = new Map(report.links().map((l) => [l.ifname, l]));
        expect(global(byName.get(c.nicVlan)?.addr_info ?? [])).toEqual([NIC_VLAN.address]);
        expect(global(byName.get(nicC?.ifname ?? "")?.addr_info ?? [])).toEqual(c.nicCAddresses);
      });

      if (c.bridge)
        it("brings up a bridge (STP off) over a NIC known by MAC, the NIC under its v2 name", async () => {
          const { report } = await boot();
          const links = linkDetails(report);
          const nicD = nicByMac(links, NIC_D);
          expect(nicD?.ifname).toBe(expectedNicName(c, NIC_D));
          const bridge = links.find((l) => l.ifname === BRIDGE.name);
          expect(bridge?.linkinfo?.info_kind).toBe("bridge");
          expect(bridge?.linkinfo?.info_data?.stp_state).toBe(0);
          expect(nicD?.master).toBe(BRIDGE.name);
          expect(nicD?.linkinfo?.info_slave_kind).toBe("bridge");
          expect(links.filter((l) => l.master === BRIDGE.name).map((l) => l.ifname)).toEqual([nicD?.ifname]);
          expect([nicD?.operstate, bridge?.operstate]).toEqual(["UP", "UP"]);

          const byName = new Map(report.links().map((l) => [l.ifname, l]));
          expect(global(byName.get(BRIDGE.name)?.addr_info ?? [])).toEqual([BRIDGE.address]);
          expect(global(byName.get(nicD?.ifname ?? "")?.addr_info ?? [])).toEqual([]);
        });

      const networkd = c.renderer === BondRenderer.Netplan || c.renderer === BondRenderer.Networkd;
      if (c.renderer === BondRenderer.NetworkManager)
        it("has NetworkManager's start-up complete and every device connected to its cloud-init profile", async () => {
          const { report } = await boot();
          expectNetworkManagerSettled(report);
        });

      if (networkd)
        it("has networkd's bond, VLANs and bridge configured and routable when the report is read", async () => {
          const { report } = await boot();
          const states = networkctlStates(report);
          const virtual = [BOND.name, VLAN.name, c.nicVlan, ...(c.bridge ? [BRIDGE.name] : [])];
          expect(virtual.map((d) => [d, states.get(d)])).toEqual(
            virtual.map((d) => [d, ["routable", "configured"]]),
          );
        });

      if (networkd)
        it("lets systemd-networkd-wait-online finish: no link is left configuring", async () => {
          const { report } = await boot();
          // Before the VLAN-only NIC refused router advertisements (`accept-ra: false`), forky's networkd kept it
          // `configuring` and wait-online exited 1 after the report's 60 s (src/render/network-common.ts).
          expect(stillConfiguring(report)).toEqual({ waitOnline: "0", configuring: [] });
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
        // Besides the bond and its VLAN: the third NIC and its VLAN, and in the NoCloud cases the fourth NIC and
        // its bridge.
        const nicName = (mac: string): string | undefined => nicByMac(linkDetails(report), mac)?.ifname;
        const others = [nicName(NIC_C), c.nicVlan, ...(c.bridge ? [nicName(NIC_D), BRIDGE.name] : [])];
        expect(devices.sort()).toEqual([BOND.name, VLAN.name, ...others].sort());
      });

      it("routes the default via the bond and the VLAN's route via the VLAN", async () => {
        const { report } = await boot();
        // networkd (netplan's or cloud-init's files) marks its routes `static`; ifupdown adds them with
        // `ip route`/`route`, the kernel's `boot`.
        const protocol = eni ? "boot" : "static";
        const routes = report
          .routes4()
          .map((r) => ({ dst: r.dst, gateway: r.gateway, dev: r.dev, protocol: r.protocol }));
        expect(routes).toContainEqual({
          dst: "default",
          gateway: BOND.gateway,
          dev: BOND.name,
          protocol,
        });
        expect(routes).toContainEqual({
          dst: VLAN.route.to,
          gateway: VLAN.route.via,
          dev: VLAN.name,
          protocol,
        });
        expect(routes.filter((r) => r.dst === "default")).toHaveLength(1);
        expect(report.routes6().map((r) => ({ dst: r.dst, dev: r.dev }))).toContainEqual({
          dst: "fd00:100::/64",
          dev: VLAN.name,
        });
        expect(report.routes6().filter((r) => r.dst === "default")).toEqual([]);
      });

      if (eni)
        it("gives resolvconf the spec's DNS server and search domain", async () => {
          const { report } = await boot();
          const resolv = report.text("resolv.conf").split("\n");
          const values = (key: string): string[] =>
            resolv.filter((l) => l.startsWith(`${key} `)).flatMap((l) => l.split(/\s+/).slice(1));
          expect(values("nameserver")).toEqual([BOND.nameserver]);
          expect(values("search")).toEqual([SEARCH_DOMAIN]);
        });
      else
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
}
