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
    expect(editDistance("hostanme", "hostname")).toBe(1);
  });

  /** Optimal string alignment distance by its textbook recurrence over the whole table (the reference). */
  function osa(a: string, b: string): number {
    const d: number[][] = [];
    for (let i = 0; i <= a.length; i++) {
      d.push([]);
      for (let j = 0; j <= b.length; j++) {
        if (i === 0 || j === 0) {
          d[i]![j] = i + j;
          continue;
        }
        let v = Math.min(
          d[i - 1]![j]! + 1,
          d[i]![j - 1]! + 1,
          d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          v = Math.min(v, d[i - 2]![j - 2]! + 1);
        d[i]![j] = v;
      }
    }
    return d[a.length]![b.length]!;
  }

  const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "d"), maxLength: 12 });

  it("gives the reference's distance, or atMost + 1 when it is further (property)", () => {
    fc.assert(
      fc.property(word, word, fc.nat({ max: 8 }), (a, b, atMost) => {
        const exact = osa(a, b);
        expect(editDistance(a, b)).toBe(exact);
        expect(editDistance(a, b, atMost)).toBe(Math.min(exact, atMost + 1));
      }),
      { numRuns: 2000 },
    );
  });

  it("suggests what the whole distance table would: the first nearest name within a third (property)", () => {
    const bare = (n: string) => n.toLowerCase().replace(/[-_ ]/g, "");
    /** closestMatch's rule, each distance worked out in full by the reference. */
    const reference = (w: string, candidates: string[]): string | undefined => {
      const sorted = [...candidates].sort();
      const same = sorted.find((c) => bare(c) === bare(w));
      if (same !== undefined) return same;
      let best: string | undefined;
      let bestDistance = Infinity;
      for (const c of sorted) {
        const dist = osa(bare(w), bare(c));
        if (dist < bestDistance) [best, bestDistance] = [c, dist];
      }
      if (
        best !== undefined &&
        bestDistance <= Math.max(1, Math.floor(Math.max(bare(w).length, bare(best).length) / 3))
      )
        return best;
      return sorted.find((c) => {
        const [x, y] = [bare(w), bare(c)];
        return Math.min(x.length, y.length) >= 3 && (y.startsWith(x) || x.startsWith(y));
      });
    };
    const name = fc.string({ unit: fc.constantFrom("a", "b", "c", "A", "_"), maxLength: 10 });
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 8 }), (w, candidates) => {
        expect(closestMatch(w, candidates)).toBe(reference(w, candidates));
      }),
      { numRuns: 3000 },
    );
  });
});
