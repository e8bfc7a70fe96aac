/**
 * Loads `build-image.ts` (or its compiled `.js`) by absolute path inside the dynamic provider's process.
 *
 * Pulumi evaluates a dynamic provider from its serialized closure in a separate process. Local modules
 * captured by value lose `Date` objects and class field initializers (the ISO writer uses both), and a
 * relative `import()` inside a method would resolve against that process's working directory. So the
 * deployment process records the builder's absolute path here (a string survives serialization) and the
 * provider `require`s it from there. From compiled JavaScript (an installed package, `dist/`) that is a
 * plain `require`; when the program runs from TypeScript sources (this repository's root program under
 * Pulumi's ts-node, jest), `.ts` files are transpiled with the `typescript` package found at deployment.
 */
import type * as BuildImage from "./build-image";

/** Absolute path of the image builder module, resolved in the deployment process. */
export const IMAGE_BUILDER_MODULE: string = require.resolve("./build-image");

/** Absolute path of the TypeScript compiler, needed only when the builder is a `.ts` source. */
export const TYPESCRIPT_MODULE: string = IMAGE_BUILDER_MODULE.endsWith(".ts")
  ? require.resolve("typescript")
  : "";

/** The image builder, loaded with Node's own `require` (never a test runner's module registry). */
export async function loadImageBuilder(): Promise<typeof BuildImage> {
  const { createRequire } = await import("node:module");
  const load = createRequire(IMAGE_BUILDER_MODULE);
  if (IMAGE_BUILDER_MODULE.endsWith(".ts") && !load.extensions[".ts"]) {
    const ts = load(TYPESCRIPT_MODULE) as typeof import("typescript");
    const { readFileSync } = await import("node:fs");
    load.extensions[".ts"] = (module, filename) => {
      const output = ts.transpileModule(readFileSync(filename, "utf8"), {
        fileName: filename,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
          sourceMap: false,
        },
      }).outputText;
      (module as unknown as { _compile(code: string, file: string): void })._compile(output, filename);
    };
  }
  return load(IMAGE_BUILDER_MODULE) as typeof BuildImage;
}
