/**
 * Spec problems as a user meets them on the command line: "did you mean" for cloud-init's own key
 * names and near misses, and `sudo` given as one string (as cloud-init takes it).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { runCloudInit } from "../helpers/cloud-init";
import { cleanupTempDirs, requireBuiltCli, runCli, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

function specFile(text: string): string {
  const path = join(tempDir(), "spec.yaml");
  writeFileSync(path, text);
  return path;
}

/** The problems `validate` prints, each checked to start with `FILE:LINE:COLUMN: ` and returned without it. */
function validateLines(text: string): string[] {
  const file = specFile(text);
  const r = runCli(["validate", file]);
  expect(r.status).toBe(1);
  return r.stderr
    .trimEnd()
    .split("\n")
    .map((line) => {
      expect(line.startsWith(`${file}:`)).toBe(true);
      return line.slice(file.length).replace(/^:\d+:\d+: /, "");
    });
}

describe("how to write a value the way a spec takes it, for what cloud-config users write", () => {
  it.each([
    [
      "files:\n  - path: /etc/x\n    content: aGk=\n    encoding: b64\n",
      'files[0].encoding: the string "b64" is not one of text, base64, gzip+base64 (did you mean `base64`? ' +
        "cloud-init's `b64` is `base64` in a spec)",
    ],
    [
      "files:\n  - path: /etc/x\n    content: aGk=\n    encoding: gz+b64\n",
      'files[0].encoding: the string "gz+b64" is not one of text, base64, gzip+base64 (did you mean ' +
        "`gzip+base64`? cloud-init's `gz+b64` is `gzip+base64` in a spec)",
    ],
    [
      "files:\n  - path: /etc/x\n    content: hi\n    permissions: 0644\n",
      'files[0].permissions: must be a string, not the number 644; quote it: YAML reads 0644 as the number 644, so write "0644"',
    ],
    [
      "users:\n  - default\n  - name: ops\n",
      'users[0]: must be a mapping, not the string "default"; the distribution\'s default user is kept unless ' +
        "`keepDefaultUser: false`: list only the users to add",
    ],
    [
      'users:\n  - name: ops\n    groups: "sudo, adm"\n',
      'users[0].groups: must be a list, not the string "sudo, adm"; write a list, e.g. [sudo, adm]',
    ],
    [
      "etcHosts: true\n",
      "etcHosts: must be a string, not the boolean true; cloud-init's `manage_etc_hosts: true` is " +
        '`etcHosts: "template"` in a spec',
    ],
    [
      "users:\n  - name: ops\n    sudo:\n",
      "users[0].sudo: must be a string or a list, not null; leave `sudo` out for no sudo rules (cloud-init's `sudo: null`)",
    ],
    [
      "users:\n  - name: ops\n    sudo: false\n",
      "users[0].sudo: must be a string or a list, not the boolean false; leave `sudo` out for no sudo rules " +
        "(cloud-init's `sudo: false`)",
    ],
  ])("%j", (fields, message) => {
    expect(validateLines(`hostname: a\n${fields}`)).toEqual([message]);
  });

  it("maps network config v1's vlan_id to id", () => {
    expect(
      validateLines(
        "hostname: a\nnetwork:\n  interfaces:\n    - name: eth0\n  vlans:\n    - vlan_id: 10\n      link: eth0\n",
      ),
    ).toContain(
      "network.vlans[0].vlan_id: unknown key; did you mean `id`? (cloud-init's `vlan_id` is `id` in a spec)",
    );
  });
});

describe("a field written in the wrong place", () => {
  it("says where the field belongs", () => {
    const lines = validateLines(
      "hostname: a\nsshAuthorizedKeys: [x]\nusers:\n  - name: ops\n    packages: [curl]\n" +
        "network:\n  gateway4: 10.0.0.1\n  interfaces:\n    - name: eth0\n",
    );
    expect(lines).toEqual([
      "sshAuthorizedKeys: unknown key; `sshAuthorizedKeys` belongs in users[]",
      "users[0].packages: unknown key; `packages` belongs at the top level",
      "network.gateway4: unknown key; `gateway4` belongs in network.interfaces[], in network.bonds[], in " +
        "network.vlans[] or in network.bridges[]",
    ]);
  });
});

describe("did you mean: spec field names for what users type", () => {
  it.each([
    ["write_files", "hostname: a\nwrite_files: []\n", "write_files", "files"],
    ["package_update", "hostname: a\npackage_update: true\n", "package_update", "packageUpdate"],
    ["ssh_pwauth", "hostname: a\nssh_pwauth: false\n", "ssh_pwauth", "sshPasswordAuthentication"],
    [
      "top-level ssh_authorized_keys",
      "hostname: a\nssh_authorized_keys: []\n",
      "ssh_authorized_keys",
      "defaultUserSshAuthorizedKeys",
    ],
    [
      "a user's ssh_authorized_keys",
      "hostname: a\nusers:\n  - name: ops\n    ssh_authorized_keys: []\n",
      "users[0].ssh_authorized_keys",
      "sshAuthorizedKeys",
    ],
    [
      "lock_passwd",
      "hostname: a\nusers:\n  - name: ops\n    lock_passwd: true\n",
      "users[0].lock_passwd",
      "lockPassword",
    ],
    [
      "hashed_passwd",
      "hostname: a\nusers:\n  - name: ops\n    hashed_passwd: x\n",
      "users[0].hashed_passwd",
      "passwordHash",
    ],
  ])("suggests the spec's field for cloud-init's %s", (_what, text, path, field) => {
    const lines = validateLines(text);
    expect(lines).toContain(
      `${path}: unknown key; did you mean \`${field}\`? (cloud-init's \`${path.replace(/^.*\./, "")}\` is \`${field}\` in a spec)`,
    );
  });

  it("suggests macAddress, not mtu, for an interface's mac", () => {
    const lines = validateLines(
      "hostname: a\nnetwork:\n  interfaces:\n    - name: eth0\n      mac: 52:54:00:00:00:01\n",
    );
    expect(lines.join("\n")).toMatch(
      /^network\.interfaces\[0\]\.mac: unknown key; did you mean `macAddress`\?/m,
    );
    expect(lines.join("\n")).not.toContain("`mtu`");
    // Near misses and transpositions still get their suggestion; an unrelated word gets none.
    expect(validateLines("hostname: a\npakages: [curl]\n")).toContain(
      "pakages: unknown key; did you mean `packages`?",
    );
    expect(validateLines("hostname: a\nrnucmd: [x]\n")).toContain(
      "rnucmd: unknown key; did you mean `runcmd`?",
    );
    // At the top level, cloud-config the spec does not model has its place: extraCloudConfig.
    expect(validateLines("hostname: a\nzzz: 1\n")[0]).toMatch(
      /^zzz: unknown key; remove it, or give cloud-config the spec does not model in `extraCloudConfig`; known keys here: /,
    );
    expect(validateLines("hostname: a\nusers:\n  - name: ops\n    zzz: 1\n")[0]).toMatch(
      /^users\[0\]\.zzz: unknown key; remove it; known keys here: /,
    );
  });
});

describe("did you mean: netplan's forms of a network", () => {
  const NETPLAN =
    "hostname: a\nnetwork:\n  ethernets: {}\n  interfaces:\n    - match: {macaddress: 52:54:00:00:00:01}\n" +
    "      addresses: [192.0.2.10/24]\n      nameservers: {addresses: [192.0.2.53], search: [lab]}\n" +
    "      routes: [{to: default, via: 192.0.2.1}]\n";

  it("says how a spec writes ethernets, match, a nameservers mapping and to: default", () => {
    const lines = validateLines(NETPLAN);
    expect([...lines].sort()).toEqual([
      "network.ethernets: unknown key; did you mean `interfaces`? (netplan's `ethernets` mapping is the list " +
        "`interfaces` in a spec: one entry per NIC, in NIC order, each with its `macAddress` or `name`)",
      "network.interfaces[0].match: unknown key; did you mean `macAddress`? (netplan's `match: {macaddress: ...}` " +
        "is `macAddress: ...` on the interface, `match: {name: ...}` is `name: ...`)",
      "network.interfaces[0].nameservers: must be a list, not a mapping; netplan's `nameservers: {addresses: " +
        "[...], search: [...]}` is `nameservers: [...]` and `searchDomains: [...]` in a spec",
      'network.interfaces[0].routes[0].to: "default" is netplan\'s word for the default route; a spec writes ' +
        "`0.0.0.0/0` or `::/0` (or sets `gateway4`/`gateway6` on the interface)",
    ]);
  });
});

describe("a required field written under a wrong name", () => {
  it("is one problem, the unknown key's did you mean, not a second 'is required'", () => {
    const lines = validateLines(
      'hostname: a\nextraParts:\n  - content_type: text/x-shellscript\n    content: "#!/bin/sh"\n' +
        "network:\n  interfaces:\n    - name: eth0\n    - name: eth1\n  vlans:\n    - vlan_id: 5\n      link: eth1\n" +
        "  bonds:\n    - name: bond0\n      interfaces: [eth0]\n      parameters: {mii-monitor-interval: 100}\n",
    );
    expect([...lines].sort()).toEqual([
      "extraParts[0].content_type: unknown key; did you mean `contentType`?",
      // A bond without mode: the netplan form says where its mode goes; no second line for mode.
      "network.bonds[0].parameters: unknown key; did you mean `mode`? (netplan's bond `parameters: {mode, " +
        "mii-monitor-interval, lacp-rate, transmit-hash-policy, primary}` are the bond's own `mode`, `miimon`, " +
        "`lacpRate`, `transmitHashPolicy` and `primary` in a spec)",
      "network.vlans[0].vlan_id: unknown key; did you mean `id`? (cloud-init's `vlan_id` is `id` in a spec)",
    ]);
    // A required field missing without a near miss is still reported.
    expect(validateLines("hostname: a\nextraParts:\n  - content: x\n")).toEqual([
      "extraParts[0].contentType: is required; add it",
    ]);
  });
});

describe("sudo as one string", () => {
  const SPEC = 'hostname: a\nusers:\n  - name: ops\n    sudo: "ALL=(ALL) NOPASSWD:ALL"\n';

  it('accepts sudo: "ALL=(ALL) NOPASSWD:ALL" and renders it as cloud-init\'s sudo string', () => {
    const spec = specFile(SPEC);
    expect(runCli(["validate", spec]).status).toBe(0);
    const out = join(tempDir(), "user-data");
    const r = runCli(["render", spec, "-f", "user-data", "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const config = parseYaml(readFileSync(out, "utf8")) as { users: unknown[] };
    expect(config.users[1]).toEqual({ name: "ops", lock_passwd: true, sudo: "ALL=(ALL) NOPASSWD:ALL" });
    // cloud-init 22.4's own schema (cc_users_groups: sudo is a string, a list or false) accepts it.
    const schema = runCloudInit(["schema", "--config-file", out]);
    expect(schema.stderr).not.toMatch(/sudo/);
    expect(schema.status).toBe(0);
  });

  it("refuses an empty or multi-line sudo string and a sudo of the wrong type, once each", () => {
    const lines = validateLines(
      'hostname: a\nusers:\n  - name: a\n    sudo: ""\n  - name: b\n    sudo: "x\\ny"\n  - name: c\n    sudo: 5\n  - name: d\n    sudo: [5]\n',
    );
    expect([...lines].sort()).toEqual([
      "users[0].sudo: must be one non-empty sudoers rule on one line, e.g. `ALL=(ALL) NOPASSWD:ALL`",
      "users[1].sudo: must be one non-empty sudoers rule on one line, e.g. `ALL=(ALL) NOPASSWD:ALL`",
      "users[2].sudo: must be a string or a list, not the number 5",
      "users[3].sudo[0]: must be a string, not the number 5",
    ]);
  });
});
