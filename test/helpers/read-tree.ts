import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Every file below `dir` as text, keyed by its path relative to `dir` (what `net-convert` wrote). */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(path.slice(dir.length + 1), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return files;
}
