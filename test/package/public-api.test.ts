/**
 * The package's entry point (src/index.ts) as a user sees it: every name it exports is documented (README.md
 * "Library API" or a page under docs/), and the per-format network renderers it exports can be called with
 * what it exports (they take resolved interfaces and devices, not the spec).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import * as api from "../../src/index";

const ROOT = join(__dirname, "..", "..");

/** The names src/index.ts exports by name (`export { a, b }`, `export type { C }`), not `export *`. */
function namedExports(): string[] {
  const file = join(ROOT, "src", "index.ts");
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  return source.statements.flatMap((s) =>
    ts.isExportDeclaration(s) && s.exportClause !== undefined && ts.isNamedExports(s.exportClause)
      ? s.exportClause.elements.map((e) => e.name.text)
      : [],
  );
}

const docs = [
  readFileSync(join(ROOT, "README.md"), "utf8"),
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => readFileSync(join(ROOT, "docs", f), "utf8")),
].join("\n");

describe("the package entry point", () => {
  const names = namedExports();

  it("has names to check", () => {
    expect(names).toEqual(expect.arrayContaining(["BootstrappedVm", "createFleet", "renderAll"]));
  });

  it.each(names)("documents %s", (name) => {
    expect(docs).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it("exports what the per-format network renderers take, so they give what renderNetworkConfigs gives", () => {
    const spec: api.BootstrapSpec = {
      hostname: "web-01",
      dns: { nameservers: ["192.0.2.53"] },
      network: {
        interfaces: [
          {
            name: "eth0",
            macAddress: "52:54:00:00:b0:01",
            addresses: ["192.0.2.10/24"],
            gateway4: "192.0.2.1",
          },
        ],
        vlans: [{ id: 30, link: "eth0", addresses: ["10.30.0.20/24"] }],
      },
    };
    const interfaces: api.ResolvedInterface[] = api.resolveInterfaces(spec);
    const devices: api.NetworkDevices = api.resolveNetworkDevices(spec.network);
    const configs = api.renderNetworkConfigs(spec);
    expect(api.renderNetworkV1(interfaces, spec.dns, devices)).toEqual(configs?.v1);
    expect(api.renderNetworkV2(interfaces, spec.dns, undefined, devices)).toEqual(configs?.v2);
    expect(JSON.stringify(api.renderNetworkDataJson(interfaces, spec.dns, devices))).toContain(
      '"vlan_id":30',
    );
  });

  it("exports the parsed pool type allocateFromPool takes", () => {
    const { parsed, problems } = api.parsePool({ cidr: "10.20.0.0/29", gateway: "10.20.0.1" });
    expect(problems).toEqual([]);
    const pool: api.ParsedPool = parsed as api.ParsedPool;
    expect(api.allocateFromPool(pool, 3, new Set(["10.20.0.3"])).addresses).toEqual([
      "10.20.0.2/29",
      "10.20.0.4/29",
      "10.20.0.5/29",
    ]);
  });
});
