/** Focused validation cases: what must pass and what must fail, one behaviour per row. */
import { validateSpec } from "../../src/render/validate-spec";
import { MAX_CLOUD_CONFIG_DEPTH } from "../../src/spec/validate-yaml-values";

function problemsOf(spec: unknown): string[] {
  return validateSpec(spec).map((p) => `${p.path}: ${p.message}`);
}

const base = { hostname: "host-01" };
const nic = (fields: Record<string, unknown>) => ({
  ...base,
  network: { interfaces: [{ macAddress: "52:54:00:00:00:01", ...fields }] },
});

describe("validateSpec accepts", () => {
  it.each([
    ["a link-local IPv6 gateway", nic({ addresses: ["2001:db8::5/64"], gateway6: "fe80::1" })],
    [
      "a route via a link-local IPv6 next hop",
      nic({ addresses: ["2001:db8::5/64"], routes: [{ to: "2001:db8:9::/48", via: "fe80::1" }] }),
    ],
    [
      "a route on a DHCP interface (the subnet is not known in advance)",
      nic({ dhcp4: true, routes: [{ to: "10.0.0.0/8", via: "172.16.0.1" }] }),
    ],
    ["a /31 point-to-point address", nic({ addresses: ["192.0.2.0/31"] })],
    ["upper-case MACs", nic({ macAddress: "52:54:00:AB:CD:EF", dhcp4: true })],
    [
      "an IPv4 default route instead of gateway4",
      nic({ addresses: ["192.0.2.5/24"], routes: [{ to: "0.0.0.0/0", via: "192.0.2.1" }] }),
    ],
    [
      "a yescrypt hash",
      {
        ...base,
        users: [
          {
            name: "a",
            passwordHash: "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7",
          },
        ],
      },
    ],
    ["an instanceId alone (implies fixed)", { ...base, instanceId: "i-abc" }],
    [
      "a file appended to twice",
      {
        ...base,
        files: [
          { path: "/a", content: "x" },
          { path: "/a", content: "y", append: true },
        ],
      },
    ],
    [
      "a boothook with its #cloud-boothook header",
      { ...base, boothooks: ["#cloud-boothook\n#!/bin/sh\necho\n"] },
    ],
    [
      "phone_home post: [all]",
      { ...base, phoneHome: { url: "http://192.0.2.1/$INSTANCE_ID", post: ["all"] } },
    ],
    ["a timezone with three parts", { ...base, timezone: "America/Argentina/Buenos_Aires" }],
    ["C.UTF-8", { ...base, locale: "C.UTF-8" }],
  ])("%s", (_what, spec) => {
    expect(problemsOf(spec)).toEqual([]);
  });
});

describe("validateSpec rejects", () => {
  it.each([
    ["a spec that is not a mapping", "web-01", ": the bootstrap spec must be a mapping"],
    [
      "a hostname with an underscore",
      { hostname: "web_01" },
      'hostname: "web_01" is not an RFC 1123 host name label',
    ],
    ["a hostname ending with a hyphen", { hostname: "web-" }, "hostname:"],
    ["a label longer than 63", { hostname: "a".repeat(64) }, "hostname:"],
    [
      "an FQDN over 253 characters",
      { hostname: "hhhhh", domain: Array(25).fill("abcdefghi").join(".") },
      "domain: hostname.domain is longer than 253",
    ],
    ["an IPv4 address with leading zeros", nic({ addresses: ["010.0.0.1/24"] }), "addresses[0]"],
    ["a prefix beyond 32", nic({ addresses: ["192.0.2.1/33"] }), "addresses[0]"],
    ["an IPv6 zone id", nic({ addresses: ["fe80::1%eth0/64"] }), "addresses[0]"],
    [
      "a gateway equal to the interface's address",
      nic({ addresses: ["192.0.2.5/24"], gateway4: "192.0.2.5" }),
      "is this interface's own address",
    ],
    [
      "an IPv6 gateway given as gateway4",
      nic({ addresses: ["192.0.2.5/24"], gateway4: "2001:db8::1" }),
      'gateway4: "2001:db8::1" is not an IPv4 address',
    ],
    [
      "two IPv6 defaults",
      {
        ...base,
        network: {
          interfaces: [
            { name: "a", addresses: ["2001:db8:1::5/64"], gateway6: "2001:db8:1::1" },
            { name: "b", addresses: ["2001:db8:2::5/64"], gateway6: "2001:db8:2::1" },
          ],
        },
      },
      "network.interfaces[1].gateway6: a second IPv6 default gateway",
    ],
    ["an empty interface list", { ...base, network: { interfaces: [] } }, "network.interfaces: is empty"],
    [
      "a route metric that is negative",
      nic({ addresses: ["192.0.2.5/24"], routes: [{ to: "10.0.0.0/8", via: "192.0.2.1", metric: -1 }] }),
      "metric",
    ],
    ["an MTU that is not an integer", nic({ dhcp4: true, mtu: 1500.5 }), "mtu"],
    ["the user name `default`", { ...base, users: [{ name: "default" }] }, "use `keepDefaultUser`"],
    [
      "a multi-line SSH key",
      { ...base, defaultUserSshAuthorizedKeys: ["ssh-ed25519 AAAAC3Nz a\nssh-ed25519 AAAAC3Nz b"] },
      "contains a line break",
    ],
    ["a home directory with ..", { ...base, users: [{ name: "a", homeDir: "/home/../etc" }] }, "homeDir"],
    ["a file path ending in /", { ...base, files: [{ path: "/etc/", content: "" }] }, "files[0].path"],
    [
      "extraCloudConfig with network",
      { ...base, extraCloudConfig: { network: { version: 2 } } },
      "extraCloudConfig.network",
    ],
    [
      "an extraCloudConfig mapping where the spec renders a scalar",
      { ...base, timezone: "UTC", extraCloudConfig: { timezone: { a: 1 } } },
      "extraCloudConfig.timezone: is a mapping, but the spec renders a scalar",
    ],
  ])("%s", (_what, spec, fragment) => {
    const problems = problemsOf(spec);
    expect(problems).toContainEqual(expect.stringContaining(fragment));
  });

  // The spec hashes passwords before they leave the library; cloud-config given as it is must not carry
  // one in plain text (cc_set_passwords takes chpasswd.list/password values that are no $1$/$2a$/$2y$/$5$/$6$
  // hash as the password itself: 20.4.1:178-183, 25.1.4:195-199).
  it("refuses passwords in plain text in extraCloudConfig and vendorCloudConfig, and hashes cloud-init takes for one", () => {
    const hash = "$6$salt$abcdefghijklmnopqrstuv";
    const yescrypt = "$y$j9T$salt$abcdefghijklmnopqrstuv";
    const spec = {
      ...base,
      extraCloudConfig: {
        password: "hunter2",
        chpasswd: {
          list: ["root:hunter2", `a:${hash}`, "b:R", "c:RANDOM", `d:${yescrypt}`],
          users: [
            { name: "e", password: "hunter2", type: "text" },
            { name: "f", password: hash, type: "hash" },
            { name: "g", type: "RANDOM" },
          ],
        },
        users: [
          { name: "h", plain_text_passwd: "hunter2" },
          { name: "i", passwd: "hunter2" },
          { name: "j", hashed_passwd: yescrypt },
        ],
      },
      vendorCloudConfig: { chpasswd: { list: "root:hunter2\nk:R\n" } },
    };
    const plain = "a password in plain text would reach the guest as it is";
    expect(problemsOf(spec)).toEqual([
      expect.stringMatching(new RegExp(`^extraCloudConfig\\.password: ${plain}`)),
      expect.stringMatching(new RegExp(`^extraCloudConfig\\.chpasswd\\.list\\[0\\]: ${plain}`)),
      expect.stringMatching(
        /^extraCloudConfig\.chpasswd\.list\[4\]: cloud-init takes only \$1\$, \$2a\$, \$2y\$, \$5\$ and \$6\$ hashes for hashes here/,
      ),
      expect.stringMatching(
        new RegExp(`^extraCloudConfig\\.chpasswd\\.users\\[0\\]\\.password: ${plain}.*with \`type: hash\`$`),
      ),
      expect.stringMatching(new RegExp(`^extraCloudConfig\\.users\\[0\\]\\.plain_text_passwd: ${plain}`)),
      expect.stringMatching(
        new RegExp(`^extraCloudConfig\\.users\\[1\\]\\.passwd: is not a crypt\\(3\\) hash: ${plain}`),
      ),
      expect.stringMatching(new RegExp(`^vendorCloudConfig\\.chpasswd\\.list: ${plain}`)),
    ]);
  });

  it("refuses a root hash chpasswd.list would take for the password itself, for targets before 22.3 only", () => {
    const spec = (minVersion: string) => ({
      ...base,
      cloudInit: { minVersion },
      rootPasswordHash: "$y$j9T$salt$abcdefgh",
    });
    expect(problemsOf(spec("22.2"))).toEqual([
      expect.stringMatching(
        /^rootPasswordHash: Root password hashes other than \$1\$, \$2a\$, \$2y\$, \$5\$ and \$6\$ .* need cloud-init 22\.3 or later, but cloudInit\.minVersion is "22\.2"; give a `\$6\$` hash/,
      ),
    ]);
    expect(problemsOf(spec("22.3"))).toEqual([]);
    expect(problemsOf({ ...spec("20.4"), rootPasswordHash: "$6$salt$abcdefgh" })).toEqual([]);
  });

  it("reports a misspelt key inside a list item with its index", () => {
    expect(problemsOf({ ...base, files: [{ path: "/a", content: "", permision: "0644" }] })).toEqual([
      "files[0].permision: unknown key; did you mean `permissions`?",
    ]);
  });

  it("accepts equal scalars in extraCloudConfig (no conflict)", () => {
    expect(problemsOf({ ...base, timezone: "UTC", extraCloudConfig: { timezone: "UTC" } })).toEqual([]);
  });
});

describe("validateSpec refuses cloud-config values YAML cannot hold, with their path", () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each([
    [
      "a function",
      { foo: () => 1 },
      "extraCloudConfig.foo: a function is not a cloud-config value; give plain data",
    ],
    [
      "a BigInt",
      { foo: BigInt(1) },
      "extraCloudConfig.foo: a BigInt is not a cloud-config value; give a number or a string",
    ],
    [
      "a cycle",
      { foo: cyclic },
      "extraCloudConfig.foo.self: refers back to `extraCloudConfig.foo`, which contains it (a cycle)",
    ],
    [
      "a Date",
      { foo: new Date(0) },
      "extraCloudConfig.foo: a Date is not a cloud-config value (YAML would get `{}`); give it as a string, e.g. `date.toISOString()`",
    ],
    [
      "a Map",
      { foo: new Map([["a", 1]]) },
      "extraCloudConfig.foo: a Map is not a cloud-config value (YAML would get `{}`); give a plain object, e.g. `Object.fromEntries(map)`",
    ],
    [
      "NaN (a failed computation)",
      { timeout: Number("abc") },
      "extraCloudConfig.timeout: NaN is not a cloud-config value (YAML would get `.nan`); give a finite number",
    ],
    [
      "-Infinity",
      { power_state: { delay: -1 / 0 } },
      "extraCloudConfig.power_state.delay: -Infinity is not a cloud-config value (YAML would get `-.inf`); give a finite number",
    ],
    [
      "an undefined list entry",
      { runcmd: ["echo a", undefined] },
      "extraCloudConfig.runcmd[1]: undefined is not a cloud-config value (YAML would get null); remove the entry or give a value",
    ],
  ])("%s", (_what, extraCloudConfig, expected) => {
    const found = problemsOf({ ...base, extraCloudConfig });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
  });

  it(`accepts nesting ${MAX_CLOUD_CONFIG_DEPTH} levels deep and refuses one more with the path, however deep it goes`, () => {
    /** `extraCloudConfig` whose deepest collection is at `levels` (its own mapping is level 1). */
    const nested = (levels: number, wrap: (inner: unknown) => unknown): Record<string, unknown> => {
      let value: unknown = "leaf";
      for (let level = levels; level > 1; level--) value = wrap(value);
      return { chef: value };
    };
    const mapping = (inner: unknown) => ({ a: inner });
    const list = (inner: unknown) => [inner];
    for (const wrap of [mapping, list]) {
      expect(problemsOf({ ...base, extraCloudConfig: nested(MAX_CLOUD_CONFIG_DEPTH, wrap) })).toEqual([]);
    }
    const deeper = `extraCloudConfig.chef${".a".repeat(MAX_CLOUD_CONFIG_DEPTH - 1)}: nests lists and mappings more than ${MAX_CLOUD_CONFIG_DEPTH} levels deep (this one is level ${MAX_CLOUD_CONFIG_DEPTH + 1}); cloud-init's YAML reader fails on deep nesting: flatten the data, or give it as one string (e.g. JSON in a file's content)`;
    expect(problemsOf({ ...base, extraCloudConfig: nested(MAX_CLOUD_CONFIG_DEPTH + 1, mapping) })).toEqual([
      deeper,
    ]);
    expect(problemsOf({ ...base, vendorCloudConfig: nested(MAX_CLOUD_CONFIG_DEPTH + 1, list) })).toEqual([
      `vendorCloudConfig.chef${"[0]".repeat(MAX_CLOUD_CONFIG_DEPTH - 1)}: nests lists and mappings more than ${MAX_CLOUD_CONFIG_DEPTH} levels deep (this one is level ${MAX_CLOUD_CONFIG_DEPTH + 1}); cloud-init's YAML reader fails on deep nesting: flatten the data, or give it as one string (e.g. JSON in a file's content)`,
    ]);
    // 200,000 levels: one problem, not a RangeError (the walk stopped at the stack's end, about 5,000).
    expect(problemsOf({ ...base, extraCloudConfig: nested(200000, mapping) })).toEqual([deeper]);
  });

  it("in vendorCloudConfig too, and accepts a mapping's undefined value (an absent key)", () => {
    expect(problemsOf({ ...base, vendorCloudConfig: { when: new Date(0) } })).toEqual([
      "vendorCloudConfig.when: a Date is not a cloud-config value (YAML would get `{}`); give it as a string, e.g. `date.toISOString()`",
    ]);
    expect(problemsOf({ ...base, extraCloudConfig: { foo: "bar", unset: undefined } })).toEqual([]);
  });

  it("says undefined, not `the undefined undefined`, for an undefined entry of a spec list", () => {
    expect(problemsOf({ ...base, runcmd: [undefined] })).toEqual([
      "runcmd[0]: must be a string, not undefined",
    ]);
  });
});
