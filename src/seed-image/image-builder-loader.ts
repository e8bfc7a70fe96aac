/**
 * Loads the ISO writer (`build-image.ts`) inside the dynamic provider's process by the package's public
 * entry point `bootstrapped-vm/seed-image-builder` (package.json `exports`), resolved from that process's
 * working directory.
 *
 * Pulumi evaluates a dynamic provider from its serialized closure in a separate process, started by the
 * nodejs language host in the program's project directory, where the program's node_modules are. Local
 * modules captured by value lose `Date` objects and class field initializers (the ISO writer uses both),
 * so the writer is `require`d instead. By package name, not by file path: the closure is stored in the
 * stack's state and used again by `pulumi destroy`/`refresh`, possibly after an upgrade of the package;
 * a public entry point stays where it is when internal files move. (Inside this repository the name
 * resolves to the package itself, `dist/` — Node's package self-reference — so `npm run build` first.)
 */
import type * as BuildImage from "./build-image";

/** The public entry point of the ISO writer (package.json `exports`); the serialized closure holds this. */
export const SEED_IMAGE_BUILDER_ENTRY = "bootstrapped-vm/seed-image-builder";

/** The image builder, loaded with Node's own `require` from the working directory's node_modules. */
export async function loadImageBuilder(): Promise<typeof BuildImage> {
  const { createRequire } = await import("node:module");
  const { join } = await import("node:path");
  const cwd = process.cwd();
  const load = createRequire(join(cwd, "[bootstrapped-vm seed ISO provider]"));
  try {
    return load(SEED_IMAGE_BUILDER_ENTRY) as typeof BuildImage;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "MODULE_NOT_FOUND" && code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw err;
    throw new Error(
      `the seed ISO provider cannot load ${SEED_IMAGE_BUILDER_ENTRY} from ${cwd} (${code}); ` +
        "fix: install bootstrapped-vm in the Pulumi project (npm install bootstrapped-vm) and run pulumi there",
    );
  }
}
