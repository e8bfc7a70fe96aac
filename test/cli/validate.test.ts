import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupTempDirs, fixture, requireBuiltCli, runCli, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

describe("bootstrapped-vm validate", () => {
  it.each(["minimal.yaml", "full.yaml", "full.json"])("accepts the valid spec %s with exit 0", (name) => {
    const r = runCli(["validate", fixture(name)]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${fixture(name)}: valid\n`);
  });

  it("reports every problem of an invalid spec on its own line as `FILE:LINE:COL: <property path>: <message>` and exits 1", () => {
    const file = fixture("invalid.yaml");
    const r = runCli(["validate", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line.startsWith(`${file}:`)).toBe(true);
    const rest = lines.map((l) => l.slice(file.length + 1));
    for (const line of rest) expect(line).toMatch(/^\d+:\d+: [A-Za-z][\w.[\]"-]*: \S/);
    // Each problem sits at its property's key (or list item) in the file.
    expect(rest).toContainEqual(expect.stringMatching(/^2:1: hostname: /));
    expect(rest).toContainEqual(
      expect.stringMatching(/^\d+:\d+: network\.interfaces\[0\]\.addresses\[0\]: /),
    );
    expect(rest).toContainEqual(expect.stringMatching(/^\d+:1: colour: /));
  });

  it("lists the problems in the order of their places in the file, as compilers do", () => {
    const dir = tempDir();
    const file = join(dir, "order.yaml");
    // The checks find the unknown keys first and the type errors after them; the file has them mixed.
    writeFileSync(
      file,
      "hostname: web-01\nusers:\n  - name: ops\n    groups: sudo\n    lock_passwd: true\n" +
        "write_files: []\nfiles:\n  - path: /x\n    content: y\n    permissions: 0644\n",
    );
    const r = runCli(["validate", file]);
    expect(r.status).toBe(1);
    const places = r.stderr
      .trimEnd()
      .split("\n")
      .map((l) => l.slice(file.length + 1).replace(/: .*$/, ""));
    expect(places).toEqual(["4:5", "5:5", "6:1", "10:5"]);
  });

  it("refuses cloud-config nested deeper than cloud-init reads, at its place, however deep (not a stack overflow)", () => {
    const dir = tempDir();
    for (const levels of [600, 50000]) {
      const file = join(dir, `deep-${levels}.json`);
      // {"hostname": "h", "extraCloudConfig": {"chef": {"a": {"a": ... "leaf" ...}}}}: levels deep in all.
      const open = '{"a": '.repeat(levels - 2);
      writeFileSync(
        file,
        `{"hostname": "h", "extraCloudConfig": {"chef": ${open}"leaf"${"}".repeat(levels - 2)}}}\n`,
      );
      const r = runCli(["validate", file]);
      expect(r.stdout).toBe("");
      // At the key of the first mapping past level 100: the 99th "a" (the first at column 49, 6 apart).
      expect(r.stderr).toBe(
        `${file}:1:${49 + 6 * 98}: extraCloudConfig.chef${".a".repeat(99)}: nests lists and mappings more than 100 levels deep (this one is level 101); cloud-init's YAML reader fails on deep nesting: flatten the data, or give it as one string (e.g. JSON in a file's content)\n`,
      );
      expect(r.status).toBe(1);
    }
  });

  it("refuses YAML the spec reader would read otherwise than PyYAML: unknown tags, collection keys, merge keys", () => {
    const dir = tempDir();
    const file = join(dir, "pyyaml.yaml");
    writeFileSync(
      file,
      [
        "hostname: h",
        "extraCloudConfig:",
        "  a: !foo bar",
        "  b: !!python/object:os.system [ls]",
        "  c: !!float 1",
        "  ? [x, y]",
        "  : 1",
        "  <<: {runcmd: [echo merged]}",
        '  "<<quoted": !!str 1',
        "",
      ].join("\n"),
    );
    const r = runCli(["validate", file]);
    const plain = "a spec holds plain YAML values (strings, numbers, booleans, null, lists and mappings)";
    expect(r.stderr).toBe(
      [
        `${file}:3:6: the tag \`!foo\` is not one a spec reads (the value would be read without it); remove it: ${plain}`,
        `${file}:4:6: the tag \`!!python/object:os.system\` is not one a spec reads (the value would be read without it); remove it: ${plain}`,
        `${file}:5:6: the tag \`!!float\` is not one a spec reads (the value would be read without it); remove it: ${plain}`,
        `${file}:6:5: a list as a key; the keys of a spec are strings: write this key as one`,
        `${file}:8:3: \`<<\` merges mappings in YAML 1.1 (PyYAML), not in a spec, which is read as YAML 1.2: write the keys out (or quote it, \`"<<"\`, for a key of that name)`,
        "",
      ].join("\n"),
    );
    expect(r.stdout).toBe("");
    expect(r.status).toBe(1);
    // The YAML 1.1 tags the library would still resolve when written out (to bytes, a Date, a Set, a Map, a
    // list of one-key mappings) are refused as other tags are, at the tag, whatever the field.
    writeFileSync(
      file,
      [
        "hostname: !!binary aGVsbG8=",
        "extraCloudConfig:",
        "  a: !!timestamp 2001-01-01",
        "  b: !!set {x}",
        "  c: !!omap [x: 1]",
        "  d: !!pairs [x: 1]",
        "  !!merge << : {e: 1}",
        "",
      ].join("\n"),
    );
    const tagged = runCli(["validate", file]);
    expect(tagged.stderr).toBe(
      [
        [1, 11, "!!binary"],
        [3, 6, "!!timestamp"],
        [4, 6, "!!set"],
        [5, 6, "!!omap"],
        [6, 6, "!!pairs"],
        [7, 3, "!!merge"],
      ]
        .map(
          ([line, col, tag]) =>
            `${file}:${line}:${col}: the tag \`${tag}\` is not one a spec reads (the value would be read without it); remove it: ${plain}\n`,
        )
        .join("") +
        `${file}:7:11: \`<<\` merges mappings in YAML 1.1 (PyYAML), not in a spec, which is read as YAML 1.2: write the keys out (or quote it, \`"<<"\`, for a key of that name)\n`,
    );
    expect(tagged).toMatchObject({ stdout: "", status: 1 });
    // An alias standing for a list, a mapping or a plain << is that node as a key (PyYAML keys or merges it).
    writeFileSync(
      file,
      [
        "hostname: h",
        "extraCloudConfig:",
        "  l: &l [x, y]",
        "  m: &m {a: 1}",
        "  s: &s <<",
        "  *l : 1",
        "  *m : 2",
        "  *s : {runcmd: [echo merged]}",
        "  ? *l",
        "  : 3",
        "",
      ].join("\n"),
    );
    const aliased = runCli(["validate", file]);
    expect(aliased.stderr).toBe(
      [
        `${file}:6:3: a list as a key (the alias *l stands for one); the keys of a spec are strings: write this key as one`,
        `${file}:7:3: a mapping as a key (the alias *m stands for one); the keys of a spec are strings: write this key as one`,
        `${file}:8:3: \`<<\` merges mappings in YAML 1.1 (PyYAML), not in a spec, which is read as YAML 1.2: write the keys out (or quote it, \`"<<"\`, for a key of that name)`,
        `${file}:9:5: a list as a key (the alias *l stands for one); the keys of a spec are strings: write this key as one`,
        "",
      ].join("\n"),
    );
    expect(aliased).toMatchObject({ stdout: "", status: 1 });
    // An alias of a string as a key is that string.
    writeFileSync(file, "hostname: h\nextraCloudConfig:\n  k: &k name\n  *k : 1\n");
    expect(runCli(["validate", file])).toMatchObject({ status: 0, stdout: `${file}: valid\n`, stderr: "" });
    // A quoted "<<" is a key of that name, and the tags the reader resolves are read as PyYAML reads them.
    writeFileSync(
      file,
      'hostname: h\nextraCloudConfig:\n  "<<": {runcmd: [x]}\n  n: !!str 1\n  i: !!int "3"\n',
    );
    expect(runCli(["validate", file])).toMatchObject({ status: 0, stdout: `${file}: valid\n`, stderr: "" });
  });

  it("refuses plain values of cloud-config given as it is that cloud-init's PyYAML (YAML 1.1) reads otherwise", () => {
    const dir = tempDir();
    const file = join(dir, "yaml11.yaml");
    writeFileSync(
      file,
      [
        "hostname: on",
        "extraCloudConfig:",
        "  package_upgrade: yes",
        "  write_files:",
        "    - {path: /etc/a, content: a, permissions: 0600}",
        "  bootcmd: [[sleep, 1_000], [echo, 1e3], [echo, &t 1:30]]",
        "  on: [0o17, 09, true, ~, 2024-01-01, 1.5, 0x1F, -0, .inf]",
        "vendorCloudConfig:",
        "  runcmd: [[echo, *t, Off]]",
        "  bootcmd: [._42]",
        "",
      ].join("\n"),
    );
    const r = runCli(["validate", file]);
    const at = (place: string, text: string, ours: string, theirs: string) =>
      `${file}:${place}: \`${text}\` reads as ${ours} here (YAML 1.2) but as ${theirs} in cloud-init (PyYAML, YAML 1.1); write ${theirs} or ${ours}, whichever you mean`;
    expect(r.stderr).toBe(
      [
        at("3:20", "yes", '"yes"', "true"),
        `${file}:5:47: \`0600\` reads as 600 here (YAML 1.2) but as 384 (octal) in cloud-init (PyYAML, YAML 1.1); for a file mode write "0600" (cloud-config's permissions are strings), else 384 or 600, whichever you mean`,
        at("6:21", "1_000", '"1_000"', "1000"),
        at("6:36", "1e3", "1000", '"1e3"'),
        at("6:52", "1:30", '"1:30"', "90"),
        at("7:3", "on", '"on"', "true"),
        at("7:8", "0o17", "15", '"0o17"'),
        at("7:14", "09", "9", '"09"'),
        at("9:19", "1:30", '"1:30"', "90"),
        at("9:23", "Off", '"Off"', "false"),
        `${file}:10:13: \`._42\` reads as "._42" here (YAML 1.2) but as 0.42 in cloud-init 20.4 (PyYAML 5.3, YAML 1.1); write 0.42 or "._42", whichever you mean`,
        "",
      ].join("\n"),
    );
    expect(r).toMatchObject({ stdout: "", status: 1 });
    // Written so that both read them alike, the same values are valid, and the user-data holds them so.
    writeFileSync(
      file,
      [
        "hostname: on",
        "extraCloudConfig:",
        "  package_upgrade: true",
        "  write_files:",
        '    - {path: /etc/a, content: a, permissions: "0600"}',
        '  bootcmd: [[sleep, "1_000"], [echo, "1e3"], [echo, 90]]',
        "",
      ].join("\n"),
    );
    expect(runCli(["validate", file])).toMatchObject({ status: 0, stdout: `${file}: valid\n`, stderr: "" });
    const userData = runCli(["render", file, "-f", "user-data", "-o", "-"]).stdout;
    expect(userData).toContain('permissions: "0600"');
    expect(userData).toContain("package_upgrade: true");
  });

  it("places problems of a JSON spec at their line and column too", () => {
    const dir = tempDir();
    const file = join(dir, "bad.json");
    writeFileSync(file, '{\n  "hostname": "web_01",\n  "users": [{"name": "ok", "groups": ["a,b"]}]\n}\n');
    const r = runCli(["validate", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:2:3: hostname: "web_01" is not an RFC 1123 host name label`);
    expect(r.stderr).toContain(`${file}:3:39: users[0].groups[0]: "a,b" is not a group name`);
  });

  it("refuses an alias bomb with the file, the line and column of the multiplying alias, and exits 1", () => {
    const file = fixture("alias-bomb.yaml");
    const r = runCli(["validate", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^${file.replace(/[.]/g, "\\.")}:4:8: aliases here expand the document`),
    );
  });

  it("points at the line and column of a YAML syntax error and exits 1", () => {
    const r = runCli(["validate", fixture("syntax-error.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^${fixture("syntax-error.yaml").replace(/[.]/g, "\\.")}:\\d+:\\d+: `),
    );
  });

  it("says in a spec author's words what the YAML library refuses: a second document, too deep nesting", () => {
    const dir = tempDir();
    const multi = join(dir, "multi.yaml");
    writeFileSync(multi, "hostname: a\n---\nhostname: b\n");
    const deep = join(dir, "deep.yaml");
    writeFileSync(deep, `hostname: a\nruncmd: ${"[".repeat(2000)}${"]".repeat(2000)}\n`);
    const two = runCli(["validate", multi]);
    expect(two.status).toBe(1);
    expect(two.stderr).toBe(
      `${multi}:2:1: a second YAML document starts here (\`---\`); a spec file holds one spec\n`,
    );
    const nested = runCli(["validate", deep]);
    expect(nested.status).toBe(1);
    expect(nested.stderr).toMatch(
      new RegExp(
        `^${deep.replace(/[.]/g, "\\.")}:2:\\d+: collections nest too deeply here to be read; a spec needs only a few levels\n$`,
      ),
    );
  });

  it("names the key a duplicate-key error means, in YAML and JSON specs", () => {
    const dir = tempDir();
    const cases: [string, string, string][] = [
      ["dup.yaml", "hostname: a\nusers:\n  - name: ops\n    shell: /bin/sh\n    shell: /bin/bash\n", "5:5"],
      ["dup.json", '{"hostname": "a",\n "hostname": "b"}\n', "2:2"],
    ];
    for (const [name, text, place] of cases) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const r = runCli(["validate", file]);
      expect(r.status).toBe(1);
      const key = name.endsWith(".json") ? "hostname" : "shell";
      expect(r.stderr).toBe(
        `${file}:${place}: duplicate key "${key}"; a mapping holds each key once (keep one)\n`,
      );
    }
  });

  it('names an empty key written twice as ""', () => {
    const dir = tempDir();
    for (const [name, text, place] of [
      ["empty.yaml", 'hostname: a\nmetadata:\n  "": x\n  "": y\n', "4:3"],
      ["empty.json", '{"hostname": "a", "metadata": {"": "x",\n "": "y"}}\n', "2:2"],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const r = runCli(["validate", file]);
      expect([r.status, r.stderr]).toEqual([
        1,
        `${file}:${place}: duplicate key ""; a mapping holds each key once (keep one)\n`,
      ]);
    }
  });

  it("refuses a YAML spec with a carriage return alone at it, which PyYAML reads as a line end", () => {
    const dir = tempDir();
    for (const [text, place] of [
      ["hostname: web1\rtimezone: UTC\r", "1:15"], // two keys to PyYAML; one error to the yaml library
      ['hostname: web1\r\nfinalMessage: "a\rb"\r\n', "2:17"], // "a b" to PyYAML; "a\rb" to the yaml library
    ] as const) {
      const file = join(dir, "mac.yaml");
      writeFileSync(file, text);
      const r = runCli(["validate", file]);
      expect([r.status, r.stderr]).toEqual([
        1,
        `${file}:${place}: a carriage return without a line feed (an old Mac line end), which YAML readers ` +
          "split lines at differently; save the file with LF (or CRLF) line ends\n",
      ]);
    }
  });

  it("says a missing spec file does not exist and exits 1", () => {
    const r = runCli(["validate", fixture("does-not-exist.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${fixture("does-not-exist.yaml")}: cannot read spec: no such file\n`);
  });

  it("rejects a spec that is a list instead of a mapping", () => {
    const r = runCli(["validate", fixture("not-a-mapping.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `${fixture("not-a-mapping.yaml")}:1:1: a spec must be a mapping of BootstrapSpec fields (hostname, users, ...)\n`,
    );
  });
});

describe("bootstrapped-vm validate --format: the rules render applies", () => {
  const FORMATS = [
    "nocloud-iso",
    "configdrive-iso",
    "nocloud-dir",
    "configdrive-dir",
    "guestinfo",
    "vapp",
    "user-data",
    "network-config",
    "vmware-seeder",
  ];
  afterAll(() => cleanupTempDirs());

  it("refuses a spec whose interfaces need a MAC, naming --mac as the fix, as render does", () => {
    const v = runCli(["validate", fixture("by-position.yaml")]);
    expect(v.status).toBe(1);
    expect(v.stdout).toBe("");
    // Placed in the file like the spec's own problems, every interface that needs a MAC on its own line.
    expect(v.stderr).toBe(
      [0, 1]
        .map(
          (nic) =>
            `${fixture("by-position.yaml")}:${5 + 2 * nic}:7: network.interfaces[${nic}]: has neither \`name\` nor ` +
            `\`macAddress\`, and the platform assigned no MAC address for NIC ${nic}; set \`macAddress\` (or ` +
            `\`name\`) on the interface, or pass the MAC the platform gives NIC ${nic} with --mac (one --mac per ` +
            "NIC, in NIC order)\n",
        )
        .join(""),
    );
    const oneMac = runCli(["validate", "--mac", "52:54:00:aa:bb:01", fixture("by-position.yaml")]);
    expect(oneMac.status).toBe(1);
    expect(oneMac.stderr).toMatch(
      /^\S+by-position\.yaml:7:7: network\.interfaces\[1\]: .*pass the MAC the platform gives NIC 1 with --mac[^\n]*\n$/,
    );
    const ok = runCli([
      "validate",
      "-m",
      "52:54:00:aa:bb:01",
      "--mac",
      "52:54:00:aa:bb:02",
      fixture("by-position.yaml"),
    ]);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
  });

  // One rule set: for every format and spec, validate accepts exactly what render accepts and prints
  // the same problems.
  it.each(
    FORMATS.flatMap((format) =>
      [
        ["minimal.yaml"],
        ["full.yaml"],
        ["by-position.yaml"],
        ["by-position.yaml", "--mac", "52:54:00:aa:bb:01"],
        ["by-position.yaml", "--mac", "52:54:00:aa:bb:01", "--mac", "52:54:00:aa:bb:02"],
        // One --mac past the spec's interfaces: the same warning, and both still succeed.
        ["by-position.yaml", "-m", "52:54:00:aa:bb:01", "-m", "52:54:00:aa:bb:02", "-m", "52:54:00:aa:bb:03"],
      ].map((args) => [format, args] as [string, string[]]),
    ),
  )("--format %s %j: same exit status and problems as render", (format, [spec, ...extra]) => {
    const out = join(tempDir(), "out");
    const r = runCli(["render", fixture(spec as string), "--format", format, "--out", out, ...extra]);
    const v = runCli(["validate", fixture(spec as string), "--format", format, ...extra]);
    expect(v.status).toBe(r.status);
    expect(v.stderr).toBe(r.stderr);
    expect(v.stdout).toBe(r.status === 0 ? `${fixture(spec as string)}: valid\n` : "");
    if (extra.length === 6) {
      expect(v.stderr).toBe(
        format === "vmware-seeder"
          ? ""
          : "warning: --mac 52:54:00:aa:bb:03 (NIC 2) is not used: the spec has 2 interfaces (network.interfaces[0] to [1])\n",
      );
    }
  });

  it("refuses --mac values two interfaces would share, or a multicast one, as render does", () => {
    const spec = fixture("by-position.yaml");
    for (const command of ["validate", "render"]) {
      const out = command === "render" ? ["-f", "network-config", "-o", join(tempDir(), "net")] : [];
      const twice = runCli([command, spec, ...out, "-m", "52:54:00:00:00:01", "-m", "52:54:00:00:00:01"]);
      expect(twice.status).toBe(1);
      expect(twice.stderr).toBe(
        `${spec}:7:7: network.interfaces[1]: the platform's MAC for NIC 1, 52:54:00:00:00:01, is ` +
          "network.interfaces[0]'s too; each interface needs its own; pass the MAC the platform gives NIC 1 " +
          "with --mac (one --mac per NIC, in NIC order)\n",
      );
      const multicast = runCli([command, spec, ...out, "-m", "01:00:5e:00:00:01", "-m", "52:54:00:00:00:02"]);
      expect(multicast.status).toBe(1);
      expect(multicast.stderr).toMatch(
        /^.*:5:7: network\.interfaces\[0\]: the platform's MAC for NIC 0, 01:00:5e:00:00:01, is a multicast/,
      );
    }
  });

  it("refuses --format network-config for a spec without a network, as render does", () => {
    const v = runCli(["validate", "-f", "network-config", fixture("minimal.yaml")]);
    expect(v.status).toBe(1);
    expect(v.stderr).toBe(
      `${fixture("minimal.yaml")}:2:1: network: the spec has no network section, so there is no network-config ` +
        "to render (add network.interfaces)\n",
    );
  });

  /**
   * Validates `lines` (a spec valid for nocloud-iso) with `--format configdrive-iso`, which must refuse it
   * with exactly one line; returns that line.
   */
  function configDriveRefusal(name: string, lines: readonly string[]): { spec: string; line: string } {
    const spec = join(tempDir(), name);
    writeFileSync(spec, `${lines.join("\n")}\n`);
    expect(runCli(["validate", "-f", "nocloud-iso", spec]).status).toBe(0);
    const v = runCli(["validate", "-f", "configdrive-iso", spec]);
    expect(v.status).toBe(1);
    expect(v.stderr.endsWith("\n") && !v.stderr.slice(0, -1).includes("\n")).toBe(true);
    return { spec, line: v.stderr.slice(0, -1) };
  }

  const NICS = ["    - name: eth0", '      macAddress: "52:54:00:00:00:01"'];

  it("places a format's own refusals in the file, naming the format to render instead", () => {
    // Valid for every format but a config drive: network_data.json has no bridge link.
    const bridge = ["  bridges:", "    - name: br0", "      interfaces: [eth0]", "      dhcp4: true"];
    const { spec, line } = configDriveRefusal("bridge.yaml", [
      "hostname: br-01",
      "network:",
      "  interfaces:",
      ...NICS,
      ...bridge,
    ]);
    expect(line.startsWith(`${spec}:7:7: network.bridges[0]: network_data.json has no bridge link `)).toBe(
      true,
    );
    expect(
      line.endsWith(
        "; render --format nocloud-iso, guestinfo or vapp (network config v2), or remove the bridge",
      ),
    ).toBe(true);
  });

  it("refuses for a config drive, as render does, the routes of a NIC without addressing", () => {
    const route = ["      routes:", '        - { to: "::/0", via: "fe80::1" }'];
    const { spec, line } = configDriveRefusal("unaddressed-routes.yaml", [
      "hostname: ll-01",
      "network:",
      "  interfaces:",
      ...NICS,
      ...route,
    ]);
    expect(
      line.startsWith(`${spec}:6:7: network.interfaces[0].routes: network_data.json carries routes only `),
    ).toBe(true);
    expect(
      line.endsWith(
        "; give the device a static address, DHCP or SLAAC (its routes then go on that network), or render " +
          "--format nocloud-iso, guestinfo or vapp (network config v2)",
      ),
    ).toBe(true);
    const r = runCli(["render", "-f", "configdrive-dir", spec, "-o", join(tempDir(), "out")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${line}\n`);
  });

  it("refuses for a config drive, as render does, the DNS of its own of a NIC without addressing", () => {
    const { spec, line } = configDriveRefusal("unaddressed-dns.yaml", [
      "hostname: ud-01",
      "network:",
      "  interfaces:",
      ...NICS,
      '      nameservers: ["10.1.1.53"]',
    ]);
    expect(
      line.startsWith(
        `${spec}:6:7: network.interfaces[0].nameservers: network_data.json carries a device's own DNS only `,
      ),
    ).toBe(true);
    expect(
      line.endsWith(
        "; give the device a static address, DHCP or SLAAC (its DNS then goes on that network), or render " +
          "--format nocloud-iso, guestinfo or vapp (network config v2)",
      ),
    ).toBe(true);
    const r = runCli(["render", "-f", "configdrive-dir", spec, "-o", join(tempDir(), "out")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${line}\n`);
  });

  it("offers only the formats the spec's target can take instead of a config drive's bridge", () => {
    const bridge = ["  bridges:", "    - name: br0", "      interfaces: [eth0]", "      dhcp4: true"];
    for (const [target, formats] of [
      ["20.4", "nocloud-iso"],
      ["21.3", "nocloud-iso or guestinfo"],
      ["21.4", "nocloud-iso, guestinfo or vapp"],
    ] as const) {
      const { line } = configDriveRefusal(`bridge-${target}.yaml`, [
        "hostname: br-01",
        `cloudInit: {minVersion: "${target}"}`,
        "network:",
        "  interfaces:",
        ...NICS,
        ...bridge,
      ]);
      expect(line).toMatch(/; render --format [^;]* \(network config v2\), or remove the bridge$/);
      expect(line.endsWith(`; render --format ${formats} (network config v2), or remove the bridge`)).toBe(
        true,
      );
      // Each format offered takes the spec.
      const spec = line.slice(0, line.indexOf(":"));
      for (const format of formats.split(/, | or /))
        expect(runCli(["validate", "-f", format, spec]).status).toBe(0);
    }
  });

  it("names the format to render instead when a config drive cannot carry a bond's name", () => {
    const second = ["    - name: eth1", '      macAddress: "52:54:00:00:00:02"'];
    const bond = [
      "  bonds:",
      "    - name: uplink",
      "      interfaces: [eth0, eth1]",
      "      mode: active-backup",
      "      dhcp4: true",
    ];
    const { spec, line } = configDriveRefusal("bond.yaml", [
      "hostname: bond-01",
      "network:",
      "  interfaces:",
      ...NICS,
      ...second,
      ...bond,
    ]);
    expect(
      line.startsWith(`${spec}:9:7: network.bonds[0].name: network_data.json has no field for a bond's name`),
    ).toBe(true);
    expect(line.endsWith("name this bond `bond0`, or render --format nocloud-iso (network config v2)")).toBe(
      true,
    );
  });

  it("checks render's option rules too: unknown formats and misplaced options are usage errors", () => {
    const format = runCli(["validate", "--format", "iso", fixture("full.yaml")]);
    expect(format.status).toBe(2);
    expect(format.stderr).toMatch(
      /^bootstrapped-vm validate: unknown --format "iso"; use one of: nocloud-iso, /,
    );
    const version = runCli(["validate", "--network-version", "1", fixture("full.yaml")]);
    expect(version.status).toBe(2);
    expect(version.stderr).toMatch(/--network-version applies only to --format network-config/);
    const mac = runCli(["validate", "--mac", "nope", fixture("full.yaml")]);
    expect(mac.status).toBe(2);
    expect(mac.stderr).toMatch(/--mac #1: "nope" is not a MAC address/);
  });
});

describe("bootstrapped-vm validate SPEC... (several specs, as a CI job checks a directory)", () => {
  it("checks every spec, prints `SPEC: valid` for each valid one and each problem with its file, and exits 1 if any is invalid (before: a usage error, exit 2)", () => {
    const dir = tempDir();
    const missing = join(dir, "gone.yaml");
    const specs = [fixture("minimal.yaml"), fixture("invalid.yaml"), missing, fixture("full.json")];
    const r = runCli(["validate", ...specs]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${fixture("minimal.yaml")}: valid\n${fixture("full.json")}: valid\n`);
    // Each spec's lines are those it gets alone, in the order of the specs.
    const alone = runCli(["validate", fixture("invalid.yaml")]);
    expect(r.stderr).toBe(`${alone.stderr}${missing}: cannot read spec: no such file\n`);
  });

  it("exits 0 when every spec is valid, with the format's rules for each", () => {
    const specs = [fixture("minimal.yaml"), fixture("full.yaml")];
    const r = runCli(["validate", "-f", "nocloud-iso", ...specs]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(specs.map((s) => `${s}: valid\n`).join(""));
  });

  it("names the spec on a problem that is placed in no file, as render --out-dir does", () => {
    // A spec that only --mac could complete, rendered for a format with no room for the interface.
    const r = runCli(["validate", fixture("minimal.yaml"), fixture("by-position.yaml")]);
    expect(r.status).toBe(1);
    for (const line of r.stderr.trimEnd().split("\n"))
      expect(line.startsWith(`${fixture("by-position.yaml")}:`)).toBe(true);
  });

  it.each([
    [
      ["-m", "52:54:00:12:34:56"],
      "--mac gives one VM's MACs; with several specs set each interface's macAddress in its spec",
    ],
    [["-"], "- (stdin) can be read once: give it for one file only"],
  ])("is a usage error with several specs and %j (exit 2)", (extra, expected) => {
    const r = runCli(["validate", "-", fixture("minimal.yaml"), ...extra], { input: "hostname: a\n" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(expected);
  });

  it("refuses bytes that are not UTF-8 at their place, instead of reading them as U+FFFD", () => {
    const dir = tempDir();
    const latin1 = join(dir, "latin1.yaml");
    // `finalMessage: "café"` saved as Latin-1: rendered `caf\ufffd` with exit 0 before.
    writeFileSync(latin1, Buffer.from('hostname: web\nfinalMessage: "caf\xe9"\n', "latin1"));
    const rendered = runCli(["render", latin1, "--format", "user-data", "--out", "-"]);
    expect(rendered.stdout).toBe("");
    expect(rendered.stderr).toBe(
      `${latin1}:2:19: byte 0xE9 is not UTF-8 text (a Latin-1 or Windows-1252 character?); save the file ` +
        "as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)\n",
    );
    expect(rendered.status).toBe(1);
    for (const name of ["utf16.yaml", "utf16.json"]) {
      const file = join(dir, name);
      writeFileSync(file, Buffer.from("\ufeffhostname: web\n", "utf16le"));
      const r = runCli(["validate", file]);
      expect([r.status, r.stderr]).toEqual([
        1,
        `${file}:1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 ` +
          "(e.g. iconv -f UTF-16 -t UTF-8)\n",
      ]);
    }
    // U+FFFD written as UTF-8 is text like any other.
    const replacement = join(dir, "fffd.yaml");
    writeFileSync(replacement, 'hostname: web\nfinalMessage: "\ufffd"\n');
    expect(runCli(["validate", replacement]).status).toBe(0);
  });

  it("reads no more of a spec than 128 MiB: an endless input is refused, not read until memory runs out", () => {
    const r = runCli(["validate", "-"], { input: "#".repeat(128 * 2 ** 20 + 1) });
    expect(r.stderr).toBe(
      "<stdin>: cannot read spec: it goes on past 128 MiB, more than a spec file holds (a device such as " +
        "/dev/zero, or a pipe that does not end?); give the spec file itself\n",
    );
    expect(r.status).toBe(1);
    expect(runCli(["validate", "-"], { input: `hostname: web\n${"#".repeat(64 * 2 ** 20)}\n` }).status).toBe(
      0,
    );
  });
});
