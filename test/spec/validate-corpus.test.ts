/** Validation of the corpus: every valid spec passes; every invalid one reports exactly its problems. */
import { assertValidSpec, validateSpec } from "../../src/render/validate-spec";
import { SpecValidationError } from "../../src/core/problems";
import { loadCorpus, loadInvalidCorpus } from "../corpus";

/** Expected problems per invalid spec: [path, a fragment of the message that names the fix]. */
const EXPECTED: Record<string, [string, string][]> = {
  "unknown-keys": [
    ["hostnme", "did you mean `hostname`?"],
    ["unrelated", "unknown key; remove it"],
    ["users[0].pasword", "did you mean `password`?"],
    ["users[0].sshAuthorizedKey", "did you mean `sshAuthorizedKeys`?"],
    ["powerState.dealy", "did you mean `delay`?"],
    ["network.interfaces[0].macAdress", "did you mean `macAddress`?"],
  ],
  "wrong-types": [
    ["hostname", "is required"],
    ["domain", "must be a string, not the number 42"],
    ["users", "must be a list"],
    ["keepDefaultUser", "must be a boolean"],
    ["etcHosts", "did you mean `template`?"],
    ["packages[1]", "must be a string"],
    ["files[0].path", "is required"],
    ["files[0].encoding", "did you mean `base64`?"],
    ["powerState.mode", "is required"],
    ["network.interfaces[0].mtu", "must be a number"],
    ["userDataCompression", "did you mean `gzip`?"],
  ],
  "bad-identity": [
    ["hostname", 'put the DNS domain in `domain`: hostname "web-01", domain "example.com"'],
    ["domain", "is not a DNS domain"],
    ["instanceId", "is required when `instanceIdPolicy` is `fixed`"],
    ["timezone", "is not a time zone of the IANA database"],
    ["locale", "is not a locale name"],
    ["keepDefaultUser", "no login user"],
    ['metadata["bad key!"]', "key must be"],
    ["defaultUserSshAuthorizedKeys[0]", "is not an SSH public key"],
    ["defaultUserSshAuthorizedKeys[1]", "is a PRIVATE key"],
  ],
  "content-hash-with-id": [
    ["instanceId", "must not be set when `instanceIdPolicy` is `contentHash`"],
    ["instanceId", "is not a usable instance-id"],
  ],
  "bad-users": [
    ["rootPassword", "Only one of `rootPassword` or `rootPasswordHash` can be set"],
    ["rootPasswordHash", "is not a crypt(3) hash"],
    ["users[0].name", "is not a POSIX user name"],
    ["users[1].password", "Only one of `users[1].password` or `users[1].passwordHash` can be set"],
    ["users[2].passwordHash", "is not a crypt(3) hash"],
    ["users[2].name", 'duplicate user name "bob"'],
    ["users[3].name", "use `rootPassword` for root"],
    ["users[4].password", "is empty"],
    ["users[4].groups[0]", "is not a group name"],
    ["users[4].shell", "is not an absolute path"],
    ["users[4].uid", "is not a usable uid"],
    ["users[4].sudo[0]", "one non-empty sudoers rule on one line"],
    ["users[5].lockPassword", "a password is set"],
  ],
  "bad-network": [
    ["dns.nameservers[0]", "is not an IPv4 or IPv6 address"],
    ["dns.searchDomains[0]", "is not a DNS domain"],
    ["network.interfaces[0].addresses[0]", '"10.0.0.300/24" is not an IPv4 or IPv6 address in CIDR form'],
    ["network.interfaces[0].addresses[1]", "add the prefix length"],
    ["network.interfaces[0].addresses[2]", "is the network address of its subnet"],
    [
      "network.interfaces[0].gateway4",
      '"10.9.9.1" is outside this interface\'s IPv4 subnets (10.0.0.0/24, 10.0.1.0/24)',
    ],
    ["network.interfaces[0].mtu", "from 68 to 65535"],
    ["network.interfaces[1].macAddress", "duplicate MAC"],
    ["network.interfaces[1].name", 'duplicate interface name "eth0"'],
    ["network.interfaces[1].addresses[0]", "duplicate address 10.0.1.5"],
    ["network.interfaces[1].gateway6", "is outside this interface's IPv6 subnets"],
    ["network.interfaces[1].routes[0].to", "use the network address `10.20.0.0/16`"],
    ["network.interfaces[1].routes[1].via", "is not of the destination's address family"],
    ["network.interfaces[1].routes[2].to", "is not a destination in CIDR form"],
    ["network.interfaces[1].routes[2].via", "is not reachable"],
    ["network.interfaces[1].mtu", "IPv6 needs at least 1280"],
    ["network.interfaces[2].macAddress", "multicast"],
    ["network.interfaces[2].name", "is not a Linux interface name"],
    ["network.interfaces[2].gateway4", "needs a static IPv4 address on this interface"],
    ["network.interfaces[3].macAddress", "is not a MAC address"],
    ["network.interfaces[1].gateway4", "a second IPv4 default gateway"],
    ["network.interfaces[2].gateway4", "a second IPv4 default gateway"],
    ["network.interfaces[3].routes[0].to", "a second IPv4 default gateway"],
  ],
  "bad-files-and-parts": [
    ["packages[0]", "is not a package name"],
    ["files[0].path", "is not an absolute file path"],
    ["files[2].path", "set `append: true`"],
    ["files[2].permissions", "is not an octal mode"],
    ["files[2].owner", "is not `user:group`"],
    ["files[3].content", "is not base64"],
    ["files[4].content", "not of gzip data"],
    ["runcmd[0]", "is an empty command"],
    ["scripts[0].content", "does not start with `#!`"],
    ["scripts[1].name", 'duplicate script name "setup.sh"'],
    ["scripts[2].name", "is not a usable part file name"],
    ["boothooks[0]", "does not start with `#!`"],
    ["includeUrls[0]", "is not an http(s) URL"],
    ["includeUrls[1]", "is not an http(s) URL"],
    ["jinjaTemplates[0]", "which is added for you"],
    ["jinjaTemplates[1]", "must start with `#cloud-config` or `#!`"],
    ["extraParts[0].content", "is not valid YAML"],
    ["extraParts[1].filename", "is already used"],
    ["extraParts[1].content", "does not start with `#!`"],
    ["phoneHome.url", "is not an http(s) URL"],
    ["phoneHome.post[0]", "(or give just `all`)"],
    ["phoneHome.tries", "is not a positive integer"],
    ["powerState.delay", "is not `now` or `+<minutes>`"],
    ["ntp.servers[1]", "duplicate entry"],
    ["ntp.servers[2]", "is not a host name or IP address"],
  ],
  "extra-conflicts": [
    ["vendorCloudConfig.network", "describe it in `network`"],
    ["extraCloudConfig.hostname", '"other-name" conflicts with "conflict-01"'],
    ["extraCloudConfig.package_update", "set it through the spec field `packageUpdate`"],
    ["extraCloudConfig.ntp.enabled", "false conflicts with true"],
    ["extraCloudConfig.ntp.servers", "is a scalar, but the spec renders a list here"],
  ],
};

describe("validateSpec on the corpus", () => {
  it.each(loadCorpus().map((e) => [e.name, e.spec]))("accepts the valid spec %s", (_name, spec) => {
    expect(validateSpec(spec)).toEqual([]);
  });

  it("has expectations for every invalid spec", () => {
    expect(
      loadInvalidCorpus()
        .map((e) => e.name)
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(loadInvalidCorpus().map((e) => [e.name, e.spec]))(
    "reports every problem of %s at once, with path and fix",
    (name, spec) => {
      const problems = validateSpec(spec);
      const expected = EXPECTED[name] ?? [];
      expect(problems.map((p) => p.path).sort()).toEqual(expected.map(([path]) => path).sort());
      for (const [path, fragment] of expected) {
        expect(problems.filter((p) => p.path === path).map((p) => p.message)).toContainEqual(
          expect.stringContaining(fragment),
        );
      }
    },
  );

  it("throws one SpecValidationError listing every problem as `<path>: <message>` lines", () => {
    const invalid = loadInvalidCorpus().find((e) => e.name === "bad-users");
    let thrown: unknown;
    try {
      assertValidSpec(invalid?.spec);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SpecValidationError);
    const error = thrown as SpecValidationError;
    expect(error.problems).toHaveLength(EXPECTED["bad-users"]?.length ?? -1);
    const lines = error.message.split("\n");
    expect(lines[0]).toBe(`Invalid bootstrap spec (${error.problems.length} problems):`);
    expect(lines.slice(1)).toEqual(error.problems.map((p) => `${p.path}: ${p.message}`));
  });
});
