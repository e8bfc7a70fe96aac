/**
 * `recordingSecretTexts` (the component's view of its platform args: each secret input records its texts
 * before anything reads its value), the keys of secret free-form maps it and `secretTexts` record, the keys
 * below the top level of secret free-form trees `secretTexts` records, and the forms `redactSecretTexts` looks
 * for (lower case, a map key in a path, a tree key in a path below its field).
 */
import * as pulumi from "@pulumi/pulumi";
import { installMocks, valueOf } from "../component/mock-harness";
import { inputPropertiesError, redactSecretTexts } from "../../src/core/errors";
import { nestedInputs, recordingSecretTexts, secretTexts } from "../../src/core/secrets";

installMocks();

describe("recordingSecretTexts", () => {
  it("records a secret input's texts before anything reads its value, and keeps values and secretness", async () => {
    const recorded: string[] = [];
    const fixed = { networkId: "n", tags: ["a"] };
    const args = recordingSecretTexts(
      {
        fixed,
        macs: [pulumi.secret("52:54:00:AA:BB:CC")],
        later: Promise.resolve(pulumi.secret(7)),
        open: pulumi.output("not-a-secret"),
      },
      (texts) => recorded.push(...texts),
    );
    // What a late check sees, and the texts known when it runs.
    const seen = await valueOf(
      pulumi.all([args.macs, args.later, args.open]).apply((values) => ({ values, known: [...recorded] })),
    );
    expect(seen.values).toEqual([["52:54:00:AA:BB:CC"], 7, "not-a-secret"]);
    expect(seen.known.sort()).toEqual(["52:54:00:AA:BB:CC", "7"]);
    expect(args.fixed).toBe(fixed);
    expect(await pulumi.isSecret(args.macs[0] as pulumi.Output<string>)).toBe(true);
    expect(await pulumi.isSecret(pulumi.output(args.later))).toBe(true);
    expect(await pulumi.isSecret(args.open)).toBe(false);
  });

  it("records the keys of a secret free-form map, also inside a secret whole, but not a whole's field names", async () => {
    const recorded: string[] = [];
    const keys: string[] = [];
    const maps = [["metadata"], ["vapp", "properties"]];
    const args = recordingSecretTexts(
      {
        networkId: pulumi.secret("net-1"),
        metadata: pulumi.secret({ "tenant-7f3a": "a" }),
        vapp: pulumi.secret({ templateProperties: ["user-data"], properties: { "vapp-key": "b" } }),
      },
      (texts, mapKeys) => {
        recorded.push(...texts);
        keys.push(...mapKeys);
      },
      maps,
    );
    await valueOf(pulumi.all([args.networkId, args.metadata, args.vapp]));
    expect(keys.sort()).toEqual(["tenant-7f3a", "vapp-key"]);
    expect(recorded.sort()).toEqual(["a", "b", "net-1", "user-data"]);
  });

  it("keeps the key of a plain map whose value alone is secret readable (only the value is recorded)", async () => {
    const recorded: string[] = [];
    const keys: string[] = [];
    const args = recordingSecretTexts(
      { metadata: { "visible-key": pulumi.secret("hidden-value") } },
      (texts, mapKeys) => {
        recorded.push(...texts);
        keys.push(...mapKeys);
      },
      [["metadata"]],
    );
    await valueOf(pulumi.output(args.metadata["visible-key"]));
    expect({ recorded, keys }).toEqual({ recorded: ["hidden-value"], keys: [] });
  });
});

describe("secretTexts", () => {
  it("gives the keys of the spec's secret free-form maps apart from the values, a secret whole spec's too", async () => {
    const maps = [["metadata"]];
    const field = await valueOf(
      secretTexts(nestedInputs({ hostname: "h", metadata: pulumi.secret({ k7: "v" }) }), maps),
    );
    expect(field).toEqual({ texts: ["v"], keys: ["k7"], treeKeys: [] });
    const whole = await valueOf(
      secretTexts(nestedInputs(pulumi.secret({ hostname: "hidden-host", metadata: { k8: "w" } })), maps),
    );
    expect(whole).toEqual({ texts: ["hidden-host", "w"], keys: ["k8"], treeKeys: [] });
    const value = await valueOf(secretTexts(nestedInputs({ metadata: { k9: pulumi.secret("x") } }), maps));
    expect(value).toEqual({ texts: ["x"], keys: [], treeKeys: [] });
  });

  it("gives the keys below a secret free-form tree's top level (lists included), not its top-level keys", async () => {
    const trees = [["extraCloudConfig"], ["vendorCloudConfig"]];
    const keysOf = async (spec: unknown) =>
      (await valueOf(secretTexts(nestedInputs(spec), [], trees))).treeKeys;
    const config = {
      apt: { sources: { "corp-mirror": { source: "deb x" } } },
      users: [{ name: "ops", lock_passwd: true }],
      timezone: "UTC",
    };
    const below = ["sources", "corp-mirror", "source", "name", "lock_passwd"];
    // The tree secret, and inside a secret whole spec: each key once, with its field.
    for (const spec of [
      { hostname: "h", extraCloudConfig: pulumi.secret(config) },
      pulumi.secret({ hostname: "h", extraCloudConfig: config }),
    ]) {
      expect(await keysOf(spec)).toEqual(below.map((key) => ({ field: "extraCloudConfig", key })));
    }
    expect(
      await keysOf({ vendorCloudConfig: pulumi.secret({ chef: { initial_attributes: { a7: 1 } } }) }),
    ).toEqual([
      { field: "vendorCloudConfig", key: "initial_attributes" },
      { field: "vendorCloudConfig", key: "a7" },
    ]);
    // A secret value inside a plain tree: the keys inside it, not those above it.
    expect(
      await keysOf({ extraCloudConfig: { apt: { sources: { visible: pulumi.secret({ hidden: "v" }) } } } }),
    ).toEqual([{ field: "extraCloudConfig", key: "hidden" }]);
    // A secret top-level value: its keys are one level down.
    expect(await keysOf({ extraCloudConfig: { apt: pulumi.secret({ sources: {} }) } })).toEqual([
      { field: "extraCloudConfig", key: "sources" },
    ]);
    // A secret value that is not the tree nor holds it, and a plain tree: none.
    expect(await keysOf({ hostname: pulumi.secret("h"), extraCloudConfig: config })).toEqual([]);
  });
});

describe("redactSecretTexts", () => {
  it("redacts a secret map key at any length where it is quoted, in backticks or a path segment, property paths included", () => {
    const err = inputPropertiesError([
      { path: "bootstrap.metadata.k7", message: "value is 300 characters" },
      {
        path: 'openstack.metadata["k7"]',
        message: "`k7` is also in the spec's `metadata`; set it in one place.",
      },
      { path: "bootstrap.metadata.k77", message: "k7 alone, not part of k77" },
      { path: "bootstrap.hostname", message: "see `bootstrap.metadata.k7`, and 'openstack.metadata.k7'" },
    ]);
    const redacted = redactSecretTexts(err, [], ["k7"]);
    expect(redacted.errors).toEqual([
      { propertyPath: "bootstrap.metadata.<secret>", reason: "value is 300 characters" },
      {
        propertyPath: 'openstack.metadata["<secret>"]',
        reason: "`<secret>` is also in the spec's `metadata`; set it in one place.",
      },
      { propertyPath: "bootstrap.metadata.k77", reason: "k7 alone, not part of k77" },
      {
        propertyPath: "bootstrap.hostname",
        reason: "see `bootstrap.metadata.<secret>`, and 'openstack.metadata.<secret>'",
      },
    ]);
    expect(redacted.message).toContain("  bootstrap.metadata.<secret>: value is 300 characters");
    expect(redacted.message).toContain('  openstack.metadata["<secret>"]: `<secret>` is also');
  });

  it("redacts a secret tree key only as a segment of a path below its field, keeping the top-level key", () => {
    const err = inputPropertiesError([
      { path: "bootstrap.extraCloudConfig.apt.sources.corp-mirror.keyid", message: "NaN is not a value" },
      { path: 'bootstrap.extraCloudConfig.apt.sources["corp mirror/7"]', message: "is a mapping" },
      {
        path: "bootstrap.extraCloudConfig.users[0].hashed_passwd",
        message: "give a hash in `hashed_passwd`",
      },
      {
        path: "bootstrap.extraCloudConfig.write_files[1].content",
        message: "refers back to `extraCloudConfig.write_files[1].content`, which contains it",
      },
      // Not below the field (another field's path, prose), nor its top-level key: kept.
      { path: "bootstrap.metadata.sources", message: "sources and corp-mirror in /etc/apt/sources.list" },
      { path: "bootstrap.extraCloudConfig.sources", message: "a top-level key" },
      { path: "bootstrap.vendorCloudConfig.apt.sources", message: "a key of the other tree" },
    ]);
    const keys = ["sources", "corp-mirror", "keyid", "corp mirror/7", "hashed_passwd", "content"];
    const redacted = redactSecretTexts(
      err,
      [],
      [],
      keys.map((key) => ({ field: "extraCloudConfig", key })),
    );
    expect(redacted.errors).toEqual([
      {
        propertyPath: "bootstrap.extraCloudConfig.apt.<secret>.<secret>.<secret>",
        reason: "NaN is not a value",
      },
      { propertyPath: 'bootstrap.extraCloudConfig.apt.<secret>["<secret>"]', reason: "is a mapping" },
      {
        propertyPath: "bootstrap.extraCloudConfig.users[0].<secret>",
        reason: "give a hash in `hashed_passwd`",
      },
      {
        propertyPath: "bootstrap.extraCloudConfig.write_files[1].<secret>",
        reason: "refers back to `extraCloudConfig.write_files[1].<secret>`, which contains it",
      },
      {
        propertyPath: "bootstrap.metadata.sources",
        reason: "sources and corp-mirror in /etc/apt/sources.list",
      },
      { propertyPath: "bootstrap.extraCloudConfig.sources", reason: "a top-level key" },
      { propertyPath: "bootstrap.vendorCloudConfig.apt.sources", reason: "a key of the other tree" },
    ]);
    expect(redacted.message).toContain("  bootstrap.extraCloudConfig.apt.<secret>.<secret>.<secret>: NaN");
  });

  it("redacts a secret value from a property path too (the engine prints the paths)", () => {
    const err = inputPropertiesError([
      { path: 'vsphere.extraConfig["guestinfo.hidden"]', message: "collides" },
    ]);
    expect(redactSecretTexts(err, ["guestinfo.hidden"]).errors).toEqual([
      { propertyPath: 'vsphere.extraConfig["<secret>"]', reason: "collides" },
    ]);
  });

  it("redacts a secret in the lower case a message prints it in (a MAC)", () => {
    const err = inputPropertiesError([
      {
        path: "vsphere.networkInterfaces[0].macAddress",
        message: "00:50:56:0a:0b:0c is also the MAC of web: vsphere.networkInterfaces[1].macAddress",
      },
    ]);
    const redacted = redactSecretTexts(err, ["00:50:56:0A:0B:0C"]);
    expect(redacted.message).toContain("<secret> is also the MAC of web");
    expect(JSON.stringify(redacted.errors)).not.toContain("0b:0c");
  });
});
