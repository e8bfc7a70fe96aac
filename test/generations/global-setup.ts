/**
 * Builds (or finds cached) the four cloud-init chroots, and the four with netplan (netplan.test.ts), once per
 * run, before any generation test.
 */
import { ensureChroots, GENERATIONS } from "../helpers/chroots";

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const times = await ensureChroots(GENERATIONS, undefined, ["plain", "netplan"]);
  const built = Object.entries(times)
    .map(([name, ms]) => `${name} ${ms === 0 ? "cached" : `${(ms / 1000).toFixed(0)} s`}`)
    .join(", ");
  process.stderr.write(
    `\ncloud-init chroots ready in ${((Date.now() - started) / 1000).toFixed(0)} s (${built})\n`,
  );
}
