import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  PACKAGE_SCHEMA_FILE,
  formatPackageSchema,
  generatePackageSchema,
} from "../../src/plugin/generate-schema";

/**
 * The package schema is the API every other language sees (`pulumi package add` generates their SDKs and
 * docs from it). The committed `schema/pulumi-package.json` is the golden copy: a change of the component's
 * args or outputs changes it, so an API break for Python/Go/.NET/YAML users shows in review.
 * Regenerate with `npm run schema`.
 */
const root = resolve(__dirname, "../..");
type Prop = {
  type?: string;
  description?: string;
  items?: Prop;
  additionalProperties?: Prop;
  $ref?: string;
  plain?: boolean;
};
type Schema = {
  resources: Record<string, { description?: string; inputProperties: Record<string, Prop> }>;
  types: Record<string, { description?: string; properties?: Record<string, Prop> }>;
};

describe("the Pulumi package schema", () => {
  let generated: Schema;
  beforeAll(() => {
    generated = generatePackageSchema(root) as unknown as Schema;
  }, 180_000);

  it("matches the committed golden file schema/pulumi-package.json", () => {
    const committed = readFileSync(join(root, PACKAGE_SCHEMA_FILE), "utf8");
    expect(formatPackageSchema(generated as unknown as Record<string, unknown>)).toBe(committed);
  });

  it("is inferred from the library, not from the demo program at the repository root", () => {
    const vm = generated.resources["bootstrapped-vm:index:BootstrappedVm"];
    expect(vm?.description).toMatch(/platform-neutral/i);
    expect(Object.keys(vm?.inputProperties ?? {})).toEqual(
      expect.arrayContaining(["bootstrap", "onChange", "vsphere", "openstack", "seedImage", "proxmox"]),
    );
  });

  it("describes every type and every property", () => {
    const missing: string[] = [];
    for (const [token, type] of Object.entries(generated.types)) {
      if (!type.description) missing.push(token);
      for (const [name, prop] of Object.entries(type.properties ?? {})) {
        if (!prop.description) missing.push(`${token}.${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(Object.keys(generated.types).length).toBeGreaterThanOrEqual(35);
  });

  it("types whole numbers as integer and has no plain number left", () => {
    const types = generated.types;
    expect(types["bootstrapped-vm:index:ProxmoxArgs"]?.properties?.cores?.type).toBe("integer");
    expect(types["bootstrapped-vm:index:InterfaceSpec"]?.properties?.mtu?.type).toBe("integer");
    expect(types["bootstrapped-vm:index:SeedImageArgs"]?.properties?.fileMode?.type).toBe("integer");
    expect(JSON.stringify(generated)).not.toContain('"type":"number"');
  });

  it("gives UserSpec.sudo the list form, since a schema has no string-or-list union", () => {
    expect(generated.types["bootstrapped-vm:index:UserSpec"]?.properties?.sudo).toMatchObject({
      type: "array",
      items: { type: "string" },
    });
  });

  it("takes Inputs at every level of the spec (Outputs in nested fields), as the component resolves them", () => {
    // A `plain` property is typed without Input in the generated SDKs (pkg/codegen/schema bind.go
    // `bindTypeSpec`: `inputShape && !spec.Plain`): a Go program could not give `pulumi.String` or another
    // resource's address to `bootstrap.network.interfaces[0].addresses`.
    const plain: string[] = [];
    const seen = new Set<string>();
    const visit = (token: string) => {
      if (seen.has(token)) return;
      seen.add(token);
      const walk = (where: string, prop: Prop | undefined) => {
        if (prop === undefined) return;
        if (prop.plain) plain.push(where);
        if (prop.$ref?.startsWith("#/types/")) visit(prop.$ref.slice("#/types/".length));
        walk(`${where}[]`, prop.items);
        walk(`${where}{}`, prop.additionalProperties);
      };
      for (const [name, prop] of Object.entries(generated.types[token]?.properties ?? {})) {
        walk(`${token.split(":")[2]}.${name}`, prop);
      }
    };
    visit("bootstrapped-vm:index:BootstrapSpec");
    expect(seen.size).toBeGreaterThanOrEqual(15);
    expect(plain).toEqual([]);
  });
});
