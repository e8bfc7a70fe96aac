/**
 * Provider SDKs a platform needs are optional peer dependencies (`peerDependenciesMeta` in package.json): a
 * vSphere or seed-image user installs no OpenStack SDK. A platform imports its SDK's types only
 * (`import type`, erased at build time) and loads the SDK itself when it deploys, through this function,
 * so loading the library never requires a peer the user did not install.
 *
 * Type-checking never requires one either. A type import of a peer in a module whose declarations are
 * published is preceded by the one-line comment `/** @ts-ignore optional peer (src/platforms/optional-peer.ts) *\/`:
 * tsc keeps JSDoc comments in the .d.ts it emits, and TypeScript honours `@ts-ignore` on the last line of
 * a block comment. In a user's type check with `skipLibCheck` off (the default, and Pulumi's TypeScript
 * template), the peer's types are then the real ones where it is installed and `any` where it is not,
 * instead of TS2307 "Cannot find module" in our .d.ts (test/package/installed-example.test.ts).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { packageRoot } from "../spec/package-root";

const requireFromHere = createRequire(__filename);

/** Loads an optional peer SDK, or throws an error that names the platform, the package and the install command. */
export function loadOptionalPeer<T>(packageName: string, platformKey: string): T {
  try {
    return requireFromHere(packageName) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw e;
    const range = peerRange(packageName);
    throw new Error(
      `The \`${platformKey}\` platform needs the package ${packageName}${range ? ` (${range})` : ""}, which is not installed; ` +
        `install it next to bootstrapped-vm: npm install ${packageName}${range ? `@"${range}"` : ""}`,
    );
  }
}

function peerRange(packageName: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as {
      peerDependencies?: Record<string, string>;
    };
    return pkg.peerDependencies?.[packageName];
  } catch {
    return undefined;
  }
}
