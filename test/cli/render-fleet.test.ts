/** `render SPEC --fleet PLAN --out-dir DIR`: one base spec times a fleet plan, one process. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupTempDirs, isoFile, listTree, requireBuiltCli, runCli, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ0ZXN0a2V5";

/** A base spec with placeholders (host name, pool address, a common variable, the member number). */
const BASE = `hostname: base
users:
  - name: ops
    sshAuthorizedKeys: ["${KEY} ops@%{hostname}"]
runcmd: ["echo %{role} %{ipv4} > /etc/role"]
network:
  interfaces:
    - name: eth0
      macAddress: "52:54:00:00:00:%{n:2}"
`;

const PLAN = `count: 3
hostname: web-%{n:3}
commonVariables: { role: web }
addressPools:
  - cidr: 10.20.0.0/24
    gateway: 10.20.0.1
    start: 10.20.0.10
`;

/** Member 2 of BASE x PLAN written out by hand: what the fleet must render for it. */
const MEMBER_2 = `hostname: web-002
users:
  - name: ops
    sshAuthorizedKeys: ["${KEY} ops@web-002"]
runcmd: ["echo web 10.20.0.11 > /etc/role"]
network:
  interfaces:
    - name: eth0
      macAddress: "52:54:00:00:00:02"
      addresses: [10.20.0.11/24]
      gateway4: 10.20.0.1
`;

function files(contents: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
  return dir;
}

/** `bootstrapped-vm render SPEC --fleet PLAN -f FORMAT --out-dir OUT`. */
function renderFleet(spec: string, plan: string, format: string, out: string): ReturnType<typeof runCli> {
  return runCli(["render", spec, "--fleet", plan, "-f", format, "--out-dir", out]);
}

describe("bootstrapped-vm render --fleet", () => {
  it("writes one seed image per member, named after its host name, each what render gives the member's own spec", () => {
    const dir = files({ "base.yaml": BASE, "plan.yaml": PLAN, "web-002.yaml": MEMBER_2 });
    const out = join(tempDir(), "seeds");
    const r = renderFleet(join(dir, "base.yaml"), join(dir, "plan.yaml"), "nocloud-iso", out);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(listTree(out)).toEqual(["web-001.iso", "web-002.iso", "web-003.iso"]);
    const single = join(tempDir(), "single.iso");
    expect(runCli(["render", join(dir, "web-002.yaml"), "-f", "nocloud-iso", "-o", single]).status).toBe(0);
    expect(readFileSync(join(out, "web-002.iso")).equals(readFileSync(single))).toBe(true);
    expect(isoFile(join(out, "web-003.iso"), "/network-config").toString()).toContain("10.20.0.12/24");
    expect(isoFile(join(out, "web-001.iso"), "/user-data").toString()).toContain("ops@web-001");
  });

  it("takes the plan as JSON too and writes directories for directory formats", () => {
    const plan = JSON.stringify({ count: 2, hostname: "db-%{index}", commonVariables: { role: "db" } });
    const dir = files({ "base.yaml": BASE.replace("%{ipv4}", "%{hostname}"), "plan.json": plan });
    const out = join(tempDir(), "seeds");
    const r = renderFleet(join(dir, "base.yaml"), join(dir, "plan.json"), "nocloud-dir", out);
    expect(r.stderr).toBe("");
    expect(listTree(out)).toEqual(expect.arrayContaining(["db-0/user-data", "db-1/meta-data"]));
    expect(readFileSync(join(out, "db-1", "user-data"), "utf8")).toContain("echo db db-1 > /etc/role");
  });

  it.each([
    [
      "an unknown plan field",
      "count: 2\nhostname: w-%{n}\ncolour: red\n",
      "plan.yaml:3:1: colour: is not a fleet plan field",
    ],
    [
      "a pool too small for the fleet",
      "count: 5\nhostname: w-%{n}\naddressPools: [{cidr: 10.0.0.0/30}]\n",
      "plan.yaml:3:16: addressPools[0]: 10.0.0.0/30: the pool has 2 free address(es)",
    ],
    ["a plan without count", "hostname: w-%{n}\n", "plan.yaml:1:1: `count` is required"],
    // Each problem says its field once (before: "count: count must be ...", "hostname: `hostname` must be ...").
    [
      "a count out of range",
      "count: 0\nhostname: w-%{n}\n",
      "plan.yaml:1:1: count: must be a whole number from 1 to 10000.\n",
    ],
    [
      "a hostname that is not a pattern",
      "count: 2\nhostname: 5\n",
      "plan.yaml:2:1: hostname: must be a pattern such as `web-%{n:3}`\n",
    ],
    [
      "a plan without hostname",
      "count: 2\n",
      "plan.yaml:1:1: `hostname` is required: a pattern such as `web-%{n:3}`\n",
    ],
    ["a plan that is a list", "- 1\n", "plan.yaml:1:1: a fleet plan must be a mapping"],
  ])("refuses %s at its line in the plan and writes nothing", (_name, plan, expected) => {
    const dir = files({ "base.yaml": BASE, "plan.yaml": plan });
    const out = join(tempDir(), "seeds");
    const r = renderFleet(join(dir, "base.yaml"), join(dir, "plan.yaml"), "nocloud-iso", out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, expected)}`);
    expect(existsSync(out)).toBe(false);
  });

  it("names the base spec's line for an unknown variable and the member for an invalid member spec", () => {
    const noPool = "count: 2\nhostname: w-%{n}\ncommonVariables: { role: web }\n";
    const dir = files({ "base.yaml": BASE, "plan.yaml": noPool, "bad.yaml": BASE.replace("%{n:2}", "zz") });
    const out = join(tempDir(), "seeds");
    const unknown = renderFleet(join(dir, "base.yaml"), join(dir, "plan.yaml"), "nocloud-iso", out);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(
      `${join(dir, "base.yaml")}:5:10: runcmd[0]: unknown fleet variable %{ipv4}`,
    );
    const plan = join(dir, "plan2.yaml");
    writeFileSync(plan, PLAN);
    const invalid = renderFleet(join(dir, "bad.yaml"), plan, "nocloud-iso", out);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(
      new RegExp(
        `^${join(dir, "bad.yaml")}:9:7: network.interfaces\\[0\\].macAddress: .*\\(fleet member 0, web-001\\)$`,
        "m",
      ),
    );
    expect(existsSync(out)).toBe(false);
  });

  it("places a member's host name problem at the plan's hostname pattern, where the fix is", () => {
    const dir = files({ "base.yaml": BASE, "plan.yaml": PLAN.replace("web-%{n:3}", "web_%{n:3}") });
    const out = join(tempDir(), "seeds");
    const r = renderFleet(join(dir, "base.yaml"), join(dir, "plan.yaml"), "nocloud-iso", out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^${join(dir, "plan.yaml")}:2:1: hostname: "web_001" is not an RFC 1123 host name label.*\\(fleet member 0, web_001\\)\n$`,
      ),
    );
    expect(existsSync(out)).toBe(false);
  });

  it("places a problem the render finds (not the validation) at the base spec's line, with a fix a fleet can take", () => {
    // Validation accepts an interface without name or MAC; rendering needs a MAC for it, which a fleet
    // member cannot get from --mac: the problem is the base spec's, placed there.
    const positional = BASE.replace(
      '    - name: eth0\n      macAddress: "52:54:00:00:00:%{n:2}"\n',
      "    - dhcp4: true\n",
    );
    const dir = files({ "base.yaml": positional, "plan.yaml": PLAN });
    const out = join(tempDir(), "seeds");
    const r = renderFleet(join(dir, "base.yaml"), join(dir, "plan.yaml"), "nocloud-iso", out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^${join(dir, "base.yaml")}:8:7: network\\.interfaces\\[0\\]: has neither .*on the interface, or give each member its own with a placeholder, ` +
          `e\\.g\\. macAddress: "52:54:00:00:00:%\\{n:x2\\}" \\(--fleet takes no --mac\\) \\(fleet member 0, web-001\\)\n$`,
      ),
    );
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ["without --out-dir", ["-o", "x.iso"], "--fleet writes one output per member: give --out-dir DIR"],
    ["with two specs", ["--out-dir", "d", "SPEC2"], "--fleet takes one base SPEC, not 2"],
    ["with --mac", ["--out-dir", "d", "-m", "52:54:00:aa:bb:01"], "--mac gives one VM's MACs"],
  ])("is a usage error %s (exit 2)", (_name, extra, expected) => {
    const dir = files({ "base.yaml": BASE, "plan.yaml": PLAN });
    const args = extra.map((a) => (a === "SPEC2" ? join(dir, "base.yaml") : a));
    const r = runCli(
      ["render", join(dir, "base.yaml"), "--fleet", join(dir, "plan.yaml"), "-f", "nocloud-iso", ...args],
      {
        cwd: dir,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(expected);
  });

  it.each([
    [
      "addresses as a string",
      "network:\n  interfaces:\n    - addresses: 10.0.0.5/24\n",
      '4:7: network.interfaces[0].addresses: must be a list, not the string "10.0.0.5/24"',
    ],
    [
      "interfaces as a mapping",
      "network:\n  interfaces:\n    eth0: { dhcp4: true }\n",
      "3:3: network.interfaces: must be a list, not a mapping",
    ],
    ["network as a number", "network: 5\n", "2:1: network: must be a mapping, not the number 5"],
    [
      "a number for an address",
      "network:\n  interfaces:\n    - name: eth0\n      addresses: [7]\n",
      "5:19: network.interfaces[0].addresses[0]: must be a string, not the number 7",
    ],
    [
      "a number for a MAC",
      "network:\n  interfaces:\n    - macAddress: 5\n",
      "4:7: network.interfaces[0].macAddress: must be a string, not the number 5",
    ],
  ])(
    "places a base spec with %s at its line, as render does without --fleet (before: a TypeError)",
    (_name, network, expected) => {
      const dir = files({
        "base.yaml": `hostname: w\n${network}`,
        "plan.yaml": "count: 2\nhostname: w-%{n}\n",
      });
      const out = join(tempDir(), "seeds");
      const r = renderFleet(join(dir, "base.yaml"), join(dir, "plan.yaml"), "nocloud-dir", out);
      expect(r.stderr).toBe(`${join(dir, "base.yaml")}:${expected}\n`);
      expect(r.status).toBe(1);
      const single = runCli([
        "render",
        join(dir, "base.yaml"),
        "-f",
        "nocloud-dir",
        "-o",
        join(tempDir(), "one"),
      ]);
      expect(single.stderr).toBe(r.stderr);
      expect(existsSync(out)).toBe(false);
    },
  );

  it("writes %%{ as a literal %{ (an rpm query format) and says so when a %{name} is no variable", () => {
    const rpm = BASE.replace(
      "echo %{role} %{ipv4} > /etc/role",
      "rpm -qa --qf '%%{NAME}\\\\n' > /root/%{hostname}.rpms",
    );
    const dir = files({
      "base.yaml": rpm,
      "plan.yaml": PLAN,
      "bad.yaml": rpm.replace("%%{NAME}", "%{NAME}"),
    });
    const out = join(tempDir(), "seeds");
    const r = renderFleet(join(dir, "base.yaml"), join(dir, "plan.yaml"), "nocloud-dir", out);
    expect(r.stderr).toBe("");
    expect(readFileSync(join(out, "web-002", "user-data"), "utf8")).toContain(
      "rpm -qa --qf '%{NAME}\\n' > /root/web-002.rpms",
    );
    const unknown = renderFleet(
      join(dir, "bad.yaml"),
      join(dir, "plan.yaml"),
      "nocloud-dir",
      join(tempDir(), "x"),
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(
      `${join(dir, "bad.yaml")}:5:10: runcmd[0]: unknown fleet variable %{NAME}; known: hostname, index, ipv4, n, role. ` +
        "For a literal %{NAME} (an rpm query format, a logstash pattern), write %%{NAME}.",
    );
  });
});

describe("bootstrapped-vm validate SPEC --fleet PLAN", () => {
  /** `bootstrapped-vm validate SPEC --fleet PLAN [...extra]`. */
  function validateFleet(spec: string, plan: string, ...extra: string[]): ReturnType<typeof runCli> {
    return runCli(["validate", spec, "--fleet", plan, ...extra]);
  }

  it("checks every member as render --fleet does and prints one valid line (before: unknown option --fleet, exit 2)", () => {
    const dir = files({ "base.yaml": BASE, "plan.yaml": PLAN });
    const r = validateFleet(join(dir, "base.yaml"), join(dir, "plan.yaml"), "-f", "nocloud-iso");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      `${join(dir, "base.yaml")} --fleet ${join(dir, "plan.yaml")}: valid (3 members, web-001 to web-003)\n`,
    );
  });

  it.each([
    ["a plan problem", BASE, PLAN.replace("10.20.0.0/24", "10.20.0.0/30")],
    ["an unknown variable in the base spec", BASE.replace("%{role}", "%{rack}"), PLAN],
    ["a member's invalid spec", BASE.replace("%{n:2}", "zz"), PLAN],
    ["a member's host name", BASE, PLAN.replace("web-%{n:3}", "web_%{n:3}")],
    [
      "a problem only the render finds",
      BASE.replace('    - name: eth0\n      macAddress: "52:54:00:00:00:%{n:2}"\n', "    - dhcp4: true\n"),
      PLAN,
    ],
  ])("refuses %s with render --fleet's lines and exit status", (_name, base, plan) => {
    const dir = files({ "base.yaml": base, "plan.yaml": plan });
    const rendered = renderFleet(
      join(dir, "base.yaml"),
      join(dir, "plan.yaml"),
      "nocloud-iso",
      join(tempDir(), "s"),
    );
    expect(rendered.status).toBe(1);
    const r = validateFleet(join(dir, "base.yaml"), join(dir, "plan.yaml"), "-f", "nocloud-iso");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(rendered.stderr);
  });

  it("says why a fleet's base spec checked alone is refused: its placeholders (before: only 'is not a MAC address')", () => {
    const dir = files({ "base.yaml": BASE });
    const alone = [
      runCli(["validate", join(dir, "base.yaml")]),
      runCli(["render", join(dir, "base.yaml"), "-f", "user-data", "-o", "-"]),
    ];
    for (const r of alone) {
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        `${join(dir, "base.yaml")}:9:7: network.interfaces[0].macAddress: "52:54:00:00:00:%{n:2}" is not a MAC address; ` +
          "use six hex pairs separated by colons, e.g. `52:54:00:12:34:56` " +
          "(%{n:2} is a fleet placeholder: check and render a fleet's base spec with its plan, --fleet PLAN)\n",
      );
    }
  });

  it.each([
    [["--fleet", "PLAN", "-m", "52:54:00:aa:bb:01"], "--mac gives one VM's MACs"],
    [["SPEC2", "--fleet", "PLAN"], "--fleet takes one base SPEC, not 2"],
    [["--fleet", ""], "missing value for --fleet"],
    [["--fleet", "-"], "- (stdin) can be read once"],
  ])("is a usage error with %j (exit 2)", (extra, expected) => {
    const dir = files({ "base.yaml": BASE, "plan.yaml": PLAN });
    const args = extra.map((a) =>
      a === "SPEC2" ? join(dir, "base.yaml") : a === "PLAN" ? join(dir, "plan.yaml") : a,
    );
    const r = runCli(["validate", extra.includes("-") ? "-" : join(dir, "base.yaml"), ...args], {
      input: BASE,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(expected);
  });

  it("reads the base spec from stdin with a plan file", () => {
    const dir = files({ "plan.yaml": PLAN });
    const r = runCli(["validate", "-", "--fleet", join(dir, "plan.yaml")], { input: BASE });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      `<stdin> --fleet ${join(dir, "plan.yaml")}: valid (3 members, web-001 to web-003)\n`,
    );
  });
});

describe("the fleet plan's own messages", () => {
  it("names a plan that cannot be read a fleet plan, not a spec (before: 'cannot read spec')", () => {
    const dir = files({ "base.yaml": BASE });
    const missing = join(dir, "plan.yaml");
    for (const command of [["render", "-f", "nocloud-iso", "--out-dir", join(dir, "s")], ["validate"]]) {
      const r = runCli([
        command[0] as string,
        join(dir, "base.yaml"),
        "--fleet",
        missing,
        ...command.slice(1),
      ]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`${missing}: cannot read fleet plan: no such file\n`);
    }
  });

  it("suggests the field a mistyped plan field means, as spec keys get (before: only the list of fields)", () => {
    const dir = files({ "base.yaml": BASE, "plan.yaml": PLAN.replace("addressPools:", "adressPools:") });
    const r = renderFleet(
      join(dir, "base.yaml"),
      join(dir, "plan.yaml"),
      "nocloud-iso",
      join(tempDir(), "s"),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `${join(dir, "plan.yaml")}:4:1: adressPools: is not a fleet plan field; did you mean \`addressPools\`? ` +
        "(fields: count, hostname, addressPools, variables, commonVariables)\n",
    );
  });
});

describe("docs/fleets.md's command line example", () => {
  const doc = readFileSync(join(__dirname, "..", "..", "docs", "fleets.md"), "utf8");
  /** The ```yaml block of docs/fleets.md whose first line is `# NAME: ...`. */
  const block = (name: string) => doc.match(new RegExp(`^\`\`\`yaml\n(# ${name}:[^]*?)^\`\`\`$`, "m"))?.[1];
  const commands = [...(doc.match(/^```sh\n([^]*?)^```$/m)?.[1] ?? "").matchAll(/^bootstrapped-vm (.*)$/gm)];

  it("runs as written: the fleet validated, then 100 seed images, each member with its own MAC (hexadecimal past 99) and address", () => {
    const dir = files({ "worker.yaml": block("worker.yaml") ?? "", "plan.yaml": block("plan.yaml") ?? "" });
    expect(commands.map((c) => c[1]?.split(" ")[0])).toEqual(["validate", "render"]);
    const check = runCli((commands[0]?.[1] ?? "").split(/\s+/), { cwd: dir });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
    // The output the page shows under the command.
    expect(doc).toContain(`\n# ${check.stdout.trimEnd()}\n`);
    const r = runCli((commands[1]?.[1] ?? "").split(/\s+/), { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const seeds = listTree(join(dir, "seeds"));
    expect(seeds).toHaveLength(100);
    expect([seeds[0], seeds[99]]).toEqual(["worker-001.iso", "worker-100.iso"]);
    const last = isoFile(join(dir, "seeds", "worker-100.iso"), "/network-config").toString();
    expect(last).toContain("52:54:00:00:00:64");
    expect(last).toContain("10.20.0.163/22");
    const userData = isoFile(join(dir, "seeds", "worker-100.iso"), "/user-data").toString();
    expect(userData).toContain("name=worker-100\n");
    expect(userData).toContain("address=10.20.0.163\n");
  });
});
