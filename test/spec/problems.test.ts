import fc from "fast-check";
import {
  closestMatch,
  editDistance,
  formatProblem,
  joinPath,
  parsePropertyPath,
  pathSegments,
  SpecValidationError,
} from "../../src/core/problems";

describe("SpecValidationError", () => {
  it("lists each problem as `<path>: <message>` on its own line after a count", () => {
    const error = new SpecValidationError([
      { path: "users[0].password", message: "is empty; give a password" },
      { path: "hostname", message: "is required; add it" },
    ]);
    expect(error.message).toBe(
      "Invalid bootstrap spec (2 problems):\nusers[0].password: is empty; give a password\nhostname: is required; add it",
    );
    expect(error.problems).toHaveLength(2);
    expect(error.name).toBe("SpecValidationError");
  });

  it("says `1 problem` for one and prints a root problem without a path", () => {
    const error = new SpecValidationError([{ path: "", message: "must be a mapping" }]);
    expect(error.message).toBe("Invalid bootstrap spec (1 problem):\nmust be a mapping");
    expect(formatProblem({ path: "", message: "x" })).toBe("x");
  });
});

describe("joinPath", () => {
  it.each([
    ["", "hostname", "hostname"],
    ["network", "interfaces", "network.interfaces"],
    ["network.interfaces", 1, "network.interfaces[1]"],
    ["metadata", "bad key!", 'metadata["bad key!"]'],
  ] as const)("joins %j and %j into %s", (base, key, expected) => {
    expect(joinPath(base, key)).toBe(expected);
  });
});

describe("parsePropertyPath and pathSegments", () => {
  it("read back the keys and indexes of every path joinPath writes", () => {
    const key = fc.oneof(
      fc.nat({ max: 50 }),
      fc.string(),
      fc.constantFrom("a", "k-7", "$x", "0", "a.b", '"'),
    );
    fc.assert(
      fc.property(fc.array(key, { maxLength: 5 }), (keys) => {
        const path = keys.reduce<string>((base, k) => joinPath(base, k), "");
        // A path that starts with an index or a quoted key reads as written; one named first, without a dot.
        expect(parsePropertyPath(path)).toEqual(keys);
        expect(
          pathSegments(path)
            ?.map((s) => s.text)
            .join(""),
        ).toBe(path);
      }),
      { numRuns: 500, seed: 18 },
    );
  });

  it("gives each segment's text as the path writes it, also for a tail that starts with a dot", () => {
    expect(pathSegments('users[0].name["a b"]')).toEqual([
      { text: "users", key: "users" },
      { text: "[0]", key: 0 },
      { text: ".name", key: "name" },
      { text: '["a b"]', key: "a b" },
    ]);
    expect(pathSegments(".apt.sources")).toEqual([
      { text: ".apt", key: "apt" },
      { text: ".sources", key: "sources" },
    ]);
    expect(parsePropertyPath("")).toEqual([]);
  });

  it("says a text is no property path instead of throwing", () => {
    // A quoted key that is no JSON string: the segment has no key, the path no keys (it threw a SyntaxError).
    expect(pathSegments('metadata["\\q"].k')).toEqual([
      { text: "metadata", key: "metadata" },
      { text: '["\\q"]', key: undefined },
      { text: ".k", key: "k" },
    ]);
    expect(parsePropertyPath('metadata["\\q"]')).toBeUndefined();
    expect(parsePropertyPath("users[0]name")).toBeUndefined();
    expect(parsePropertyPath("a b")).toBeUndefined();
  });
});

describe("closestMatch", () => {
  it("suggests the closest key for a misspelling", () => {
    expect(closestMatch("hostnme", ["hostname", "domain", "users"])).toBe("hostname");
    expect(closestMatch("sshAuthorizedKey", ["sshAuthorizedKeys", "shell"])).toBe("sshAuthorizedKeys");
  });

  it("prefers the nearest name to one the word merely begins with", () => {
    expect(closestMatch("nameserver", ["name", "nameservers", "mtu"])).toBe("nameservers");
    expect(closestMatch("rootPasswordHashed", ["rootPassword", "rootPasswordHash"])).toBe("rootPasswordHash");
    expect(closestMatch("instanceIdPolicies", ["instanceId", "instanceIdPolicy"])).toBe("instanceIdPolicy");
    expect(closestMatch("package", ["packageRebootIfRequired", "packages"])).toBe("packages");
    expect(closestMatch("render-smaple", ["render", "render-sample", "validate"])).toBe("render-sample");
    // A word far from every name still gets the one it begins (or that begins it).
    expect(closestMatch("mac", ["macAddress", "mtu", "name"])).toBe("macAddress");
    expect(closestMatch("gateway", ["gateway4", "gateway6"])).toBe("gateway4");
  });

  it("suggests nothing for an unrelated word", () => {
    expect(closestMatch("unrelated", ["hostname", "domain"])).toBeUndefined();
  });

  it("measures edit distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
});
