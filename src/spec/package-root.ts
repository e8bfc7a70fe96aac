import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The directory of this package's `package.json`, found by walking up from this file. Works from
 * `src/` (ts-jest) and from `dist/src/` (the built package) alike.
 */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string };
      if (pkg.name === "bootstrapped-vm") return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the bootstrapped-vm package root above ${__dirname}`);
    dir = parent;
  }
}
