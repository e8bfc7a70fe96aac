/** Builds (or finds cached) the four cloud-init chroots once per run, before any generation test. */
import { ensureChroots, GENERATIONS } from "../helpers/chroots";

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const times = await ensureChroots(GENERATIONS);
  const built = Object.entries(times)
    .map(([suite, ms]) => `${suite} ${ms === 0 ? "cached" : `${(ms / 1000).toFixed(0)} s`}`)
    .join(", ");
  process.stderr.write(
    `\ncloud-init chroots ready in ${((Date.now() - started) / 1000).toFixed(0)} s (${built})\n`,
  );
}
