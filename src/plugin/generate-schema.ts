/**
 * Generates the Pulumi package schema that other languages see (`pulumi package add`, GetSchema), from the
 * library's TypeScript source, with Pulumi's own nodejs analyzer
 * (`@pulumi/pulumi/provider/experimental/analyzer`, the one `run-plugin` uses), and completes it:
 *
 * - the analyzer is pointed at the library (`src/index.ts`) instead of its fallback, the demo program
 *   `index.ts` at the repository root (it resolves `package.json` `main` by replacing `.js` with `.ts`,
 *   and `dist/src/index.ts` does not exist: analyzer.js `findProgramEntryPoint`);
 * - every type gets the TSDoc of its declaration (the analyzer only keeps docs of types declared in files
 *   it read before the component, and `generateSchema` drops type descriptions: schema.js);
 * - numbers listed in `INTEGER_PROPERTIES` become `integer` (the analyzer only emits `number`);
 * - the `SeedIsoFile` custom resource the plugin manages is added (seed-iso-file-schema.ts);
 * - `UserSpec.sudo` (`string | string[]` in TypeScript) is the list form (one rule = a one-element list):
 *   the schema has no unions, and the analyzer refuses them;
 * - the spec's types (`BootstrapSpec` and every type under it) take Inputs at every level: the analyzer
 *   marks their fields `plain` (plain in TypeScript, where `bootstrapSpec()` types the nested Inputs), and a
 *   plain field is typed without Input in the generated SDKs (pulumi/pulumi pkg/codegen/schema/bind.go
 *   `bindTypeSpec`: `inputShape && !spec.Plain`), so a Go program could not give an Output to one; the
 *   component resolves them all (component/inputs.ts).
 * The result must describe every type and property; otherwise generation fails, naming what is missing.
 * The committed copy is `schema/pulumi-package.json`; a test checks it matches a fresh generation.
 * A development tool (TypeScript and the analyzer run here, never at run time).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import { generateSchema } from "@pulumi/pulumi/provider/experimental/schema";
import { packageRoot } from "../spec/package-root";
import { writeFileAtomic } from "../util/atomic-write";
import { seedIsoFileSchema } from "./seed-iso-file-schema";

/** Provider (package) name: the npm package name, as `run-plugin` derives it (run.js). */
export const PACKAGE_NAME = "bootstrapped-vm";
/** Where the committed schema lives, relative to the package root. */
export const PACKAGE_SCHEMA_FILE = join("schema", "pulumi-package.json");

/**
 * `Type.property` of every number in the API that is an integer. A number not listed fails generation,
 * so a new numeric property is a decision, not an accident.
 */
export const INTEGER_PROPERTIES: readonly string[] = [
  "UserSpec.uid",
  "PhoneHomeSpec.tries",
  "PowerStateSpec.timeout",
  "InterfaceSpec.mtu",
  "BondSpec.mtu",
  "BondSpec.miimon",
  "VlanSpec.mtu",
  "VlanSpec.id",
  "BridgeSpec.mtu",
  "BridgeSpec.forwardDelay",
  "RouteSpec.metric",
  "VsphereArgs.numCpus",
  "VsphereArgs.memory",
  "VsphereArgs.waitForGuestNetTimeout",
  "VsphereArgs.waitForGuestIpTimeout",
  "VsphereGuestinfoOptions.maxValueBytes",
  "VsphereNetworkInterface.bandwidthLimit",
  "VsphereNetworkInterface.bandwidthReservation",
  "VsphereNetworkInterface.bandwidthShareCount",
  "VsphereDisk.size",
  "VsphereDisk.unitNumber",
  "VsphereClone.timeout",
  "InstanceBlockDevice.bootIndex",
  "InstanceBlockDevice.volumeSize",
  "SeedImageArgs.fileMode",
  "ProxmoxArgs.vmId",
  "ProxmoxArgs.cores",
  "ProxmoxArgs.memory",
  "ProxmoxCloneArgs.vmId",
  "ProxmoxDiskArgs.size",
  "ProxmoxNetworkDeviceArgs.vlanId",
  "ProxmoxNetworkDeviceArgs.mtu",
];

/** Descriptions of types the API borrows from provider SDKs (their TSDoc is not under `src/`). */
const BORROWED_TYPE_DOCS: Readonly<Record<string, string>> = {
  InstanceBlockDevice:
    "A block device of the OpenStack instance, as `openstack.compute.Instance` takes it in `blockDevices` (the @pulumi/openstack type).",
};

/** A schema property as the analyzer emits it (only the fields this module reads or sets). */
interface SchemaProperty {
  type?: string;
  description?: string;
  items?: SchemaProperty;
  additionalProperties?: SchemaProperty;
  [key: string]: unknown;
}
interface AnalyzerContext {
  typeName?: string;
  property?: string;
}
type AnalyzeType = (
  context: AnalyzerContext,
  type: ts.Type,
  location: ts.Node,
  optional?: boolean,
  docString?: string,
) => SchemaProperty;

/** The analyzer's type walk, with integers and the `sudo` list form (see the file comment). */
function completeAnalyzer(analyzer: Analyzer, used: Set<string>): void {
  const internals = analyzer as unknown as { analyzeType: AnalyzeType };
  const analyzeType = internals.analyzeType.bind(analyzer);
  internals.analyzeType = (context, type, location, optional = false, docString) => {
    const key = `${context.typeName}.${context.property}`;
    if (key === "UserSpec.sudo" && type.isUnion()) {
      const prop: SchemaProperty = { type: "array", items: { type: "string" } };
      if (optional) prop.optional = true;
      prop.description = `${docString ?? "sudoers rules."} Outside TypeScript: always a list (one rule is a one-element list).`;
      return prop;
    }
    const prop = analyzeType(context, type, location, optional, docString);
    if (INTEGER_PROPERTIES.includes(key) && prop.type === "number") {
      used.add(key);
      return { ...prop, type: "integer" };
    }
    return prop;
  };
}

/** The type the spec's inputs start from (see the file comment). */
const SPEC_TYPE = `${PACKAGE_NAME}:index:BootstrapSpec`;

/** Drops `plain` from the properties of `token` and of every type they reach, at any depth (see the file comment). */
function takeInputs(
  types: Record<string, { properties?: Record<string, SchemaProperty> }>,
  token: string,
): void {
  const done = new Set<string>();
  const visit = (name: string): void => {
    if (done.has(name)) return;
    done.add(name);
    const walk = (prop: SchemaProperty | undefined): void => {
      if (prop === undefined) return;
      delete prop.plain;
      const ref = typeof prop.$ref === "string" ? prop.$ref : "";
      if (ref.startsWith("#/types/")) visit(ref.slice("#/types/".length));
      walk(prop.items);
      walk(prop.additionalProperties);
    };
    for (const prop of Object.values(types[name]?.properties ?? {})) walk(prop);
  };
  visit(token);
}

/** TSDoc of every exported interface, enum, type alias and const under `src/`, by name. */
function declarationDocs(root: string): Map<string, string> {
  const docs = new Map<string, string>();
  const config = ts.readConfigFile(join(root, "tsconfig.build.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  for (const file of parsed.fileNames) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      const named =
        ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node) || ts.isTypeAliasDeclaration(node)
          ? node.name.text
          : ts.isVariableStatement(node)
            ? node.declarationList.declarations[0]?.name.getText(source)
            : undefined;
      const jsDoc = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
      const text = jsDoc
        ?.map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
        .join("\n")
        .trim();
      if (named && text && !docs.has(named)) docs.set(named, text);
    });
  }
  return docs;
}

/** Every property of `props` (and nested items) has a description; collects the paths that do not. */
function undescribed(where: string, props: Record<string, SchemaProperty> | undefined, out: string[]): void {
  for (const [name, prop] of Object.entries(props ?? {})) {
    if (!prop.description) out.push(`${where}.${name}`);
  }
}

/** Returns the package schema (see the file comment); throws naming every undescribed type or property. */
export function generatePackageSchema(root: string = packageRoot()): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    version: string;
    description: string;
  };
  const analyzer = new Analyzer(
    root,
    PACKAGE_NAME,
    { name: PACKAGE_NAME, main: "src/index.js" },
    new Set(["BootstrappedVm"]),
  );
  const used = new Set<string>();
  completeAnalyzer(analyzer, used);
  const { components, typeDefinitions, dependencies } = analyzer.analyze();
  const schema = generateSchema(
    PACKAGE_NAME,
    pkg.version,
    pkg.description,
    components,
    typeDefinitions,
    dependencies,
  );
  const seedIsoFile = seedIsoFileSchema();
  Object.assign(schema.resources as Record<string, object>, { [seedIsoFile.token]: seedIsoFile.resource });
  Object.assign(schema.types as Record<string, object>, seedIsoFile.types);
  const docs = declarationDocs(root);
  const missing: string[] = [];
  const types = schema.types as Record<
    string,
    { description?: string; properties?: Record<string, SchemaProperty> }
  >;
  takeInputs(types, SPEC_TYPE);
  for (const [token, type] of Object.entries(types)) {
    const name = token.split(":")[2] ?? token;
    const doc = docs.get(name) ?? BORROWED_TYPE_DOCS[name];
    if (doc) type.description = doc;
    if (!type.description) missing.push(name);
    undescribed(name, type.properties, missing);
  }
  const resources = schema.resources as Record<
    string,
    {
      description?: string;
      inputProperties?: Record<string, SchemaProperty>;
      properties?: Record<string, SchemaProperty>;
    }
  >;
  for (const [token, resource] of Object.entries(resources)) {
    if (!resource.description) missing.push(token);
    undescribed(`${token} input`, resource.inputProperties, missing);
    undescribed(`${token} output`, resource.properties, missing);
  }
  const unused = INTEGER_PROPERTIES.filter((key) => !used.has(key));
  const numbers = JSON.stringify(schema).match(/"type":"number"/g);
  const problems = [
    ...(missing.length
      ? [`no TSDoc description for: ${missing.join(", ")}; fix: add a /** ... */ comment`]
      : []),
    ...(unused.length
      ? [`INTEGER_PROPERTIES lists unknown or non-number properties: ${unused.join(", ")}`]
      : []),
    ...(numbers
      ? [`${numbers.length} number properties are not in INTEGER_PROPERTIES; fix: list the integers there`]
      : []),
  ];
  if (problems.length) throw new Error(`package schema: ${problems.join("; ")}`);
  return schema as unknown as Record<string, unknown>;
}

/** The committed schema text (`schema/pulumi-package.json`) for `schema`: stable, 2-space JSON. */
export function formatPackageSchema(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  const root = packageRoot();
  writeFileAtomic(join(root, PACKAGE_SCHEMA_FILE), formatPackageSchema(generatePackageSchema(root)));
}
