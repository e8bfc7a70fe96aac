/**
 * Golden files beside the render tests (`test/render/golden/`), compared byte for byte.
 * `UPDATE_GOLDEN=1 npx jest test/render` rewrites them; review the diff before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const GOLDEN_DIR = join(__dirname, "golden");

/** Asserts that `actual` equals the golden file `name` exactly (or writes it under UPDATE_GOLDEN=1). */
export function expectGolden(name: string, actual: string | Buffer): void {
  const path = join(GOLDEN_DIR, name);
  const bytes = Buffer.isBuffer(actual) ? actual : Buffer.from(actual, "utf8");
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing; create it with UPDATE_GOLDEN=1`);
  expect(bytes.toString("utf8")).toBe(readFileSync(path).toString("utf8"));
  expect(bytes.equals(readFileSync(path))).toBe(true);
}
