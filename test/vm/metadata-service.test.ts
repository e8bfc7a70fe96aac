/**
 * The metadata service boots a stock guest: the bookworm boot-proof image with no seed disk at all, QEMU's
 * SMBIOS product "OpenStack Nova" (what ds-identify's dscheck_OpenStack and DataSourceOpenStack's
 * detect_openstack look for: /usr/lib/cloud-init/ds-identify 22.4 lines 1219-1239,
 * cloudinit/sources/DataSourceOpenStack.py 22.4 lines 28-30, 275-289), and a user network whose guestfwd
 * hands every connection to 169.254.169.254:80 to `serve --mode openstack` (the built CLI) on loopback.
 *
 * libslirp accepts a guestfwd address only inside the user network (QEMU 7.2 refuses
 * `guestfwd=tcp:169.254.169.254:80-...` on the default 10.0.2.0/24 with "Conflicting/invalid host:port"),
 * so the network is `net=169.254.0.0/16`: the guest's DHCP lease (cloud-init's ephemeral DHCP in init-local,
 * DataSourceOpenStackLocal) is 169.254.0.15 and 169.254.169.254 is on its link. The guest's spec then sets
 * its static network (10.0.2.15/24 ..., test/vm/proof-spec.ts) from network_data.json.
 *
 * The forward is `cmd:` (one relay process per guest connection, test/vm/metadata-relay.py) connecting
 * from 127.0.0.2, the address the lease table gives the guest's MAC: the service identifies the guest as
 * it would a VM on a libvirt network.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderAll } from "../../src/render";
import { requireBuiltCli } from "../cli/cli-harness";
import { ServeProcess, startServe, stopAllServers } from "../cli/metadata-harness";
import {
  expectCloudInitDone,
  expectHostname,
  expectInstanceId,
  expectProofUser,
  expectSettingsFile,
  expectStaticNetwork,
  expectTimezone,
} from "./expectations";
import { bootSuiteGuest, GuestBoot, handled, runDir, RUNS_DIR, timings } from "./harness";
import type { ProofSeed } from "./proof-runs";
import { FIRST_VARIANT, INSPECT_PATHS, suiteSpec } from "./proof-spec";
import { GUEST_MAC, killAllGuests } from "./qemu";
import { selectedSuites, Suite, SUITES } from "./suites";

const SUITE = Suite.Bookworm;
const GUEST_SOURCE = "127.0.0.2";
const RELAY = join(__dirname, "metadata-relay.py");

const selected = selectedSuites().includes(SUITE);
let server: ServeProcess | undefined;
let booted: Promise<{ boot: GuestBoot; seed: ProofSeed }> | undefined;

async function bootFromMetadataService(): Promise<{ boot: GuestBoot; seed: ProofSeed }> {
  requireBuiltCli();
  const label = `${SUITE}/metadata-service`;
  rmSync(join(RUNS_DIR, label), { recursive: true, force: true });
  const work = runDir(label);
  const specs = join(work, "specs");
  mkdirSync(specs);
  const spec = suiteSpec(SUITE, FIRST_VARIANT);
  writeFileSync(join(specs, "proof-one.json"), JSON.stringify(spec, null, 2));
  const leases = join(work, "leases.yaml");
  writeFileSync(leases, `leases:\n  - mac: "${GUEST_MAC}"\n    address: ${GUEST_SOURCE}\n`);
  server = await startServe([specs, "--mode", "openstack", "--port", "0", "--leases", leases]);
  const relay = `/usr/bin/python3 ${RELAY} ${GUEST_SOURCE} 127.0.0.1 ${server.port}`;
  const boot = await bootSuiteGuest({
    suite: SUITE,
    label,
    smbios: ["type=1,product=OpenStack Nova"],
    netdevOptions: ["net=169.254.0.0/16", `guestfwd=tcp:169.254.169.254:80-cmd:${relay}`],
    inspectPaths: INSPECT_PATHS,
  });
  writeFileSync(join(work, "server.log"), server.lines.join("\n") + "\n");
  return { boot, seed: { documents: renderAll(spec), files: [] } };
}

beforeAll(() => {
  if (selected) booted = handled(bootFromMetadataService());
});

afterAll(async () => {
  await booted?.catch(() => undefined);
  stopAllServers();
  killAllGuests();
  console.log(`metadata-service boot timings:\n  ${timings.join("\n  ")}`);
});

const run = async () => {
  if (booted === undefined) throw new Error(`BOOTPROOF_SUITES does not include ${SUITE}`);
  return booted;
};

(selected ? describe : describe.skip)(
  `${SUITE}: a stock guest with no seed disk, configured by serve --mode openstack`,
  () => {
    it("finishes cloud-init with status done from DataSourceOpenStackLocal, with no errors, warnings or deprecations", async () => {
      expectCloudInitDone((await run()).boot.report, "DataSourceOpenStackLocal", SUITES[SUITE]);
    });
    it("read its documents over the guestfwd relay, identified by its lease, every request answered 200", async () => {
      await run();
      const guestLines = (server?.lines ?? []).filter((l) => l.startsWith(`${GUEST_SOURCE} `));
      expect(
        guestLines.some((l) => l.startsWith(`${GUEST_SOURCE} GET /openstack/2018-08-27/meta_data.json 200 `)),
      ).toBe(true);
      expect(guestLines.some((l) => l.startsWith(`${GUEST_SOURCE} GET /latest/meta-data/ 200 `))).toBe(true);
      expect(guestLines.filter((l) => !/ 200 \d+ proof-one$/.test(l))).toEqual([]);
    });
    it("runs with the instance-id the library rendered", async () => {
      const { boot, seed } = await run();
      expectInstanceId(boot.report, seed);
    });
    it("sets the host name, the user with its key and password hash, the file and the time zone", async () => {
      const { boot, seed } = await run();
      expectHostname(boot.report, FIRST_VARIANT);
      expectProofUser(boot.report, seed, FIRST_VARIANT);
      expectSettingsFile(boot.report, FIRST_VARIANT);
      expectTimezone(boot.report, FIRST_VARIANT);
    });
    it("configures the static network from network_data.json", async () => {
      expectStaticNetwork((await run()).boot.report, {
        renderer: SUITES[SUITE].renderer,
        routerAdvertisements: true,
        staticIpv6: true,
      });
    });
  },
);
