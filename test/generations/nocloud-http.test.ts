/**
 * `serve`'s NoCloud HTTP seed on three cloud-init generations (Debian's 20.4.1, 22.4.2, 25.1.4 in chroots):
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
import { GENERATIONS, runPythonIn } from "../helpers/chroots";
import { cleanupTempDirs, fixture, requireBuiltCli, runCli, tempDir } from "../cli/cli-harness";
import { ServeProcess, startServe, stopAllServers, waitFor } from "../cli/metadata-harness";

/** Both NoCloud datasources of this cloud-init, as its local and network stages run them. */
const STAGES = `
import json, logging, os, sys, tempfile
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append((record.levelno, record.levelname, record.getMessage()))
logging.getLogger().setLevel(logging.DEBUG)
logging.getLogger().addHandler(Keep())
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
    "logged": [f"{name}: {message}" for level, name, message in records
               if level >= logging.WARNING or "deprecat" in message.lower()],
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

let server: ServeProcess;
let argument = "";
let userData = "";

beforeAll(async () => {
  requireBuiltCli();
  const dir = tempDir();
  copyFileSync(fixture("full.yaml"), join(dir, "web-01.yaml"));
  const rendered = runCli(["render", join(dir, "web-01.yaml"), "-f", "user-data", "-o", "-"]);
  expect(rendered.status).toBe(0);
  userData = rendered.stdout;
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

  it.each(table)("cloud-init %s (%s): without dsmode=net", (version, source, suite) => {
    const plain = runStages(suite, source, argument.replace(";dsmode=net", ""));
    expect(plain.netClaimed).toBe(true);
    // Before 24.1 `ds=nocloud` means the local stage: the network stage would stop before the config.
    expect(plain.netDsmode).toBe(version.startsWith("25.") ? "net" : "local");
  });
});
