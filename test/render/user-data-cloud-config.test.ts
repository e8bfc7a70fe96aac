/** spec -> cloud-config mapping, field by field. */
import { renderSpecCloudConfig } from "../../src/render/cloud-config";
import { hashPassword } from "../../src/render/password";
import { BootstrapSpec, EtcHostsPolicy, FileEncoding, PowerStateMode } from "../../src/spec/types";

const base: BootstrapSpec = { hostname: "host-01" };
const render = (fields: Partial<BootstrapSpec>) => renderSpecCloudConfig({ ...base, ...fields });

describe("renderSpecCloudConfig", () => {
  it("renders only the host name and the default user for a minimal spec", () => {
    expect(render({})).toEqual({ hostname: "host-01", users: ["default"] });
  });

  it("sets fqdn and prefers the short host name when a domain is given", () => {
    expect(render({ domain: "example.com" })).toMatchObject({
      hostname: "host-01",
      fqdn: "host-01.example.com",
      prefer_fqdn_over_hostname: false,
    });
  });

  it.each([
    [{ sshPasswordAuthentication: true }, { ssh_pwauth: true }],
    [{ regenerateSshHostKeys: false }, { ssh_deletekeys: false }],
    [{ disableRootSsh: true }, { disable_root: true }],
    [{ timezone: "Europe/Berlin" }, { timezone: "Europe/Berlin" }],
    [{ locale: "de_DE.UTF-8" }, { locale: "de_DE.UTF-8" }],
    [{ etcHosts: EtcHostsPolicy.Template }, { manage_etc_hosts: true }],
    [{ etcHosts: EtcHostsPolicy.Localhost }, { manage_etc_hosts: "localhost" }],
    [{ etcHosts: EtcHostsPolicy.Unmanaged }, { manage_etc_hosts: false }],
    [
      { packages: ["git"], packageUpdate: true, packageUpgrade: false, packageRebootIfRequired: true },
      { packages: ["git"], package_update: true, package_upgrade: false, package_reboot_if_required: true },
    ],
    [
      { bootcmd: ["a"], runcmd: ["b"] },
      { bootcmd: ["a"], runcmd: ["b"] },
    ],
    [{ finalMessage: "done" }, { final_message: "done" }],
    [
      { ntp: { servers: ["a.example"], pools: ["p.example"] } },
      { ntp: { enabled: true, servers: ["a.example"], pools: ["p.example"] } },
    ],
    [{ ntp: {} }, { ntp: { enabled: true } }],
    [
      { defaultUserSshAuthorizedKeys: ["ssh-ed25519 AAAA k"] },
      { ssh_authorized_keys: ["ssh-ed25519 AAAA k"] },
    ],
    [
      { phoneHome: { url: "http://x/", post: ["all"], tries: 3 } },
      { phone_home: { url: "http://x/", post: "all", tries: 3 } },
    ],
    [
      { phoneHome: { url: "http://x/", post: ["fqdn", "hostname"] } },
      { phone_home: { url: "http://x/", post: ["fqdn", "hostname"] } },
    ],
    [
      { powerState: { mode: PowerStateMode.Reboot, delay: "+5", message: "m", timeout: 9 } },
      { power_state: { mode: "reboot", delay: 5, message: "m", timeout: 9 } },
    ],
    [
      { powerState: { mode: PowerStateMode.Halt, delay: "now" } },
      { power_state: { mode: "halt", delay: "now" } },
    ],
  ] as [Partial<BootstrapSpec>, Record<string, unknown>][])("maps %j to %j", (fields, expected) => {
    expect(render(fields)).toMatchObject(expected);
  });

  it("leaves out unset optional fields and empty lists", () => {
    const config = render({
      packages: [],
      runcmd: [],
      bootcmd: [],
      files: [],
      defaultUserSshAuthorizedKeys: [],
    });
    expect(Object.keys(config).sort()).toEqual(["hostname", "users"]);
  });

  it("never puts DNS or network into the cloud-config", () => {
    const config = render({
      dns: { nameservers: ["192.0.2.53"] },
      network: { interfaces: [{ name: "eth0", dhcp4: true }] },
    });
    expect(Object.keys(config).sort()).toEqual(["hostname", "users"]);
  });

  it("maps files with their encodings, owners, modes and flags", () => {
    const config = render({
      files: [
        { path: "/a", content: "text" },
        { path: "/b", content: "aGk=", encoding: FileEncoding.Base64, permissions: "600" },
        {
          path: "/c",
          content: "H4sI",
          encoding: FileEncoding.GzipBase64,
          owner: "app:app",
          append: true,
          defer: true,
        },
      ],
    });
    expect(config.write_files).toEqual([
      { path: "/a", content: "text" },
      { path: "/b", content: "aGk=", encoding: "b64", permissions: "0600" },
      { path: "/c", content: "H4sI", encoding: "gz+b64", owner: "app:app", append: true, defer: true },
    ]);
  });
});

describe("users in cloud-config", () => {
  it("keeps the default user first and hashes plain passwords with the user's salt", () => {
    const config = render({
      users: [
        {
          name: "alice",
          password: "secret",
          gecos: "Alice",
          groups: ["wheel"],
          primaryGroup: "staff",
          shell: "/bin/zsh",
          sudo: ["ALL=(ALL) ALL"],
          sshAuthorizedKeys: ["ssh-ed25519 AAAA a"],
          system: false,
          homeDir: "/srv/alice",
          uid: 1234,
        },
      ],
    });
    expect(config.users).toEqual([
      "default",
      {
        name: "alice",
        hashed_passwd: hashPassword("secret", "alice"),
        lock_passwd: false,
        gecos: "Alice",
        groups: ["wheel"],
        primary_group: "staff",
        shell: "/bin/zsh",
        sudo: "ALL=(ALL) ALL",
        ssh_authorized_keys: ["ssh-ed25519 AAAA a"],
        system: false,
        homedir: "/srv/alice",
        uid: 1234,
      },
    ]);
    expect(JSON.stringify(config)).not.toContain('secret"');
  });

  it("passes a ready hash through and locks users without a password by default", () => {
    const config = render({
      users: [{ name: "a", passwordHash: "$6$s$h" }, { name: "b" }, { name: "c", lockPassword: false }],
    });
    expect(config.users).toEqual([
      "default",
      { name: "a", hashed_passwd: "$6$s$h", lock_passwd: false },
      { name: "b", lock_passwd: true },
      { name: "c", lock_passwd: false },
    ]);
  });

  it("drops the default user when keepDefaultUser is false", () => {
    expect(render({ keepDefaultUser: false, users: [{ name: "a" }] }).users).toEqual([
      { name: "a", lock_passwd: true },
    ]);
  });

  it("keeps several sudo rules as a list", () => {
    expect(render({ users: [{ name: "a", sudo: ["r1", "r2"] }] }).users).toEqual([
      "default",
      { name: "a", lock_passwd: true, sudo: ["r1", "r2"] },
    ]);
  });

  it("sets the root password through chpasswd as a hash that does not expire", () => {
    expect(render({ rootPassword: "pw" }).chpasswd).toEqual({
      expire: false,
      users: [{ name: "root", password: hashPassword("pw", "root"), type: "hash" }],
    });
    expect(render({ rootPasswordHash: "$6$x$y" }).chpasswd).toEqual({
      expire: false,
      users: [{ name: "root", password: "$6$x$y", type: "hash" }],
    });
  });
});
