import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The path of the compiled `dist/<path>` (e.g. `src/render/password.js`), for a test that runs the built
 * code in a process of its own. Throws, with the fix, when it is not built (`npm test` builds first).
 */
export function builtModule(path: string): string {
  const built = join(resolve(__dirname, "..", ".."), "dist", path);
  if (!existsSync(built))
    throw new Error(`dist/${path} is missing; fix: npm run build (npm test builds first)`);
  return built;
}
