/**
 * `serve`'s NoCloud HTTP seed on four cloud-init generations (Debian's 20.4.1, 22.4.2, 25.1.4, 26.2 in chroots):
 * with the argument the server prints at start (`a guest boots with ds=nocloud;s=URL<name>/;dsmode=net`),
 * given on the kernel command line or as the SMBIOS system serial number, each release's own datasources
 * must do what its boot does with them: the local stage's DataSourceNoCloud must not claim the http seed,
 * the network stage's DataSourceNoCloudNet must claim it in `net` mode (in `local` mode cloud-init's
 * network stage stops before it makes users, keys and files: cmd/main.py, "[net] Exiting. datasource ...
 * in local mode"), read the user-data the server serves, and log nothing at WARNING or above (25.1's
 * DEPRECATED is level 35) and no deprecation. The same argument without `dsmode=net` is checked too: on
 * 20.4.1 and 22.4.2 it is taken in `local` mode, the failure `dsmode=net` is there for.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { cloudInitAtLeast, GENERATIONS, runPythonIn } from "../helpers/chroots";
import { PYTHON_LOG_CAPTURE } from "../helpers/python-log";
import { cleanupTempDirs, fixture, requireBuiltCli, runCli, tempDir } from "../cli/cli-harness";
import { ServeProcess, startServe, stopAllServers, waitFor } from "../cli/metadata-harness";

/** Both NoCloud datasources of this cloud-init, as its local and network stages run them. */
const STAGES = `${PYTHON_LOG_CAPTURE}
import json, os, sys, tempfile
from cloudinit import distros, dmi, helpers
from cloudinit.sources import DataSourceNoCloud as nocloud
serial = os.environ.get("SMBIOS_SERIAL")
real_dmi = dmi.read_dmi_data
def read_dmi_data(key):
    # The chroot has no /sys: the guest's SMBIOS serial number, or none.
    return serial if key == "system-serial-number" else None
dmi.read_dmi_data = read_dmi_data
def stage(cls):
    tmp = tempfile.mkdtemp()
    paths = helpers.Paths({"cloud_dir": tmp, "run_dir": tmp})
    distro = distros.fetch("debian")("debian", {}, paths)
    ds = cls({}, distro, paths)
    return ds, bool(ds.get_data())
local, local_claimed = stage(nocloud.DataSourceNoCloud)
net, net_claimed = stage(nocloud.DataSourceNoCloudNet)
print(json.dumps({
    "localClaimed": local_claimed,
    "netClaimed": net_claimed,
    "netDsmode": net.dsmode,
    "userData": net.userdata_raw.decode() if net_claimed and net.userdata_raw is not None else None,
    "logged": logged(),
}))
`;

interface Stages {
  localClaimed: boolean;
  netClaimed: boolean;
  netDsmode: string;
  userData: string | null;
  logged: string[];
}

function runStages(suite: string, source: "cmdline" | "serial", argument: string): Stages {
  const env =
    source === "cmdline"
      ? { DEBUG_PROC_CMDLINE: `root=/dev/vda ro ${argument}` }
      : { DEBUG_PROC_CMDLINE: "root=/dev/vda ro", SMBIOS_SERIAL: argument };
  const r = runPythonIn(suite as (typeof GENERATIONS)[number]["suite"], STAGES, { env, timeoutMs: 120_000 });
  if (r.status !== 0) throw new Error(`${suite}: the NoCloud stages failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as Stages;
}

/**
 * The network stage's DataSourceNoCloudNet for a spec without a network, timed, and where cloud-init then
 * takes the network from (`Init._find_networking_config`: the datasource's `network_config`, else the
 * distro's fallback; stages.py 20.4.1 lines 630-667, 22.4.2 lines 814-862, 25.1.4 lines 977-1029).
 */
const NET_STAGE_WITHOUT_NETWORK = `${PYTHON_LOG_CAPTURE}
import json, tempfile, time
from cloudinit import distros, dmi, helpers, stages
from cloudinit.sources import DataSourceNoCloud as nocloud
dmi.read_dmi_data = lambda key: None
tmp = tempfile.mkdtemp()
paths = helpers.Paths({"cloud_dir": tmp, "run_dir": tmp})
distro = distros.fetch("debian")("debian", {}, paths)
ds = nocloud.DataSourceNoCloudNet({}, distro, paths)
started = time.monotonic()
claimed = bool(ds.get_data())
seconds = time.monotonic() - started
init = stages.Init(ds_deps=[])
init.datasource = ds
init._cfg = {}
_config, source = init._find_networking_config()
print(json.dumps({
    "claimed": claimed,
    "seconds": seconds,
    "userData": ds.userdata_raw.decode() if claimed and ds.userdata_raw is not None else None,
    "networkConfig": ds.network_config,
    "networkSource": getattr(source, "value", source),
    "logged": logged(),
}))
`;

let server: ServeProcess;
let argument = "";
let userData = "";
let plainUserData = "";

beforeAll(async () => {
  requireBuiltCli();
  const dir = tempDir();
  copyFileSync(fixture("full.yaml"), join(dir, "web-01.yaml"));
  const rendered = runCli(["render", join(dir, "web-01.yaml"), "-f", "user-data", "-o", "-"]);
  expect(rendered.status).toBe(0);
  userData = rendered.stdout;
  copyFileSync(fixture("minimal.yaml"), join(dir, "plain.yaml"));
  const plain = runCli(["render", join(dir, "plain.yaml"), "-f", "user-data", "-o", "-"]);
  expect(plain.status).toBe(0);
  plainUserData = plain.stdout;
  server = await startServe([dir, "--port", "0"]);
  await waitFor(() => server.lines.length >= 2);
  const printed = /^a guest boots with (\S+)$/.exec(server.lines[1] ?? "")?.[1];
  if (printed === undefined) throw new Error(`serve printed no boot argument: ${server.lines.join("\n")}`);
  argument = printed.replace("<name>", "web-01");
});

afterAll(() => {
  stopAllServers();
  cleanupTempDirs();
});

const table = GENERATIONS.flatMap((g) =>
  (["cmdline", "serial"] as const).map((source) => [g.cloudInit, source, g.suite] as const),
);

describe("NoCloud over HTTP with the argument serve prints", () => {
  it("is the documented one", () => {
    expect(argument).toBe(`ds=nocloud;s=${server.url}web-01/;dsmode=net`);
  });

  it.each(table)(
    "cloud-init %s (%s): the network stage claims the seed in net mode, reads it, and logs no warning",
    (_version, source, suite) => {
      expect(runStages(suite, source, argument)).toEqual({
        localClaimed: false,
        netClaimed: true,
        netDsmode: "net",
        userData,
        logged: [],
      });
    },
  );

  it.each(table)("cloud-init %s (%s): without dsmode=net", (_version, source, suite) => {
    const plain = runStages(suite, source, argument.replace(";dsmode=net", ""));
    expect(plain.netClaimed).toBe(true);
    // Before 24.1 `ds=nocloud` means the local stage: the network stage would stop before the config.
    expect(plain.netDsmode).toBe(cloudInitAtLeast(suite, "24.1") ? "net" : "local");
  });
});

describe("NoCloud over HTTP for a spec without a network", () => {
  it.each(GENERATIONS.map((g) => [g.cloudInit, g.suite] as const))(
    "cloud-init %s: the network stage reads the seed at once and keeps the fallback network",
    async (_version, suite) => {
      const from = server.lines.length;
      const r = runPythonIn(suite, NET_STAGE_WITHOUT_NETWORK, {
        env: { DEBUG_PROC_CMDLINE: `root=/dev/vda ro ${argument.replace("web-01", "plain")}` },
        timeoutMs: 120_000,
      });
      if (r.status !== 0) throw new Error(`${suite}: DataSourceNoCloudNet failed: ${r.stderr}`);
      const seen = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as {
        claimed: boolean;
        seconds: number;
        userData: string | null;
        networkConfig: unknown;
        networkSource: string;
        logged: string[];
      };
      // vendor-data is the last file every generation's read_seeded fetches.
      await waitFor(() => server.lines.slice(from).some((l) => l.includes(" /plain/vendor-data ")));
      const networkRequests = server.lines.slice(from).filter((l) => l.includes(" /plain/network-config "));
      // 25.1.4's (and 26.2's) read_seeded fetches network-config with retries=10 (util.py lines 1010, 1025-1029;
      // DataSourceNoCloud.py line 193), and readurl retries any HTTP error, a 404 too, a second apart
      // (url_helper.py lines 588-619): a 404 cost ten requests and ten seconds. An empty document is
      // load_yaml's None (util.py lines 970-984), so the datasource has no network config. 20.4.1 and
      // 22.4.2 do not fetch network-config over HTTP (util.py read_seeded: 20.4.1 lines 844-878,
      // 22.4.2 lines 977-1014).
      expect({
        claimed: seen.claimed,
        userData: seen.userData,
        networkConfig: seen.networkConfig,
        networkSource: seen.networkSource,
        logged: seen.logged,
        networkRequests: networkRequests.map((l) => l.replace(/^\S+ /, "")),
      }).toEqual({
        claimed: true,
        userData: plainUserData,
        networkConfig: null,
        networkSource: "fallback",
        logged: [],
        networkRequests: cloudInitAtLeast(suite, "25.1") ? ["GET /plain/network-config 200 0"] : [],
      });
      expect(seen.seconds).toBeLessThan(5);
    },
  );
});
