import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";

/**
 * `pulumi package add` infers the component's schema with Pulumi's nodejs analyzer; run it on the
 * component's entry point so a union, callback or `unknown` in the args fails here, not for users.
 */
describe("BootstrappedVm schema inference", () => {
  it("infers a schema for the component's args and outputs", () => {
    const dir = mkdtempSync(join(tmpdir(), "bvm-schema-"));
    try {
      const entry = resolve(__dirname, "../../src/component");
      writeFileSync(join(dir, "index.ts"), `export { BootstrappedVm } from ${JSON.stringify(entry)};\n`);
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module: "commonjs",
            strict: true,
            skipLibCheck: true,
            types: [],
          },
          files: ["index.ts"],
        }),
      );
      const pkg = { name: "bootstrapped-vm", main: "index.js" };
      const result = new Analyzer(dir, "bootstrapped-vm", pkg, new Set(["BootstrappedVm"])).analyze();
      const component = result.components.BootstrappedVm;
      expect(Object.keys(component?.inputs ?? {}).slice(0, 2)).toEqual(["bootstrap", "onChange"]);
      expect(component?.inputs.vsphere).toMatchObject({ optional: true });
      expect(Object.keys(component?.outputs ?? {}).sort()).toEqual(
        [
          "contentHash",
          "deliveredTo",
          "instanceId",
          "ipAddresses",
          "metaData",
          "networkConfig",
          "userData",
        ].sort(),
      );
      expect(result.typeDefinitions.VsphereTransport?.enum?.map((e) => e.value)).toEqual([
        "guestinfo",
        "vapp",
        "nocloudIso",
      ]);
      expect(result.typeDefinitions.OnChange?.enum?.map((e) => e.value)).toEqual(["rerun", "replace"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
