import { cloudConfigText } from "../../src/render/user-data";
import { mergeExtraCloudConfig } from "../../src/render/merge";

describe("mergeExtraCloudConfig", () => {
  const rendered = {
    hostname: "h",
    runcmd: ["a"],
    ntp: { enabled: true, servers: ["s1"] },
    users: ["default"],
  };

  it("adds keys the spec does not render", () => {
    const { merged, conflicts } = mergeExtraCloudConfig(rendered, { growpart: { mode: "auto" } });
    expect(conflicts).toEqual([]);
    expect(merged.growpart).toEqual({ mode: "auto" });
  });

  it("appends lists after the spec's entries and merges mappings key by key", () => {
    const { merged, conflicts } = mergeExtraCloudConfig(rendered, {
      runcmd: ["b"],
      ntp: { servers: ["s2"], pools: ["p"] },
      users: [{ name: "extra" }],
    });
    expect(conflicts).toEqual([]);
    expect(merged.runcmd).toEqual(["a", "b"]);
    expect(merged.ntp).toEqual({ enabled: true, servers: ["s1", "s2"], pools: ["p"] });
    expect(merged.users).toEqual(["default", { name: "extra" }]);
  });

  it("adds a key named __proto__ as a key, top-level and nested, keeping the object's prototype", () => {
    // As a spec file's parser gives it: an own key, not a prototype.
    const extra = JSON.parse('{"__proto__": {"a": 1}, "ntp": {"__proto__": ["p"]}}') as Record<
      string,
      unknown
    >;
    const { merged, conflicts } = mergeExtraCloudConfig(rendered, extra);
    expect(conflicts).toEqual([]);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toContain("__proto__");
    expect(cloudConfigText(merged)).toContain("\n__proto__:\n  a: 1\n");
    expect(Object.getOwnPropertyDescriptor(merged.ntp, "__proto__")?.value).toEqual(["p"]);
  });

  it("accepts an equal scalar", () => {
    expect(mergeExtraCloudConfig(rendered, { hostname: "h" }).conflicts).toEqual([]);
  });

  it("reports different scalars and kind mismatches as conflicts with their paths, never overwriting", () => {
    const { merged, conflicts } = mergeExtraCloudConfig(rendered, {
      hostname: "x",
      runcmd: "c",
      ntp: { enabled: false },
    });
    expect(conflicts.map((c) => c.path)).toEqual([
      "extraCloudConfig.hostname",
      "extraCloudConfig.runcmd",
      "extraCloudConfig.ntp.enabled",
    ]);
    expect(conflicts[0]?.message).toContain("set it through the spec field `hostname`");
    expect(merged.hostname).toBe("h");
    expect(merged.ntp).toEqual({ enabled: true, servers: ["s1"] });
  });

  it("does not modify its inputs", () => {
    const extra = { runcmd: ["b"] };
    const copy = structuredClone(rendered);
    mergeExtraCloudConfig(rendered, extra);
    expect(rendered).toEqual(copy);
    expect(extra).toEqual({ runcmd: ["b"] });
  });
});
