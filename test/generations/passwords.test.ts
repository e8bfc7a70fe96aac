/**
 * Root's password on four cloud-init generations (Debian's 20.4.1, 22.4.2, 25.1.4, 26.2 in chroots): each
 * release's own `cc_set_passwords.handle` runs on the cloud-config the CLI renders, with a distro that
 * records what it would give `chpasswd`. A hash must reach `chpasswd -e` (hashed) as it is; one set without
 * `-e` would become the password itself. Before 22.3 root's password is a `chpasswd.list` entry, where
 * cloud-init takes only `$1$`, `$2a$`, `$2y$`, `$5$` and `$6$` for hashes (cc_set_passwords.py 20.4.1:178-183,
 * 22.4.2:263-267, 25.1.4:195-199), so the spec refuses other hashes for those targets; from 22.3 on it is a
 * `chpasswd.users` entry with `type: hash`, which takes any.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { GENERATIONS, runPythonIn, targetOf } from "../helpers/chroots";
import { PYTHON_LOG_CAPTURE } from "../helpers/python-log";
import { cleanupTempDirs, requireBuiltCli, runCli, tempDir } from "../cli/cli-harness";

/** Runs this cloud-init's `cc_set_passwords.handle` on the cloud-config on stdin (JSON); prints the calls. */
const SET_PASSWORDS = `${PYTHON_LOG_CAPTURE}
import inspect, json, sys
from cloudinit.config import cc_set_passwords as m
calls = []
class Distro:
    init_cmd = ["service"]
    def chpasswd(self, plist_in, hashed=False):
        calls.append({"hashed": hashed, "entries": [list(e) for e in plist_in]})
    def expire_passwd(self, user):
        pass
    def get_option(self, name, default=None):
        return default
    def uses_systemd(self):
        return True
    def manage_service(self, *args, **kwargs):
        pass
class Cloud:
    distro = Distro()
if hasattr(m, "chpasswd"):
    # 20.4.1: a module function given "user:password" lines (cc_set_passwords.py 20.4.1:245).
    m.chpasswd = lambda distro, text, hashed=False: calls.append(
        {"hashed": hashed, "entries": [l.split(":", 1) for l in text.splitlines() if l]})
cfg = json.load(sys.stdin)
params = inspect.signature(m.handle).parameters
args = ["set_passwords", cfg, Cloud()] + ([logging.getLogger()] if "log" in params else []) + [[]]
m.handle(*args)
print(json.dumps({"calls": calls, "logged": logged()}))
`;

interface SetPasswords {
  calls: { hashed: boolean; entries: [string, string][] }[];
  logged: string[];
}

function setPasswords(suite: string, cloudConfig: unknown): SetPasswords {
  const r = runPythonIn(suite as (typeof GENERATIONS)[number]["suite"], SET_PASSWORDS, {
    input: JSON.stringify(cloudConfig),
    timeoutMs: 120_000,
  });
  if (r.status !== 0) throw new Error(`${suite}: cc_set_passwords failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as SetPasswords;
}

/** The cloud-config `render -f user-data` writes for root's hash `hash` at target `target`, or its problems. */
function rendered(hash: string, target: string): { cloudConfig?: unknown; stderr: string } {
  const spec = join(tempDir(), "root.yaml");
  writeFileSync(spec, `hostname: h\nrootPasswordHash: "${hash}"\ncloudInit:\n  minVersion: "${target}"\n`);
  const r = runCli(["render", spec, "-f", "user-data", "-o", "-"]);
  return r.status === 0 ? { cloudConfig: parseYaml(r.stdout), stderr: r.stderr } : { stderr: r.stderr };
}

// A SHA-512 hash (`openssl passwd -6`) and a yescrypt one (`mkpasswd -m yescrypt`, Debian's default).
const SHA512 =
  "$6$bvmsalt$DJwqjWvR6.DYbKkqZ3E7gH6T8n2O5p6b2zS1xJ6mJx9x2k0yI5o8O3vQ2b8b0b4V9Yc2mH0Q6q1vW1w1u1t1s.";
const YESCRYPT = "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

describe.each(GENERATIONS.map((g) => [g.suite, g.cloudInit] as const))("cloud-init %s (%s)", (suite) => {
  const target = targetOf(suite);

  it.each([
    ["SHA-512", SHA512],
    ["yescrypt", YESCRYPT],
  ])(`sets root's %s hash as a hash at target ${target}, or the spec refuses it`, (_kind, hash) => {
    const { cloudConfig, stderr } = rendered(hash, target);
    if (hash === YESCRYPT && target === "20.4") {
      expect(cloudConfig).toBeUndefined();
      expect(stderr).toMatch(
        /rootPasswordHash: Root password hashes other than .* need cloud-init 22\.3 or later/,
      );
      return;
    }
    expect(stderr).toBe("");
    const result = setPasswords(suite, cloudConfig);
    expect(result.calls).toEqual([{ hashed: true, entries: [["root", hash]] }]);
    expect(result.logged).toEqual([]);
  });

  // Why the spec refuses: the entry a target before 22.3 is rendered with, given a yescrypt hash.
  it("takes a yescrypt hash in chpasswd.list for the password itself (what the refusal prevents)", () => {
    const result = setPasswords(suite, { chpasswd: { expire: false, list: [`root:${YESCRYPT}`] } });
    expect(result.calls.filter((c) => c.hashed)).toEqual([]);
    expect(result.calls.find((c) => !c.hashed)?.entries).toEqual([["root", YESCRYPT]]);
  });
});
