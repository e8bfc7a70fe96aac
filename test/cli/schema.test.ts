import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, requireBuiltCli, runCli } from "./cli-harness";

beforeAll(() => requireBuiltCli());

describe("bootstrapped-vm schema", () => {
  it("prints exactly the committed JSON Schema file", () => {
    const r = runCli(["schema"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, "schema", "bootstrap-spec.schema.json"), "utf8"));
  });

  it("prints a JSON Schema that describes BootstrapSpec with its hostname property", () => {
    const schema = JSON.parse(runCli(["schema"]).stdout) as {
      definitions: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
    };
    expect(schema.definitions.BootstrapSpec?.properties).toHaveProperty("hostname");
    expect(schema.definitions.BootstrapSpec?.required).toContain("hostname");
  });
});
